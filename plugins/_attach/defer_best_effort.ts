/**
 * Undo steps registered during ADD run only when ADD fails, and then the ADD's own error is the one to report:
 * an undo that fails too is swallowed (DEL retries the cleanup).
 * @module
 */

/** Registers `fn` on `undo` so that it runs in reverse order on dispose and never throws. */
export function deferBestEffort(undo: AsyncDisposableStack, fn: () => unknown): void {
  undo.defer(async () => {
    try {
      await fn();
    } catch {
      // Undo during a failed ADD: the ADD's own error is the one to report; DEL retries the cleanup.
    }
  });
}
