/**
 * host-local as a process: parallel ADDs through the real skel, exhaustion, and a store shared with Debian's
 * /usr/lib/cni/host-local in both directions.
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRY = join(ROOT, "tests", "fixtures", "host_local_entry.ts");
const REFERENCE = "/usr/lib/cni/host-local";
const hasReference = await Deno.stat(REFERENCE).then(() => true, () => false);

interface Outcome {
  code: number;
  json: Record<string, unknown>;
  text: string;
}

/** Runs a host-local binary (ours through deno, or Debian's) for one verb. */
async function run(
  which: "ours" | "reference",
  options: { command: string; containerId: string; config: Record<string, unknown>; ifname?: string },
): Promise<Outcome> {
  const [cmd, args] = which === "ours"
    ? [Deno.execPath(), ["run", "-A", "--quiet", "--config", join(ROOT, "deno.json"), ENTRY]]
    : [REFERENCE, []];
  const child = new Deno.Command(cmd, {
    args,
    env: {
      CNI_COMMAND: options.command,
      CNI_CONTAINERID: options.containerId,
      CNI_NETNS: "/var/run/netns/cnit-none",
      CNI_IFNAME: options.ifname ?? "eth0",
      CNI_PATH: "/usr/lib/cni",
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(options.config)));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  return { code: out.code, json: text.trim() === "" ? {} : JSON.parse(text), text };
}

function addressOf(outcome: Outcome): string {
  assert.equal(outcome.code, 0, JSON.stringify(outcome.json));
  const ips = outcome.json.ips as { address: string }[];
  return ips[0]!.address;
}

async function withDataDir(fn: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "cnit-hl-live-" });
  try {
    await fn(dataDir);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
}

function config(dataDir: string, subnet: string): Record<string, unknown> {
  return { cniVersion: "1.0.0", name: "cnit-net", ipam: { type: "host-local", subnet, dataDir } };
}

async function ipFiles(dataDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(join(dataDir, "cnit-net"))) if (/^[0-9.]+$|:/.test(e.name)) names.push(e.name);
  return names.sort();
}

Deno.test("host-local: 50 parallel ADDs get 50 distinct addresses, 50 DELs release them all", async () => {
  await withDataDir(async (dataDir) => {
    const conf = config(dataDir, "10.250.0.0/24");
    const ids = Array.from({ length: 50 }, (_, i) => `cnit-par-${i}`);
    const adds = await Promise.all(ids.map((id) => run("ours", { command: "ADD", containerId: id, config: conf })));
    const addresses = adds.map(addressOf);
    assert.equal(new Set(addresses).size, 50);
    assert.equal((await ipFiles(dataDir)).length, 50);
    const dels = await Promise.all(ids.map((id) => run("ours", { command: "DEL", containerId: id, config: conf })));
    assert.deepEqual(dels.map((d) => d.code), ids.map(() => 0));
    assert.deepEqual(await ipFiles(dataDir), []);
  });
});

Deno.test("host-local: exhausting a small range fails with a clear error and allocates nothing more", async () => {
  await withDataDir(async (dataDir) => {
    const conf = config(dataDir, "10.250.1.0/29");
    for (let i = 0; i < 5; i++) {
      addressOf(await run("ours", { command: "ADD", containerId: `cnit-ex-${i}`, config: conf }));
    }
    const full = await run("ours", { command: "ADD", containerId: "cnit-ex-5", config: conf });
    assert.equal(full.code, 1);
    assert.match(String(full.json.msg), /no IP addresses available in range set: 10\.250\.1\.1-10\.250\.1\.6/);
    assert.equal((await ipFiles(dataDir)).length, 5);
  });
});

Deno.test({
  name: "host-local: a store written by Debian's plugin is read by ours (DEL releases, no double allocation)",
  ignore: !hasReference,
  fn: async () => {
    await withDataDir(async (dataDir) => {
      const conf = config(dataDir, "10.250.2.0/29");
      const theirs = addressOf(await run("reference", { command: "ADD", containerId: "cnit-a", config: conf }));
      const dup = await run("ours", { command: "ADD", containerId: "cnit-a", config: conf });
      assert.match(String(dup.json.msg), /has been allocated to cnit-a, duplicate allocation is not allowed/);
      const ours = addressOf(await run("ours", { command: "ADD", containerId: "cnit-b", config: conf }));
      assert.notEqual(ours, theirs);
      assert.equal((await run("ours", { command: "CHECK", containerId: "cnit-a", config: conf })).code, 0);
      assert.equal((await run("ours", { command: "DEL", containerId: "cnit-a", config: conf })).code, 0);
      assert.deepEqual(await ipFiles(dataDir), [ours.split("/")[0]!]);
    });
  },
});

Deno.test({
  name: "host-local: a store written by ours is read by Debian's plugin (DEL releases, no double allocation)",
  ignore: !hasReference,
  fn: async () => {
    await withDataDir(async (dataDir) => {
      const conf = config(dataDir, "10.250.3.0/29");
      const ours = addressOf(await run("ours", { command: "ADD", containerId: "cnit-a", config: conf }));
      const dup = await run("reference", { command: "ADD", containerId: "cnit-a", config: conf });
      assert.match(String(dup.json.msg), /duplicate allocation is not allowed/);
      const theirs = addressOf(await run("reference", { command: "ADD", containerId: "cnit-b", config: conf }));
      assert.notEqual(theirs, ours);
      assert.equal((await run("reference", { command: "DEL", containerId: "cnit-a", config: conf })).code, 0);
      assert.deepEqual(await ipFiles(dataDir), [theirs.split("/")[0]!]);
      // Ours notices Debian's changes: the freed address is not reported, the new one cannot be taken twice.
      const again = addressOf(await run("ours", { command: "ADD", containerId: "cnit-c", config: conf }));
      assert.ok(![theirs].includes(again));
      assert.equal((await run("ours", { command: "DEL", containerId: "cnit-b", config: conf })).code, 0);
      assert.deepEqual(await ipFiles(dataDir), [again.split("/")[0]!]);
    });
  },
});

Deno.test({
  name: "host-local: ADD output is byte-identical to Debian's at every version it supports",
  ignore: !hasReference,
  fn: async () => {
    for (const version of ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"]) {
      await withDataDir(async (dataDir) => {
        const conf = (dir: string) => ({
          cniVersion: version,
          name: "cnit-net",
          ipam: {
            type: "host-local",
            ranges: [[{ subnet: "10.250.4.0/24", gateway: "10.250.4.254" }]],
            routes: [{ dst: "0.0.0.0/0" }, { dst: "192.0.2.0/24", gw: "10.250.4.9" }],
            dataDir: join(dataDir, dir),
          },
        });
        const theirs = await run("reference", { command: "ADD", containerId: "cnit-v", config: conf("ref") });
        const ours = await run("ours", { command: "ADD", containerId: "cnit-v", config: conf("ours") });
        assert.equal(theirs.code, 0, theirs.text);
        assert.equal(ours.text, theirs.text, `cniVersion ${version}`);
      });
    }
  },
});
