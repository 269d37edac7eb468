import assert from "node:assert/strict";
import { errnoFromName, errnoMessage, errnoName, hasErrno, isExists, isNotFound } from "./errno.ts";
import { SyscallError } from "./syscall_error.ts";
import { check, libc } from "./libc.ts";

Deno.test("errnoName() names known errnos and falls back to E<number>", () => {
  assert.deepEqual(errnoName(17), "EEXIST");
  assert.deepEqual(errnoName(19), "ENODEV");
  assert.deepEqual(errnoName(4095), "E4095");
  assert.deepEqual(errnoMessage(17), "File exists");
  assert.deepEqual(errnoFromName("EOPNOTSUPP"), 95);
});

Deno.test("isNotFound() and isExists() read the errno of any error carrying one", () => {
  assert(isNotFound(new SyscallError("open", 2)));
  assert(isNotFound({ errno: 19 }));
  assert(!isNotFound(new SyscallError("open", 17)));
  assert(!isNotFound(new Error("plain")));
  assert(isExists(new SyscallError("mkdir", 17)));
  assert(hasErrno({ errno: 16 }, "EBUSY"));
});

Deno.test("check() turns -1 into SyscallError with the errno read at once", () => {
  try {
    check("close", libc.close(-1));
    assert(false, "close(-1) succeeded");
  } catch (err) {
    assert(err instanceof SyscallError);
    assert.deepEqual(err.errnoName, "EBADF");
    assert.deepEqual(err.message, "Cannot close: Bad file descriptor (EBADF)");
  }
  assert.deepEqual(check("getpid", libc.getpid()), Deno.pid);
});
