import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { IP } from "../../addr/mod.ts";
import { CniError } from "../../cni/mod.ts";
import { DiskStore, storeDir } from "./disk_store.ts";
import { FileLock } from "./lock.ts";

async function tempDataDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "cnit-hl-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

const ip = (s: string) => IP.parse(s);

Deno.test("DiskStore.reserve() writes the reference's files: <ip> as id CRLF ifname (0600), last_reserved_ip.N", async () => {
  await using data = await tempDataDir();
  {
    await using store = await DiskStore.open(data.path, "net1");
    assert.equal(await store.reserve("c1", "eth0", ip("10.0.0.2"), "0"), true);
    assert.equal(await store.reserve("c2", "eth0", ip("10.0.0.2"), "0"), false);
  }
  const dir = join(data.path, "net1");
  assert.equal(await Deno.readTextFile(join(dir, "10.0.0.2")), "c1\r\neth0");
  assert.equal((await Deno.stat(join(dir, "10.0.0.2"))).mode! & 0o777, 0o600);
  assert.equal(await Deno.readTextFile(join(dir, "last_reserved_ip.0")), "10.0.0.2");
  assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o755);
  assert.equal((await Deno.stat(join(dir, "lock"))).isFile, true);
});

Deno.test("DiskStore keeps its container cache in .by_container/<first 40 hex digits of sha256(id NUL ifname)>", async () => {
  // The names must not change between versions: a store written by an older build is read by a newer one.
  await using data = await tempDataDir();
  {
    await using store = await DiskStore.open(data.path, "net1");
    await store.reserve("cnit-ctr-é", "eth0", ip("10.0.0.2"), "0");
  }
  const key = createHash("sha256").update("cnit-ctr-é\0eth0").digest("hex").slice(0, 40);
  const names = [...Deno.readDirSync(join(data.path, "net1", ".by_container"))].map((e) => e.name);
  assert.ok(names.includes(key), `${key} not in ${names.join(", ")}`);
});

Deno.test("storeDir() joins and normalises like node:path's join (it no longer imports node:path)", () => {
  const dataDirs = [
    "/var/lib/cni/networks",
    "/var/lib/cni/networks/",
    "//var//lib/./cni/",
    "/a/b/../c",
    "/",
    "rel/x",
    "",
  ];
  for (const dataDir of dataDirs) assert.equal(storeDir(dataDir, "net1"), join(dataDir, "net1"), dataDir);
});

Deno.test("DiskStore.releaseByID() frees only the container/ifname's files and is idempotent", async () => {
  await using data = await tempDataDir();
  await using store = await DiskStore.open(data.path, "net1");
  await store.reserve("c1", "eth0", ip("10.0.0.2"), "0");
  await store.reserve("c1", "eth1", ip("10.0.0.3"), "0");
  await store.reserve("c1", "eth0", ip("fd00::2"), "1");
  assert.deepEqual((await store.releaseByID("c1", "eth0")).map(String).sort(), ["10.0.0.2", "fd00::2"]);
  assert.deepEqual(await store.releaseByID("c1", "eth0"), []);
  assert.deepEqual((await store.getByID("c1", "eth1")).map(String), ["10.0.0.3"]);
});

Deno.test("DiskStore sees files another plugin wrote while it was closed (cache rebuilt), ID-only ones too", async () => {
  await using data = await tempDataDir();
  {
    await using store = await DiskStore.open(data.path, "net1");
    await store.reserve("c1", "eth0", ip("10.0.0.2"), "0");
  }
  const dir = join(data.path, "net1");
  await Deno.writeTextFile(join(dir, "10.0.0.3"), "c2\r\neth0");
  await Deno.writeTextFile(join(dir, "10.0.0.4"), "c3");
  await Deno.writeTextFile(join(dir, "last_reserved_ip.0"), "10.0.0.4");
  await using store = await DiskStore.open(data.path, "net1", { rangeIds: ["0"] });
  assert.deepEqual((await store.getByID("c2", "eth0")).map(String), ["10.0.0.3"]);
  assert.deepEqual((await store.getByID("c3", "eth9")).map(String), ["10.0.0.4"]);
  assert.deepEqual((await store.releaseByID("c3", "eth9")).map(String), ["10.0.0.4"]);
  assert.deepEqual((await store.list()).map((a) => `${a.ip} ${a.containerId} ${a.ifname}`).sort(), [
    "10.0.0.2 c1 eth0",
    "10.0.0.3 c2 eth0",
  ]);
});

Deno.test("DiskStore sees a release done by another plugin (stale cache entries are verified away)", async () => {
  await using data = await tempDataDir();
  {
    await using store = await DiskStore.open(data.path, "net1");
    await store.reserve("c1", "eth0", ip("10.0.0.2"), "0");
  }
  await Deno.remove(join(data.path, "net1", "10.0.0.2"));
  await using store = await DiskStore.open(data.path, "net1");
  assert.deepEqual(await store.getByID("c1", "eth0"), []);
});

Deno.test("DiskStore never follows symlinks planted in the store", async () => {
  await using data = await tempDataDir();
  const outside = join(data.path, "outside");
  await Deno.writeTextFile(outside, "secret");
  const dir = join(data.path, "net1");
  await Deno.mkdir(dir);
  await Deno.symlink(outside, join(dir, "10.0.0.2"));
  await Deno.symlink(outside, join(dir, "last_reserved_ip.0"));
  {
    await using store = await DiskStore.open(data.path, "net1");
    assert.equal(await store.reserve("c1", "eth0", ip("10.0.0.2"), "0"), false);
    assert.equal(await store.reserve("c1", "eth0", ip("10.0.0.3"), "0"), true);
    assert.deepEqual(await store.releaseByID("c9", "eth0"), []);
  }
  assert.equal(await Deno.readTextFile(outside), "secret");
  assert.equal((await Deno.lstat(join(dir, "last_reserved_ip.0"))).isSymlink, false);
  await Deno.symlink(data.path, join(data.path, "net2"));
  await assert.rejects(DiskStore.open(data.path, "net2"), (e: Error) => e instanceof CniError && e.code === 5);
});

Deno.test("DiskStore.open() refuses network names that leave dataDir (code 7)", async () => {
  await using data = await tempDataDir();
  for (const name of ["../x", "a/b", ".", "..", "", "a\0b"]) {
    await assert.rejects(DiskStore.open(data.path, name), (e: Error) => e instanceof CniError && e.code === 7);
  }
});

Deno.test("DiskStore.open() fails with code 5 when the store cannot be created", async () => {
  await using data = await tempDataDir();
  const file = join(data.path, "file");
  await Deno.writeTextFile(file, "");
  await assert.rejects(DiskStore.open(file, "net1"), (e: Error) => e instanceof CniError && e.code === 5);
});

Deno.test("DiskStore.open() fails with code 11 when the lock stays held past the timeout", async () => {
  await using data = await tempDataDir();
  await Deno.mkdir(join(data.path, "net1"));
  const lockPath = join(data.path, "net1", "lock");
  const held = await FileLock.acquire(lockPath);
  await assert.rejects(
    DiskStore.open(data.path, "net1", { lockTimeoutMs: 50 }),
    (e: Error) => e instanceof CniError && e.code === 11,
  );
  held.release();
  // The timed-out flock is still queued; taking the lock again waits until it has been granted and dropped.
  (await FileLock.acquire(lockPath)).release();
});

Deno.test("DiskStore rebuilds its cache when only last_reserved_ip changed (directory mtime restored)", async () => {
  await using data = await tempDataDir();
  const dir = join(data.path, "net1");
  {
    await using store = await DiskStore.open(data.path, "net1");
    await store.reserve("c1", "eth0", ip("10.0.0.2"), "0");
  }
  const before = (await Deno.stat(dir)).mtime!;
  await Deno.writeTextFile(join(dir, "10.0.0.3"), "c2\r\neth0");
  await Deno.writeTextFile(join(dir, "last_reserved_ip.0"), "10.0.0.3");
  await Deno.utime(dir, before, before);
  await using store = await DiskStore.open(data.path, "net1", { rangeIds: ["0"] });
  assert.deepEqual((await store.getByID("c2", "eth0")).map(String), ["10.0.0.3"]);
});
