/**
 * Linux errno numbers and their names, plus the predicates callers use instead of comparing numbers.
 * @module
 */

/** One errno: its number, kernel name and the C library's message. */
interface ErrnoEntry {
  readonly name: string;
  readonly message: string;
}

/** Linux x86_64/aarch64 errno table (asm-generic/errno-base.h and errno.h), the subset netlink and namespaces see. */
const TABLE: ReadonlyMap<number, ErrnoEntry> = new Map([
  [1, { name: "EPERM", message: "Operation not permitted" }],
  [2, { name: "ENOENT", message: "No such file or directory" }],
  [3, { name: "ESRCH", message: "No such process" }],
  [4, { name: "EINTR", message: "Interrupted system call" }],
  [5, { name: "EIO", message: "Input/output error" }],
  [6, { name: "ENXIO", message: "No such device or address" }],
  [7, { name: "E2BIG", message: "Argument list too long" }],
  [9, { name: "EBADF", message: "Bad file descriptor" }],
  [11, { name: "EAGAIN", message: "Resource temporarily unavailable" }],
  [12, { name: "ENOMEM", message: "Cannot allocate memory" }],
  [13, { name: "EACCES", message: "Permission denied" }],
  [14, { name: "EFAULT", message: "Bad address" }],
  [16, { name: "EBUSY", message: "Device or resource busy" }],
  [17, { name: "EEXIST", message: "File exists" }],
  [18, { name: "EXDEV", message: "Invalid cross-device link" }],
  [19, { name: "ENODEV", message: "No such device" }],
  [20, { name: "ENOTDIR", message: "Not a directory" }],
  [21, { name: "EISDIR", message: "Is a directory" }],
  [22, { name: "EINVAL", message: "Invalid argument" }],
  [23, { name: "ENFILE", message: "Too many open files in system" }],
  [24, { name: "EMFILE", message: "Too many open files" }],
  [25, { name: "ENOTTY", message: "Inappropriate ioctl for device" }],
  [28, { name: "ENOSPC", message: "No space left on device" }],
  [34, { name: "ERANGE", message: "Numerical result out of range" }],
  [36, { name: "ENAMETOOLONG", message: "File name too long" }],
  [38, { name: "ENOSYS", message: "Function not implemented" }],
  [39, { name: "ENOTEMPTY", message: "Directory not empty" }],
  [61, { name: "ENODATA", message: "No data available" }],
  [71, { name: "EPROTO", message: "Protocol error" }],
  [74, { name: "EBADMSG", message: "Bad message" }],
  [75, { name: "EOVERFLOW", message: "Value too large for defined data type" }],
  [90, { name: "EMSGSIZE", message: "Message too long" }],
  [93, { name: "EPROTONOSUPPORT", message: "Protocol not supported" }],
  [95, { name: "EOPNOTSUPP", message: "Operation not supported" }],
  [97, { name: "EAFNOSUPPORT", message: "Address family not supported by protocol" }],
  [98, { name: "EADDRINUSE", message: "Address already in use" }],
  [99, { name: "EADDRNOTAVAIL", message: "Cannot assign requested address" }],
  [100, { name: "ENETDOWN", message: "Network is down" }],
  [101, { name: "ENETUNREACH", message: "Network is unreachable" }],
  [105, { name: "ENOBUFS", message: "No buffer space available" }],
  [110, { name: "ETIMEDOUT", message: "Connection timed out" }],
  [113, { name: "EHOSTUNREACH", message: "No route to host" }],
  [114, { name: "EALREADY", message: "Operation already in progress" }],
  [115, { name: "EINPROGRESS", message: "Operation now in progress" }],
  [524, { name: "ENOTSUPP", message: "Operation is not supported" }],
]);

const BY_NAME: ReadonlyMap<string, number> = new Map([...TABLE].map(([n, e]) => [e.name, n]));

/** Errno numbers by kernel name, for the few that callers compare against. */
export const Errno = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EAGAIN: 11,
  EBUSY: 16,
  EEXIST: 17,
  ENODEV: 19,
  EINVAL: 22,
  ENODATA: 61,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
  EADDRNOTAVAIL: 99,
  ENOBUFS: 105,
  ENOTSUPP: 524,
} as const;

/** Returns the kernel name of `errno` ("EEXIST"), or `"E<number>"` when unknown. */
export function errnoName(errno: number): string {
  return TABLE.get(errno)?.name ?? `E${errno}`;
}

/** Returns the C library's message for `errno` ("File exists"), or `"errno <number>"` when unknown. */
export function errnoMessage(errno: number): string {
  return TABLE.get(errno)?.message ?? `errno ${errno}`;
}

/** Returns the number of the errno called `name`, or undefined when the name is unknown. */
export function errnoFromName(name: string): number | undefined {
  return BY_NAME.get(name);
}

/** Anything carrying an errno: `SyscallError` and `NetlinkError` both fit. */
export interface HasErrno {
  readonly errno: number;
}

function errnoOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("errno" in err)) return undefined;
  const value = (err as { errno: unknown }).errno;
  return typeof value === "number" ? value : undefined;
}

/**
 * True when `err` says the object is already gone: ENODEV (link), ENOENT (route, rule, file), ESRCH (route, neigh)
 * or EADDRNOTAVAIL (address). A DEL that meets one of these has nothing left to do.
 */
export function isNotFound(err: unknown): boolean {
  const errno = errnoOf(err);
  return errno === Errno.ENODEV || errno === Errno.ENOENT || errno === Errno.ESRCH ||
    errno === Errno.EADDRNOTAVAIL;
}

/** True when `err` is EEXIST: the link, address, route or rule is already there. */
export function isExists(err: unknown): boolean {
  return errnoOf(err) === Errno.EEXIST;
}

/** True when `err` says the kernel lacks the feature or module (EOPNOTSUPP, ENOTSUPP, EAFNOSUPPORT). */
export function isNotSupported(err: unknown): boolean {
  const errno = errnoOf(err);
  return errno === Errno.EOPNOTSUPP || errno === Errno.ENOTSUPP || errno === Errno.EAFNOSUPPORT;
}

/** True when `err` has exactly this errno (given as a number or a kernel name). */
export function hasErrno(err: unknown, errno: number | string): boolean {
  const wanted = typeof errno === "number" ? errno : errnoFromName(errno);
  return wanted !== undefined && errnoOf(err) === wanted;
}
