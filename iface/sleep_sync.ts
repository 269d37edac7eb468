/**
 * A synchronous sleep that creates no timer. In Deno 2.9 the global `setTimeout` is `node:timers`, loaded on first
 * access (~5 ms per process, bench/README.md), and every CNI call is a process; `Atomics.wait` on a private
 * `SharedArrayBuffer` costs nothing to start and blocks only the calling thread.
 * @module
 */

let cell: Int32Array | undefined;

/**
 * Blocks the calling thread for `ms` milliseconds (nothing for zero or less). Safe inside `withNetns`; pending async
 * ops keep running on their own threads, their callbacks wait until it returns.
 */
export function sleepSync(ms: number): void {
  if (!(ms > 0)) return;
  cell ??= new Int32Array(new SharedArrayBuffer(4));
  // Nobody else holds `cell`, so no notify can come: this always times out after `ms`.
  Atomics.wait(cell, 0, 0, ms);
}
