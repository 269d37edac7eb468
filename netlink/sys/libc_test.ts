import assert from "node:assert/strict";
import { check, libc } from "./libc.ts";
import { SyscallError } from "./syscall_error.ts";

Deno.test("libc's rarely used symbols open on first use and report errno like the others", () => {
  // getsockopt is in the second table, opened lazily before the call, so its errno is still the call's own.
  const value = new Uint8Array(4);
  const length = new Uint32Array([4]);
  assert.throws(
    () => check("getsockopt", libc.getsockopt(-1, 1, 1, value, new Uint8Array(length.buffer))),
    (err) => err instanceof SyscallError && err.errnoName === "EBADF",
  );
  assert.equal(libc.getpid(), Deno.pid);
});
