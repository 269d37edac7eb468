import { errnoMessage, errnoName } from "./errno.ts";

/** Options of a {@linkcode SyscallError}. */
export interface SyscallErrorOptions {
  /** What we were doing, e.g. `open "/var/run/netns/x"`; it leads the message. */
  detail?: string;
  /** The error that caused this one. */
  cause?: unknown;
}

/** A libc call that returned -1: the syscall's name, the errno and its kernel name. */
export class SyscallError extends Error {
  /** The libc function that failed ("setns"). */
  readonly syscall: string;
  /** The errno it left. */
  readonly errno: number;
  /** The errno's kernel name ("EPERM"). */
  readonly errnoName: string;

  /** Creates the error for `syscall` failing with `errno`; the message reads `Cannot setns: Operation not permitted (EPERM)`. */
  constructor(syscall: string, errno: number, options: SyscallErrorOptions = {}) {
    const what = options.detail ?? syscall;
    super(
      `Cannot ${what}: ${errnoMessage(errno)} (${errnoName(errno)})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "SyscallError";
    this.syscall = syscall;
    this.errno = errno;
    this.errnoName = errnoName(errno);
  }
}
