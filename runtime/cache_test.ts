import { deepStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { type CacheEntry, decodeCacheFile, encodeCacheEntry, ResultCache } from "./cache.ts";

const CONFIG = '{"cniVersion":"1.0.0","name":"net1","plugins":[{"type":"bridge"}]}\n';

function sampleEntry(): CacheEntry {
  return {
    containerId: "ctr1",
    config: new TextEncoder().encode(CONFIG),
    ifName: "eth0",
    networkName: "net1",
    netns: "/var/run/netns/cnit-a",
    cniArgs: [["IgnoreUnknown", "1"], ["K8S_POD_NAME", "web<1>"]],
    capabilityArgs: {
      portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }],
      mac: "aa:bb:cc:dd:ee:ff",
    },
    result: {
      cniVersion: "1.0.0",
      interfaces: [{ name: "eth0", mac: "aa:bb:cc:dd:ee:ff", sandbox: "/var/run/netns/cnit-a" }],
      ips: [{ interface: 0, address: "10.1.0.5/24", gateway: "10.1.0.1" }],
      dns: {},
    },
  };
}

// What libcni v1.3.0 writes for the entry above: cachedInfo's struct field order, []byte as standard base64,
// maps (capabilityArgs, result) with sorted keys, and Go's HTML escaping (<, > as \u003c, \u003e).
const LIBCNI_BYTES = '{"kind":"cniCacheV1","containerId":"ctr1",' +
  '"config":"eyJjbmlWZXJzaW9uIjoiMS4wLjAiLCJuYW1lIjoibmV0MSIsInBsdWdpbnMiOlt7InR5cGUiOiJicmlkZ2UifV19Cg==",' +
  '"ifName":"eth0","networkName":"net1","netns":"/var/run/netns/cnit-a",' +
  '"cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAME","web\\u003c1\\u003e"]],' +
  '"capabilityArgs":{"mac":"aa:bb:cc:dd:ee:ff","portMappings":[{"containerPort":80,"hostPort":8080,"protocol":"tcp"}]},' +
  '"result":{"cniVersion":"1.0.0","dns":{},' +
  '"interfaces":[{"mac":"aa:bb:cc:dd:ee:ff","name":"eth0","sandbox":"/var/run/netns/cnit-a"}],' +
  '"ips":[{"address":"10.1.0.5/24","gateway":"10.1.0.1","interface":0}]}}';

Deno.test("encodeCacheEntry() writes exactly libcni's cniCacheV1 bytes", () => {
  strictEqual(encodeCacheEntry(sampleEntry()), LIBCNI_BYTES);
});

Deno.test("encodeCacheEntry() leaves out empty netns, cniArgs and capabilityArgs (omitempty)", () => {
  const entry: CacheEntry = { containerId: "c", config: new Uint8Array(), ifName: "eth0", networkName: "n" };
  entry.cniArgs = [];
  entry.capabilityArgs = {};
  strictEqual(
    encodeCacheEntry(entry),
    '{"kind":"cniCacheV1","containerId":"c","config":"","ifName":"eth0","networkName":"n"}',
  );
});

Deno.test("decodeCacheFile() reads libcni's bytes back, and anything else as a legacy result", () => {
  const record = decodeCacheFile(new TextEncoder().encode(LIBCNI_BYTES));
  strictEqual(record.kind, "cniCacheV1");
  if (record.kind === "cniCacheV1") {
    strictEqual(new TextDecoder().decode(record.entry.config), CONFIG);
    deepStrictEqual(record.entry.cniArgs, sampleEntry().cniArgs);
    strictEqual(encodeCacheEntry(record.entry), LIBCNI_BYTES);
  }
  deepStrictEqual(decodeCacheFile(new TextEncoder().encode('{"cniVersion":"0.3.1","ips":[]}')), {
    kind: "legacy",
    result: { cniVersion: "0.3.1", ips: [] },
  });
  throws(() => decodeCacheFile(new Uint8Array()), SyntaxError);
});

Deno.test("ResultCache.write() creates results/ 0700 and the file 0600 under libcni's name", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-cache-" });
  try {
    const cache = new ResultCache(dir);
    await cache.write(sampleEntry());
    strictEqual((await Deno.stat(`${dir}/results`)).mode! & 0o777, 0o700);
    const file = `${dir}/results/net1-ctr1-eth0`;
    strictEqual((await Deno.stat(file)).mode! & 0o777, 0o600);
    strictEqual(await Deno.readTextFile(file), LIBCNI_BYTES);
    deepStrictEqual([...Deno.readDirSync(`${dir}/results`)].map((e) => e.name), ["net1-ctr1-eth0"]);
    await cache.remove("net1", "ctr1", "eth0");
    await cache.remove("net1", "ctr1", "eth0");
    strictEqual(await cache.read("net1", "ctr1", "eth0"), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache.read() throws on an empty file and filePath() rejects empty parts", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-cache-" });
  try {
    const cache = new ResultCache(dir);
    await Deno.mkdir(`${dir}/results`);
    await Deno.writeTextFile(`${dir}/results/n-c-eth0`, "");
    await rejects(cache.read("n", "c", "eth0"), SyntaxError);
    throws(() => cache.filePath("n", "", "eth0"), /cache file path requires network name/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ResultCache.attachments() lists sorted entries, filtered, skipping foreign and broken files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-cache-" });
  try {
    const cache = new ResultCache(dir);
    strictEqual((await cache.attachments()).length, 0);
    const base = sampleEntry();
    await cache.write({ ...base, networkName: "net2", containerId: "ctr1" });
    await cache.write({ ...base, networkName: "net1", containerId: "ctr2" });
    await cache.write({ ...base, networkName: "net1", containerId: "ctr1", ifName: "eth1" });
    await Deno.writeTextFile(`${dir}/results/net1-ctr9-eth0`, "");
    await Deno.writeTextFile(`${dir}/results/net1-ctr8-eth0`, '{"cniVersion":"0.4.0"}');
    const key = (e: CacheEntry) => `${e.networkName}/${e.containerId}/${e.ifName}`;
    deepStrictEqual((await cache.attachments()).map(key), ["net1/ctr1/eth1", "net1/ctr2/eth0", "net2/ctr1/eth0"]);
    deepStrictEqual((await cache.attachments({ containerId: "ctr1" })).map(key), ["net1/ctr1/eth1", "net2/ctr1/eth0"]);
    deepStrictEqual((await cache.attachments({ network: "net1" })).map(key), ["net1/ctr1/eth1", "net1/ctr2/eth0"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
