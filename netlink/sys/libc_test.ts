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

// The symbols are declared with one-field struct results (no fast-call trampolines); each kind of scalar must come
// back as the plain value a scalar declaration gives: i32 (socket, close), isize (sendto, recvfrom), pointer (errno).
Deno.test("libc results come back as plain scalars: descriptors, byte counts, -1 with errno", () => {
  const AF_UNIX = 1, SOCK_DGRAM = 2, SOCK_CLOEXEC = 0o2000000;
  const fd = check("socket", libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  try {
    assert.equal(typeof fd, "number");
    assert.ok(fd > 2);
    // An unbound, unconnected datagram socket: sendto without an address fails with ENOTCONN or EDESTADDRREQ.
    const sent = libc.sendto(fd, new Uint8Array(1), 1n, 0, null, 0);
    assert.equal(sent, -1);
    assert.throws(() => check("sendto", sent), (err) => err instanceof SyscallError && err.errno > 0);
    // Nothing queued: a non-blocking read (MSG_DONTWAIT) answers -1 with EAGAIN, as an isize.
    const MSG_DONTWAIT = 0x40;
    const got = libc.recvfrom(fd, new Uint8Array(8), 8n, MSG_DONTWAIT, null, null);
    assert.equal(got, -1);
    assert.throws(() => check("recvfrom", got), (err) => err instanceof SyscallError && err.errnoName === "EAGAIN");
  } finally {
    assert.equal(libc.close(fd), 0);
  }
  assert.equal(libc.close(fd), -1);
  assert.notEqual(libc.__errno_location(), null);
});
