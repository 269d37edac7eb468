/**
 * Syscalls used by netlink and its callers: errno names, SyscallError, network namespace handles.
 * @module
 */
export {
  Errno,
  errnoFromName,
  errnoMessage,
  errnoName,
  type HasErrno,
  hasErrno,
  isExists,
  isNotFound,
  isNotSupported,
} from "./errno.ts";
export { SyscallError, type SyscallErrorOptions } from "./syscall_error.ts";
export {
  createNamedNetns,
  deleteNamedNetns,
  Netns,
  NETNS_RUN_DIR,
  netnsExists,
  type NotPromise,
  withNetns,
} from "./netns.ts";
export { check, cstr, errno, libc } from "./libc.ts";
