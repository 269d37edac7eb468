/**
 * The on-disk store, file-for-file the reference's, so this plugin and Debian's `/usr/lib/cni/host-local` can be
 * swapped on a live node: `DATADIR/NETWORK/<ip>` (O_EXCL, mode 0600, content `<containerID>\r\n<ifname>`; older
 * ID-only files are matched too), `last_reserved_ip.<setIndex>` holding the round-robin cursor, and `lock`.
 *
 * Why it does not slow down as allocations grow: the reference walks and reads every file of the network on each
 * ADD (duplicate check) and DEL (release), O(n). Allocation itself here is the reference's O_EXCL probe from the
 * cursor on (O(1) amortised while the set has room). Lookups by container go through `.by_container/`, a pure
 * cache: one small file per container/ifname hash listing candidate IPs, each verified against the IP file before
 * use, so the IP files stay the only truth. `.by_container/state` records the network directory's mtime and every
 * `last_reserved_ip.*` content as of our last write; if either differs when the store is opened (Debian's plugin
 * reserved or released something, or we crashed midway), the cache is rebuilt by one O(n) scan. The mtime moves
 * in kernel clock ticks (1–10 ms), so a change is missed only when it lands in the same tick as our last write: the
 * reference reserving the very IP its cursor already names that fast, or a writer started in the same process right
 * after us and killed before it saved the state (a release by the reference is harmless: cached entries are always
 * verified). A new process of ours cannot act that soon: starting one takes longer than a tick.
 * The reference ignores the cache: its names do not parse as IPs and its contents never equal a container ID.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import { sha256, toHex } from "../../digest/mod.ts";
import { CniError, ERR_IO, validateNetworkName } from "../../cni/mod.ts";
import { FileLock } from "./lock.ts";
import {
  createExclusive,
  ensureRealDir,
  overwriteInPlace,
  readRegularFile,
  removeIfExists,
  writeFileAtomic,
} from "./safe_file.ts";
import type { Allocation, Store } from "./store.ts";

const LAST_IP_PREFIX = "last_reserved_ip.";
const LINE_BREAK = "\r\n";
const FILE_MODE = 0o600;
const DIR_MODE = 0o755;
const INDEX_DIR = ".by_container";
const STATE_FILE = "state";
const INDEX_HEADER = "# host-local cache";

/** Options of {@linkcode DiskStore.open}. */
export interface DiskStoreOptions {
  /** Lock wait before code 11; default 60 s. */
  lockTimeoutMs?: number;
  /** Range set IDs the caller may reserve in (their cursors are part of the cache check). */
  rangeIds?: readonly string[];
}

interface CacheState {
  mtime: number | null;
  last: Record<string, string | null>;
}

/** The reference-compatible disk store of one network, locked while open. Close it (or `await using`). */
export class DiskStore implements Store, AsyncDisposable {
  /** The network's directory (`dataDir/network`). */
  readonly dir: string;
  readonly #lock: FileLock;
  readonly #rangeIds: Set<string>;
  #dirty = false;

  private constructor(dir: string, lock: FileLock, rangeIds: Set<string>) {
    this.dir = dir;
    this.#lock = lock;
    this.#rangeIds = rangeIds;
  }

  /**
   * Creates `dataDir/network` (0755) if needed, takes its lock and checks the cache. Throws `CniError` 7 for a
   * network name that is not a plain file name, 5 when the directory cannot be made or is a symlink, 11 on timeout.
   */
  static async open(dataDir: string, network: string, options: DiskStoreOptions = {}): Promise<DiskStore> {
    const dir = storeDir(dataDir, network);
    io(`Cannot create store directory "${dir}"`, () => {
      Deno.mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
      ensureRealDir(dir, DIR_MODE);
    });
    const lock = await FileLock.acquire(join(dir, "lock"), { timeoutMs: options.lockTimeoutMs });
    const store = new DiskStore(dir, lock, new Set(options.rangeIds ?? []));
    try {
      store.#checkCache();
    } catch (err) {
      lock.release();
      throw err;
    }
    return store;
  }

  /** Reserves `ip` with an O_EXCL create and moves the set's cursor to it (atomic rewrite). */
  reserve(containerId: string, ifname: string, ip: IP, rangeId: string): Promise<boolean> {
    const path = join(this.dir, ip.toString());
    return attempt(() =>
      io(`Cannot reserve ${ip} in "${this.dir}"`, () => {
        this.#dirty = true;
        if (!createExclusive(path, containerId.trim() + LINE_BREAK + ifname, FILE_MODE)) return false;
        try {
          writeFileAtomic(join(this.dir, LAST_IP_PREFIX + rangeId), ip.toString(), FILE_MODE);
          this.#rangeIds.add(rangeId);
          this.#indexAdd(containerId.trim(), ifname, ip);
        } catch (err) {
          quietly(() => removeIfExists(path));
          throw err;
        }
        return true;
      })
    );
  }

  /** The cursor of `rangeId`, if its file holds an IP. */
  lastReservedIP(rangeId: string): Promise<IP | undefined> {
    return attempt(() => {
      const text = this.#read(LAST_IP_PREFIX + rangeId);
      return text === undefined ? undefined : IP.tryParse(text.trim());
    });
  }

  /** True when an IP file exists for `ip` (whatever it is). */
  isReserved(ip: IP): Promise<boolean> {
    return attempt(() =>
      io(`Cannot check ${ip} in "${this.dir}"`, () => {
        try {
          Deno.lstatSync(join(this.dir, ip.toString()));
          return true;
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) return false;
          throw err;
        }
      })
    );
  }

  /** Addresses held by container/ifname, or by ID-only records of the container. */
  getByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    return attempt(() => [
      ...this.#verified(id, ifname, (o) => o.ifname === ifname),
      ...this.#verified(id, "", (o) => o.ifname === ""),
    ]);
  }

  /** Removes `ip`'s file when its content names `owner`. */
  release(ip: IP, owner: { containerId: string; ifname: string }): Promise<boolean> {
    return attempt(() => {
      const owned = this.#ownerOf(ip);
      if (!owned || owned.containerId !== owner.containerId.trim() || owned.ifname !== owner.ifname) return false;
      return this.#remove(ip, owned);
    });
  }

  /** Releases container/ifname's files, or its ID-only files when there are none (as the reference does). */
  releaseByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    return attempt(() => {
      let owner = { containerId: id, ifname };
      let ips = this.#verified(id, ifname, (o) => o.ifname === ifname);
      if (ips.length === 0) {
        owner = { containerId: id, ifname: "" };
        ips = this.#verified(id, "", (o) => o.ifname === "");
      }
      return ips.filter((ip) => this.#remove(ip, owner));
    });
  }

  /** Every IP file of the network, by one directory scan. */
  list(): Promise<Allocation[]> {
    return attempt(() => this.#list());
  }

  /** Saves the cache state when anything changed, then unlocks. */
  close(): Promise<void> {
    try {
      if (this.#dirty) {
        try {
          this.#saveState();
        } catch {
          quietly(() => removeIfExists(join(this.dir, INDEX_DIR, STATE_FILE)));
        }
      }
    } finally {
      this.#lock.release();
    }
    return Promise.resolve();
  }

  /** Same as {@linkcode DiskStore.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #list(): Allocation[] {
    return io(`Cannot list "${this.dir}"`, () => {
      const out: Allocation[] = [];
      for (const entry of Deno.readDirSync(this.dir)) {
        const ip = IP.tryParse(entry.name);
        if (!entry.isFile || !ip || ip.toString() !== entry.name) continue;
        const content = quietly(() => this.#read(entry.name));
        if (content !== undefined) out.push({ ip, ...parseOwner(content) });
      }
      return out;
    });
  }

  #remove(ip: IP, owner: { containerId: string; ifname: string }): boolean {
    return io(`Cannot release ${ip} in "${this.dir}"`, () => {
      this.#dirty = true;
      try {
        return removeIfExists(join(this.dir, ip.toString()));
      } finally {
        this.#indexRemove(owner.containerId, owner.ifname, ip);
      }
    });
  }

  #ownerOf(ip: IP): { containerId: string; ifname: string } | undefined {
    const content = quietly(() => this.#read(ip.toString()));
    return content === undefined ? undefined : parseOwner(content);
  }

  /** Candidates from the cache for (id, ifname), kept only when the IP file still names that owner. */
  #verified(id: string, ifname: string, match: (o: { ifname: string }) => boolean): IP[] {
    return this.#indexGet(id, ifname).filter((ip) => {
      const owner = this.#ownerOf(ip);
      return owner !== undefined && owner.containerId === id && match(owner);
    });
  }

  #read(name: string): string | undefined {
    return io(`Cannot read "${join(this.dir, name)}"`, () => readRegularFile(join(this.dir, name)));
  }

  // --- the cache -------------------------------------------------------------------------------------------------

  #keyPath(id: string, ifname: string): string {
    const hex = toHex(sha256(new TextEncoder().encode(`${id}\0${ifname}`))).slice(0, 40);
    return join(this.dir, INDEX_DIR, hex);
  }

  #indexGet(id: string, ifname: string): IP[] {
    return parseIndex(quietly(() => readRegularFile(this.#keyPath(id, ifname))));
  }

  #indexAdd(id: string, ifname: string, ip: IP): void {
    const path = this.#keyPath(id, ifname);
    const ips = parseIndex(quietly(() => readRegularFile(path)));
    if (!ips.some((x) => x.equals(ip))) ips.push(ip);
    overwriteInPlace(path, formatIndex(ips), FILE_MODE);
  }

  #indexRemove(id: string, ifname: string, ip: IP): void {
    const path = this.#keyPath(id, ifname);
    const ips = parseIndex(quietly(() => readRegularFile(path))).filter((x) => !x.equals(ip));
    if (ips.length === 0) quietly(() => removeIfExists(path));
    else overwriteInPlace(path, formatIndex(ips), FILE_MODE);
  }

  #checkCache(): void {
    const state = this.#loadState();
    if (state && this.#stateMatches(state)) {
      for (const id of Object.keys(state.last)) this.#rangeIds.add(id);
      return;
    }
    io(`Cannot rebuild the cache in "${this.dir}"`, () => this.#rebuild());
  }

  #loadState(): CacheState | undefined {
    try {
      const text = readRegularFile(join(this.dir, INDEX_DIR, STATE_FILE));
      if (text === undefined) return undefined;
      const state = JSON.parse(text.slice(text.indexOf("\n") + 1)) as CacheState;
      return typeof state === "object" && state && typeof state.last === "object" ? state : undefined;
    } catch {
      return undefined;
    }
  }

  #stateMatches(state: CacheState): boolean {
    const info = Deno.lstatSync(this.dir);
    if ((info.mtime?.getTime() ?? null) !== state.mtime) return false;
    for (const id of new Set([...this.#rangeIds, ...Object.keys(state.last)])) {
      const text = quietly(() => this.#read(LAST_IP_PREFIX + id), "\0");
      if ((text ?? null) !== (state.last[id] ?? null)) return false;
    }
    return true;
  }

  #rebuild(): void {
    const indexDir = join(this.dir, INDEX_DIR);
    const info = quietly(() => Deno.lstatSync(indexDir));
    if (info) Deno.removeSync(indexDir, { recursive: info.isDirectory });
    ensureRealDir(indexDir, DIR_MODE);
    this.#removeTornFiles();
    const groups = new Map<string, { id: string; ifname: string; ips: IP[] }>();
    for (const a of this.#list()) {
      const key = `${a.containerId}\0${a.ifname}`;
      const group = groups.get(key) ?? { id: a.containerId, ifname: a.ifname, ips: [] };
      group.ips.push(a.ip);
      groups.set(key, group);
    }
    for (const g of groups.values()) overwriteInPlace(this.#keyPath(g.id, g.ifname), formatIndex(g.ips), FILE_MODE);
    this.#dirty = true;
  }

  /**
   * Removes what a writer killed midway left (issue 8, kill -9 during ADD): an IP file still empty between its
   * O_EXCL create and its write (no writer ever leaves one empty, and none is running: we hold the lock), which no
   * DEL could release since it names no owner, and the temp files of interrupted atomic rewrites.
   */
  #removeTornFiles(): void {
    for (const entry of Deno.readDirSync(this.dir)) {
      if (!entry.isFile) continue;
      const ip = IP.tryParse(entry.name);
      const isIpFile = ip !== undefined && ip.toString() === entry.name;
      const isTemp = entry.name.startsWith(LAST_IP_PREFIX) && entry.name.includes(".tmp-");
      if (isTemp || (isIpFile && quietly(() => this.#read(entry.name))?.trim() === "")) {
        quietly(() => removeIfExists(join(this.dir, entry.name)));
      }
    }
  }

  #saveState(): void {
    const last: Record<string, string | null> = {};
    for (const id of this.#rangeIds) last[id] = this.#read(LAST_IP_PREFIX + id) ?? null;
    const info = Deno.lstatSync(this.dir);
    const state: CacheState = { mtime: info.mtime?.getTime() ?? null, last };
    overwriteInPlace(join(this.dir, INDEX_DIR, STATE_FILE), `${INDEX_HEADER}\n${JSON.stringify(state)}`, FILE_MODE);
  }
}

/** Runs `fn` and returns its value, or `fallback` when it throws. */
function quietly<T>(fn: () => T, fallback?: T): T | undefined {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Runs the synchronous `fn` and settles a promise with its value or error (the Store interface is async). */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * `dataDir/network`, after checking that the network name is a plain name (the spec's `^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`,
 * so no `/`, `..` or NUL). Throws `CniError` 7 otherwise.
 */
export function storeDir(dataDir: string, network: string): string {
  validateNetworkName(network);
  return join(dataDir, network);
}

/**
 * `node:path`'s `join` for POSIX paths, without importing `node:path` (~6 ms per exec of host-local): joins the
 * non-empty parts with `/`, drops empty and `.` segments, resolves `..`, keeps a leading and a trailing `/`.
 */
function join(...parts: string[]): string {
  const joined = parts.filter((part) => part !== "").join("/");
  if (joined === "") return ".";
  const isAbsolute = joined.startsWith("/");
  const segments: string[] = [];
  for (const segment of joined.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0 && segments.at(-1) !== "..") segments.pop();
    else if (!isAbsolute) segments.push("..");
  }
  const body = segments.join("/");
  const trailing = joined.endsWith("/") ? "/" : "";
  if (isAbsolute) return body === "" ? "/" : "/" + body + trailing;
  return (body === "" ? "." : body) + trailing;
}

/** Splits an IP file's content into owner fields (`id\r\nifname`, or a bare ID from older plugins). */
function parseOwner(content: string): { containerId: string; ifname: string } {
  const text = content.trim();
  const at = text.indexOf(LINE_BREAK);
  if (at < 0) return { containerId: text, ifname: "" };
  return { containerId: text.slice(0, at), ifname: text.slice(at + LINE_BREAK.length) };
}

function parseIndex(text: string | undefined): IP[] {
  if (!text) return [];
  return text.split("\n").slice(1).map((line) => IP.tryParse(line.trim())).filter((ip) => ip !== undefined);
}

function formatIndex(ips: readonly IP[]): string {
  return `${INDEX_HEADER}\n${ips.join("\n")}\n`;
}

/** Runs `fn`, turning any failure that is not already a `CniError` into code 5 with `message` first. */
function io<T>(message: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CniError) throw err;
    throw new CniError(ERR_IO, `${message}: ${(err as Error).message}`, { cause: err });
  }
}
