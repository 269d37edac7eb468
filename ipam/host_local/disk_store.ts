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
 * reserved or released something, or we crashed midway), the cache is rebuilt by one O(n) scan. A missed change
 * needs the reference to reserve the very IP the cursor already names within the same clock tick as our write.
 * The reference ignores the cache: its names do not parse as IPs and its contents never equal a container ID.
 * @module
 */
import { join } from "node:path";
import { IP } from "../../addr/mod.ts";
import { CniError, ERR_IO } from "../../cni/errors.ts";
import { validateNetworkName } from "../../cni/validate.ts";
import { FileLock } from "./lock.ts";
import { createExclusive, ensureRealDir, readRegularFile, writeFileAtomic } from "./safe_file.ts";
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
    await io(`Cannot create store directory "${dir}"`, async () => {
      await Deno.mkdir(dataDir, { recursive: true, mode: DIR_MODE });
      await ensureRealDir(dir, DIR_MODE);
    });
    const lock = await FileLock.acquire(join(dir, "lock"), { timeoutMs: options.lockTimeoutMs });
    const store = new DiskStore(dir, lock, new Set(options.rangeIds ?? []));
    try {
      await store.#checkCache();
    } catch (err) {
      lock.release();
      throw err;
    }
    return store;
  }

  /** Reserves `ip` with an O_EXCL create and moves the set's cursor to it (atomic rewrite). */
  async reserve(containerId: string, ifname: string, ip: IP, rangeId: string): Promise<boolean> {
    const path = join(this.dir, ip.toString());
    return await io(`Cannot reserve ${ip} in "${this.dir}"`, async () => {
      this.#dirty = true;
      if (!(await createExclusive(path, containerId.trim() + LINE_BREAK + ifname, FILE_MODE))) return false;
      try {
        await writeFileAtomic(join(this.dir, LAST_IP_PREFIX + rangeId), ip.toString(), FILE_MODE);
        this.#rangeIds.add(rangeId);
        await this.#indexAdd(containerId.trim(), ifname, ip);
      } catch (err) {
        await Deno.remove(path).catch(() => {});
        throw err;
      }
      return true;
    });
  }

  /** The cursor of `rangeId`, if its file holds an IP. */
  async lastReservedIP(rangeId: string): Promise<IP | undefined> {
    const text = await this.#read(LAST_IP_PREFIX + rangeId);
    return text === undefined ? undefined : IP.tryParse(text.trim());
  }

  /** True when an IP file exists for `ip` (whatever it is). */
  async isReserved(ip: IP): Promise<boolean> {
    try {
      await Deno.lstat(join(this.dir, ip.toString()));
      return true;
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return false;
      throw new CniError(ERR_IO, `Cannot check ${ip} in "${this.dir}": ${(err as Error).message}`, { cause: err });
    }
  }

  /** Addresses held by container/ifname, or by ID-only records of the container. */
  async getByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    const out = await this.#verified(id, ifname, (o) => o.ifname === ifname);
    return [...out, ...(await this.#verified(id, "", (o) => o.ifname === ""))];
  }

  /** Removes `ip`'s file when its content names `owner`. */
  async release(ip: IP, owner: { containerId: string; ifname: string }): Promise<boolean> {
    const owned = await this.#ownerOf(ip);
    if (!owned || owned.containerId !== owner.containerId.trim() || owned.ifname !== owner.ifname) return false;
    return await this.#remove(ip, owned);
  }

  /** Releases container/ifname's files, or its ID-only files when there are none (as the reference does). */
  async releaseByID(containerId: string, ifname: string): Promise<IP[]> {
    const id = containerId.trim();
    let owner = { containerId: id, ifname };
    let ips = await this.#verified(id, ifname, (o) => o.ifname === ifname);
    if (ips.length === 0) {
      owner = { containerId: id, ifname: "" };
      ips = await this.#verified(id, "", (o) => o.ifname === "");
    }
    const freed: IP[] = [];
    for (const ip of ips) if (await this.#remove(ip, owner)) freed.push(ip);
    return freed;
  }

  /** Every IP file of the network, by one directory scan. */
  async list(): Promise<Allocation[]> {
    return await io(`Cannot list "${this.dir}"`, async () => {
      const out: Allocation[] = [];
      for await (const entry of Deno.readDir(this.dir)) {
        const ip = IP.tryParse(entry.name);
        if (!entry.isFile || !ip || ip.toString() !== entry.name) continue;
        const content = await this.#read(entry.name).catch(() => undefined);
        if (content !== undefined) out.push({ ip, ...parseOwner(content) });
      }
      return out;
    });
  }

  /** Saves the cache state when anything changed, then unlocks. */
  async close(): Promise<void> {
    try {
      if (this.#dirty) await this.#saveState().catch(() => this.#dropState());
    } finally {
      this.#lock.release();
    }
  }

  /** Same as {@linkcode DiskStore.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #remove(ip: IP, owner: { containerId: string; ifname: string }): Promise<boolean> {
    return await io(`Cannot release ${ip} in "${this.dir}"`, async () => {
      this.#dirty = true;
      try {
        await Deno.remove(join(this.dir, ip.toString()));
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
        return false;
      } finally {
        await this.#indexRemove(owner.containerId, owner.ifname, ip);
      }
      return true;
    });
  }

  async #ownerOf(ip: IP): Promise<{ containerId: string; ifname: string } | undefined> {
    const content = await this.#read(ip.toString()).catch(() => undefined);
    return content === undefined ? undefined : parseOwner(content);
  }

  /** Candidates from the cache for (id, ifname), kept only when the IP file still names that owner. */
  async #verified(id: string, ifname: string, match: (o: { ifname: string }) => boolean): Promise<IP[]> {
    const out: IP[] = [];
    for (const ip of await this.#indexGet(id, ifname)) {
      const owner = await this.#ownerOf(ip);
      if (owner && owner.containerId === id && match(owner)) out.push(ip);
    }
    return out;
  }

  async #read(name: string): Promise<string | undefined> {
    return await io(`Cannot read "${join(this.dir, name)}"`, () => readRegularFile(join(this.dir, name)));
  }

  // --- the cache -------------------------------------------------------------------------------------------------

  async #keyPath(id: string, ifname: string): Promise<string> {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${id}\0${ifname}`));
    const hex = [...new Uint8Array(digest)].slice(0, 20).map((b) => b.toString(16).padStart(2, "0")).join("");
    return join(this.dir, INDEX_DIR, hex);
  }

  async #indexGet(id: string, ifname: string): Promise<IP[]> {
    const text = await readRegularFile(await this.#keyPath(id, ifname)).catch(() => undefined);
    return parseIndex(text);
  }

  async #indexAdd(id: string, ifname: string, ip: IP): Promise<void> {
    const path = await this.#keyPath(id, ifname);
    const ips = parseIndex(await readRegularFile(path).catch(() => undefined));
    if (!ips.some((x) => x.equals(ip))) ips.push(ip);
    await writeFileAtomic(path, formatIndex(ips), FILE_MODE);
  }

  async #indexRemove(id: string, ifname: string, ip: IP): Promise<void> {
    const path = await this.#keyPath(id, ifname);
    const ips = parseIndex(await readRegularFile(path).catch(() => undefined)).filter((x) => !x.equals(ip));
    if (ips.length === 0) await Deno.remove(path).catch(() => {});
    else await writeFileAtomic(path, formatIndex(ips), FILE_MODE);
  }

  async #checkCache(): Promise<void> {
    const state = await this.#loadState();
    if (state && (await this.#stateMatches(state))) {
      for (const id of Object.keys(state.last)) this.#rangeIds.add(id);
      return;
    }
    await io(`Cannot rebuild the cache in "${this.dir}"`, () => this.#rebuild());
  }

  async #loadState(): Promise<CacheState | undefined> {
    try {
      const text = await readRegularFile(join(this.dir, INDEX_DIR, STATE_FILE));
      if (text === undefined) return undefined;
      const state = JSON.parse(text.slice(text.indexOf("\n") + 1)) as CacheState;
      return typeof state === "object" && state && typeof state.last === "object" ? state : undefined;
    } catch {
      return undefined;
    }
  }

  async #stateMatches(state: CacheState): Promise<boolean> {
    const info = await Deno.lstat(this.dir);
    if ((info.mtime?.getTime() ?? null) !== state.mtime) return false;
    for (const id of new Set([...this.#rangeIds, ...Object.keys(state.last)])) {
      const text = await this.#read(LAST_IP_PREFIX + id).catch(() => "\0");
      if ((text ?? null) !== (state.last[id] ?? null)) return false;
    }
    return true;
  }

  async #rebuild(): Promise<void> {
    const indexDir = join(this.dir, INDEX_DIR);
    const info = await Deno.lstat(indexDir).catch(() => undefined);
    if (info) await Deno.remove(indexDir, { recursive: info.isDirectory });
    await ensureRealDir(indexDir, DIR_MODE);
    const groups = new Map<string, { id: string; ifname: string; ips: IP[] }>();
    for (const a of await this.list()) {
      const key = `${a.containerId}\0${a.ifname}`;
      const group = groups.get(key) ?? { id: a.containerId, ifname: a.ifname, ips: [] };
      group.ips.push(a.ip);
      groups.set(key, group);
    }
    for (const g of groups.values()) {
      await writeFileAtomic(await this.#keyPath(g.id, g.ifname), formatIndex(g.ips), FILE_MODE);
    }
    this.#dirty = true;
  }

  async #saveState(): Promise<void> {
    const last: Record<string, string | null> = {};
    for (const id of this.#rangeIds) last[id] = (await this.#read(LAST_IP_PREFIX + id)) ?? null;
    const info = await Deno.lstat(this.dir);
    const state: CacheState = { mtime: info.mtime?.getTime() ?? null, last };
    await writeFileAtomic(
      join(this.dir, INDEX_DIR, STATE_FILE),
      `${INDEX_HEADER}\n${JSON.stringify(state)}`,
      FILE_MODE,
    );
  }

  async #dropState(): Promise<void> {
    await Deno.remove(join(this.dir, INDEX_DIR, STATE_FILE)).catch(() => {});
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
async function io<T>(message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CniError) throw err;
    throw new CniError(ERR_IO, `${message}: ${(err as Error).message}`, { cause: err });
  }
}
