/**
 * Network namespace handles: open one, enter it for a synchronous call, create and delete named ones as
 * `ip netns add/del` do. Read README.md first: a namespace belongs to a thread, not to the process.
 * @module
 */
import {
  check,
  CLONE_NEWNET,
  cstr,
  libc,
  MNT_DETACH,
  MS_BIND,
  MS_REC,
  MS_SHARED,
  O_CLOEXEC,
  O_CREAT,
  O_EXCL,
  O_RDONLY,
} from "./libc.ts";
import { Errno } from "./errno.ts";
import { SyscallError } from "./syscall_error.ts";

/** Where named namespaces are bind-mounted, as iproute2 does. */
export const NETNS_RUN_DIR = "/var/run/netns";
/** The calling thread's own network namespace. */
const THREAD_NETNS = "/proc/thread-self/ns/net";
/** ioctl(2) on a namespace fd: returns its CLONE_NEW* type (linux/nsfs.h). */
const NS_GET_NSTYPE = 0xb703;

/** An open network namespace file; close it (or `using` it) when done. */
export class Netns implements Disposable {
  /** The open file descriptor, usable with setns(2) and IFLA_NET_NS_FD. */
  readonly fd: number;
  /** The path it was opened from. */
  readonly path: string;
  #closed = false;

  private constructor(fd: number, path: string) {
    this.fd = fd;
    this.path = path;
  }

  /** Opens the namespace at `path`; throws SyscallError (ENOENT, …) or TypeError when it is not a network namespace. */
  static open(path: string): Netns {
    const fd = check("open", libc.open(cstr(path), O_RDONLY | O_CLOEXEC, 0), `open netns "${path}"`);
    const type = libc.ioctl(fd, BigInt(NS_GET_NSTYPE), null);
    if (type !== CLONE_NEWNET) {
      libc.close(fd);
      throw new TypeError(`Cannot open netns "${path}": not a network namespace`);
    }
    return new Netns(fd, path);
  }

  /** Opens the calling thread's current network namespace. */
  static current(): Netns {
    return Netns.open(THREAD_NETNS);
  }

  /** True when the namespace at `path` is the calling thread's own (same nsfs inode). */
  static isCurrent(path: string): boolean {
    const here = Deno.statSync(THREAD_NETNS);
    const there = Deno.statSync(path);
    return here.ino === there.ino && here.dev === there.dev;
  }

  /** Closes the descriptor; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    check("close", libc.close(this.fd));
  }

  /** Same as {@linkcode Netns.close}. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** A return type that is not a Promise: `withNetns` refuses async callbacks, which would run on other threads. */
export type NotPromise<T> = T extends PromiseLike<unknown> ? never : T;

function enter(fd: number, detail: string): void {
  check("setns", libc.setns(fd, CLONE_NEWNET), detail);
}

/**
 * Runs the synchronous `fn` inside `ns` on this thread and returns its result, restoring the caller's namespace
 * afterwards, also when `fn` throws. If restoring fails the thread is unusable, so that error wins and says so.
 */
export function withNetns<T>(ns: Netns | string, fn: () => NotPromise<T>): NotPromise<T> {
  using saved = Netns.current();
  using opened = typeof ns === "string" ? Netns.open(ns) : undefined;
  const target = opened ?? (ns as Netns);
  enter(target.fd, `enter netns "${target.path}"`);
  try {
    return fn();
  } finally {
    try {
      enter(saved.fd, "restore the original netns");
    } catch (err) {
      // deno-lint-ignore no-unsafe-finally
      throw new Error(
        `Cannot return from netns "${target.path}": this thread is stuck in the wrong network namespace`,
        { cause: err },
      );
    }
  }
}

function netnsPath(nameOrPath: string): string {
  return nameOrPath.includes("/") ? nameOrPath : `${NETNS_RUN_DIR}/${nameOrPath}`;
}

function validateName(name: string): void {
  if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw new TypeError(`Cannot create netns ${JSON.stringify(name)}: invalid name`);
  }
}

/** Makes NETNS_RUN_DIR a shared mount point (bind-mounting it onto itself first when needed), as iproute2 does. */
function ensureSharedRunDir(): void {
  Deno.mkdirSync(NETNS_RUN_DIR, { recursive: true, mode: 0o755 });
  const dir = cstr(NETNS_RUN_DIR);
  const none = cstr("none");
  const flags = BigInt(MS_SHARED | MS_REC);
  if (libc.mount(cstr(""), dir, none, flags, null) === 0) return;
  // EINVAL: not a mount point yet. Make it one, then share it.
  check("mount", libc.mount(dir, dir, none, BigInt(MS_BIND | MS_REC), null), `bind-mount "${NETNS_RUN_DIR}"`);
  check("mount", libc.mount(cstr(""), dir, none, flags, null), `make "${NETNS_RUN_DIR}" shared`);
}

/**
 * Creates a new network namespace pinned at /var/run/netns/`name`, as `ip netns add <name>`, and returns its path.
 * Throws SyscallError EEXIST when the name is taken. The calling thread stays in its own namespace.
 */
export function createNamedNetns(name: string): string {
  validateName(name);
  ensureSharedRunDir();
  const path = netnsPath(name);
  const fd = check("open", libc.open(cstr(path), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0), `create "${path}"`);
  check("close", libc.close(fd));
  try {
    using saved = Netns.current();
    check("unshare", libc.unshare(CLONE_NEWNET), "unshare a network namespace");
    try {
      const src = cstr(THREAD_NETNS);
      check(
        "mount",
        libc.mount(src, cstr(path), cstr("none"), BigInt(MS_BIND), null),
        `bind-mount netns onto "${path}"`,
      );
    } finally {
      enter(saved.fd, "restore the original netns after creating one");
    }
  } catch (err) {
    try {
      Deno.removeSync(path);
    } catch {
      // Best effort: the mount failed, the placeholder file is all there is to remove.
    }
    throw err;
  }
  return path;
}

/**
 * Unmounts and removes a named namespace (a name under /var/run/netns or a full path), as `ip netns del`.
 * Succeeds when it is already gone.
 */
export function deleteNamedNetns(nameOrPath: string): void {
  const path = netnsPath(nameOrPath);
  const ret = libc.umount2(cstr(path), MNT_DETACH);
  if (ret === -1) {
    try {
      check("umount2", ret, `unmount "${path}"`);
    } catch (err) {
      // ENOENT: no such file; EINVAL: the file is there but not mounted. Both leave only the file to remove.
      if (!(err instanceof SyscallError) || (err.errno !== Errno.ENOENT && err.errno !== Errno.EINVAL)) throw err;
    }
  }
  try {
    Deno.removeSync(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
}

/** True when `path` (or a name under /var/run/netns) is an existing network namespace. */
export function netnsExists(nameOrPath: string): boolean {
  try {
    Netns.open(netnsPath(nameOrPath)).close();
    return true;
  } catch {
    return false;
  }
}
