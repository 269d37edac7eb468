/**
 * The one `Deno.dlopen` of the C library: the symbol table, C-string and errno helpers, and the checker that turns
 * a -1 return into {@linkcode SyscallError}. All calls are synchronous on purpose (see README.md: a network
 * namespace belongs to a thread, and Deno's async ops run on other threads).
 * @module
 */
import { SyscallError } from "./syscall_error.ts";

/**
 * The libc functions a plugin call uses (sockets, netns handles); each parameter carries its C type. Every symbol costs
 * ~0.1 ms of `Deno.dlopen` at start-up, so the rarely used ones are in {@linkcode RARE_SYMBOLS}.
 */
const SYMBOLS = {
  /** int socket(int domain, int type, int protocol) */
  socket: { parameters: ["i32", /* int domain */ "i32", /* int type */ "i32" /* int protocol */], result: "i32" },
  /** int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen) */
  bind: {
    parameters: ["i32", /* int sockfd */ "buffer", /* const struct sockaddr* */ "u32" /* socklen_t */],
    result: "i32",
  },
  /** int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen) */
  getsockname: {
    parameters: ["i32", /* int sockfd */ "buffer", /* struct sockaddr* */ "buffer" /* socklen_t* */],
    result: "i32",
  },
  /** int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen) */
  setsockopt: {
    parameters: ["i32", /* int */ "i32", /* int level */ "i32", /* int optname */ "buffer", /* const void* */ "u32"],
    result: "i32",
  },
  /** ssize_t sendto(int sockfd, const void *buf, size_t len, int flags, const struct sockaddr *dest, socklen_t) */
  sendto: {
    parameters: ["i32", "buffer", /* const void* */ "usize", /* size_t */ "i32", /* int flags */ "buffer", "u32"],
    result: "isize",
  },
  /** ssize_t recvfrom(int sockfd, void *buf, size_t len, int flags, struct sockaddr *src, socklen_t *addrlen) */
  recvfrom: {
    parameters: ["i32", "buffer", /* void* */ "usize", /* size_t */ "i32", /* int flags */ "buffer", "buffer"],
    result: "isize",
  },
  /** int close(int fd) */
  close: { parameters: ["i32" /* int fd */], result: "i32" },
  /** int setns(int fd, int nstype) */
  setns: { parameters: ["i32", /* int fd */ "i32" /* int nstype */], result: "i32" },
  /** int ioctl(int fd, unsigned long request, void *arg); variadic in C, called with one pointer argument */
  ioctl: { parameters: ["i32", /* int fd */ "u64", /* unsigned long */ "buffer" /* void* */], result: "i32" },
  /** int open(const char *path, int flags, mode_t mode); variadic in C, mode always passed */
  open: { parameters: ["buffer", /* const char* */ "i32", /* int flags */ "u32" /* mode_t */], result: "i32" },
  /** int *__errno_location(void) */
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** Symbols only namespace creation, tests and diagnostics use: loaded by a second `Deno.dlopen` on first use. */
const RARE_SYMBOLS = {
  /** int unshare(int flags) */
  unshare: { parameters: ["i32" /* int flags */], result: "i32" },
  /** int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data) */
  mount: {
    parameters: ["buffer", /* const char* */ "buffer", /* const char* */ "buffer", /* const char* */ "u64", "buffer"],
    result: "i32",
  },
  /** int umount2(const char *target, int flags) */
  umount2: { parameters: ["buffer", /* const char* */ "i32" /* int flags */], result: "i32" },
  /** int getsockopt(int sockfd, int level, int optname, void *optval, socklen_t *optlen) */
  getsockopt: {
    parameters: ["i32", /* int */ "i32", /* int level */ "i32", /* int optname */ "buffer", /* void* */ "buffer"],
    result: "i32",
  },
  /** pid_t getpid(void) */
  getpid: { parameters: [], result: "i32" },
  /** pid_t gettid(void) */
  gettid: { parameters: [], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

const CANDIDATES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so"];

/** The scalar results our symbols return. */
type ScalarResult = "i32" | "isize" | "pointer";

/** One symbol definition as declared in {@linkcode SYMBOLS}. */
type SymbolDefinition = { parameters: readonly Deno.NativeType[]; result: ScalarResult };

/**
 * Opens `symbols` with every scalar result declared as a one-field struct, and returns functions that give the
 * scalar back. Deno compiles a fast-call trampoline (Cranelift) at `dlopen` for each symbol whose types allow one,
 * ~0.13 ms apiece, and skips it when a struct is involved; a one-field struct is returned in the same register as
 * the scalar on x86-64 and arm64, so the call is unchanged. The trampolines only pay off in optimised code, which a
 * plugin call never reaches (the binary runs `--jitless`, see build.ts): opening the 11 symbols this way measured
 * 17.6 -> 16.2 ms for a one-line script (medians of 60).
 */
function loadWithoutTrampolines<S extends Record<string, SymbolDefinition>>(
  name: string,
  symbols: S,
): Deno.DynamicLibrary<S>["symbols"] {
  const declared: Record<string, Deno.ForeignFunction> = {};
  for (const [symbol, definition] of Object.entries(symbols)) {
    declared[symbol] = { parameters: definition.parameters, result: { struct: [definition.result] } };
  }
  const raw = Deno.dlopen(name, declared).symbols as Record<string, (...args: unknown[]) => Uint8Array>;
  const out: Record<string, (...args: unknown[]) => number | Deno.PointerValue> = {};
  for (const [symbol, definition] of Object.entries(symbols)) {
    const call = raw[symbol]!;
    out[symbol] = (...args) => scalarOf(call(...args), definition.result);
  }
  return out as unknown as Deno.DynamicLibrary<S>["symbols"];
}

/** Reads the scalar (host byte order) out of a one-field struct result. */
function scalarOf(bytes: Uint8Array, result: ScalarResult): number | Deno.PointerValue {
  const copy = bytes.slice(0, result === "i32" ? 4 : 8).buffer;
  if (result === "i32") return new Int32Array(copy)[0]!;
  const value = new BigInt64Array(copy)[0]!;
  return result === "isize" ? Number(value) : Deno.UnsafePointer.create(value);
}

function load<S extends Record<string, SymbolDefinition>>(symbols: S): Deno.DynamicLibrary<S>["symbols"] {
  const failures: unknown[] = [];
  for (const name of CANDIDATES) {
    try {
      return loadWithoutTrampolines(name, symbols);
    } catch (err) {
      failures.push(err);
    }
  }
  throw new Error(`Cannot load the C library: tried ${CANDIDATES.join(", ")}`, {
    cause: new AggregateError(failures),
  });
}

/** Every libc symbol we call, by name. */
export type LibcSymbols =
  & Deno.DynamicLibrary<typeof SYMBOLS>["symbols"]
  & Deno.DynamicLibrary<typeof RARE_SYMBOLS>["symbols"];

let rareSymbols: Deno.DynamicLibrary<typeof RARE_SYMBOLS>["symbols"] | undefined;

/** Opens {@linkcode RARE_SYMBOLS} the first time one is used (before the call, so errno is untouched after it). */
function rare(): Deno.DynamicLibrary<typeof RARE_SYMBOLS>["symbols"] {
  return rareSymbols ??= load(RARE_SYMBOLS);
}

/**
 * The libc symbols, loaded once for the process (never closed: the library lives as long as the process); the rare
 * ones on first use.
 */
export const libc: LibcSymbols = {
  ...load(SYMBOLS),
  get unshare() {
    return rare().unshare;
  },
  get mount() {
    return rare().mount;
  },
  get umount2() {
    return rare().umount2;
  },
  get getsockopt() {
    return rare().getsockopt;
  },
  get getpid() {
    return rare().getpid;
  },
  get gettid() {
    return rare().gettid;
  },
};

/** Returns the calling thread's current errno. Call it right after the failing call, with nothing in between. */
export function errno(): number {
  const ptr = libc.__errno_location();
  if (ptr === null) return 0;
  return new Deno.UnsafePointerView(ptr).getInt32();
}

/**
 * Returns `ret` as a number, or throws {@linkcode SyscallError} when it is -1, reading errno at once.
 * `detail` replaces the syscall name in the message, e.g. `open "/var/run/netns/x"`.
 */
export function check(syscall: string, ret: number | bigint, detail?: string): number {
  if (ret === -1 || ret === -1n) {
    const code = errno();
    throw new SyscallError(syscall, code, detail === undefined ? {} : { detail });
  }
  return Number(ret);
}

const encoder = new TextEncoder();

/** Encodes `s` as a NUL-terminated C string. */
export function cstr(s: string): Uint8Array<ArrayBuffer> {
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** open(2): read only. */
export const O_RDONLY = 0;
/** Close the descriptor on exec. */
export const O_CLOEXEC = 0o2000000;
/** Create the file if missing. */
export const O_CREAT = 0o100;
/** Fail if the file exists (with O_CREAT). */
export const O_EXCL = 0o200;
/** Open for reading and writing. */
export const O_RDWR = 2;
/** unshare/setns: network namespace. */
export const CLONE_NEWNET = 0x40000000;
/** unshare/setns: mount namespace. */
export const CLONE_NEWNS = 0x00020000;
/** mount(2): bind mount. */
export const MS_BIND = 0x1000;
/** mount(2): recursive. */
export const MS_REC = 0x4000;
/** mount(2): make shared. */
export const MS_SHARED = 1 << 20;
/** umount2(2): lazy detach. */
export const MNT_DETACH = 2;
