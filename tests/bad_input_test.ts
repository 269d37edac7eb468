/**
 * Hostile and broken input through the real binary (every launcher): each row names its input and the CNI error
 * code it must get, and the whole table must leave nothing behind (no file outside the row's temp dir, no link,
 * address, route or rule on the host). Rows that need a netns get one that does not exist, so nothing past input
 * checking can run.
 * @module
 */
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { findPlugin } from "../plugins/registry.ts";
import { launchers, runPlugin } from "./fixtures/launcher.ts";
import { diffSnapshots, listFiles, SELF_NETNS, takeSnapshot } from "./fixtures/snapshot.ts";

const ignore = Deno.uid() !== 0;

/** One row: what goes in and the code that must come out. */
interface Row {
  name: string;
  plugin: string;
  code: number;
  env?: Record<string, string>;
  /** The config (an object is serialised; a string is sent as is). */
  stdin: (dir: string) => unknown;
}

const ENV = {
  CNI_COMMAND: "ADD",
  CNI_CONTAINERID: "cnit-bad-c1",
  CNI_NETNS: "/var/run/netns/cnit-bad-none",
  CNI_IFNAME: "eth0",
  CNI_PATH: "/nonexistent",
};

function hostLocal(dir: string, extra: Record<string, unknown> = {}, ipam: Record<string, unknown> = {}) {
  return {
    cniVersion: "1.0.0",
    name: "cnit-bad",
    type: "host-local",
    ipam: { type: "host-local", dataDir: join(dir, "data"), ranges: [[{ subnet: "10.98.0.0/24" }]], ...ipam },
    ...extra,
  };
}

const loopback = { cniVersion: "1.0.0", name: "cnit-bad", type: "loopback" };
const deep = (n: number) =>
  `{"cniVersion":"1.0.0","name":"cnit-bad","type":"host-local","x":${"[".repeat(n)}${"]".repeat(n)}}`;

const ROWS: Row[] = [
  { name: "malformed JSON", plugin: "loopback", code: 6, stdin: () => '{"cniVersion": "1.0.0", "name": ' },
  { name: "empty stdin", plugin: "loopback", code: 6, stdin: () => "" },
  { name: "a JSON array instead of an object", plugin: "loopback", code: 6, stdin: () => "[]" },
  { name: "NUL inside JSON", plugin: "loopback", code: 6, stdin: () => '{"name":"a\u0000"}' },
  { name: "cniVersion of the wrong type", plugin: "loopback", code: 6, stdin: () => ({ ...loopback, cniVersion: 1 }) },
  { name: "unknown cniVersion", plugin: "loopback", code: 1, stdin: () => ({ ...loopback, cniVersion: "9.9.9" }) },
  { name: "cniVersion with a v prefix", plugin: "loopback", code: 1, stdin: () => ({ ...loopback, cniVersion: "v1" }) },
  { name: "ranges of the wrong type", plugin: "host-local", code: 7, stdin: (d) => hostLocal(d, {}, { ranges: "x" }) },
  {
    name: "subnet a number",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, {}, { ranges: [[{ subnet: 1 }]] }),
  },
  {
    name: "rangeStart outside the subnet",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, {}, { ranges: [[{ subnet: "10.98.0.0/24", rangeStart: "10.99.0.5" }]] }),
  },
  {
    name: "huge prefix length",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, {}, { ranges: [[{ subnet: "10.98.0.0/99" }]] }),
  },
  {
    name: "bridge mtu a string",
    plugin: "bridge",
    code: 7,
    stdin: () => ({ ...loopback, type: "bridge", mtu: "1500" }),
  },
  { name: "bridge mtu 1e308", plugin: "bridge", code: 7, stdin: () => ({ ...loopback, type: "bridge", mtu: 1e308 }) },
  {
    name: "bridge isGateway a string",
    plugin: "bridge",
    code: 7,
    stdin: () => ({ ...loopback, type: "bridge", isGateway: "yes" }),
  },
  { name: "deeply nested unknown field", plugin: "host-local", code: 7, stdin: () => deep(100000) },
  {
    name: "interface name too long",
    plugin: "loopback",
    code: 4,
    env: { CNI_IFNAME: "cnit0123456789abc" },
    stdin: () => loopback,
  },
  { name: "interface name with /", plugin: "loopback", code: 4, env: { CNI_IFNAME: "a/b" }, stdin: () => loopback },
  { name: "interface name ..", plugin: "loopback", code: 4, env: { CNI_IFNAME: ".." }, stdin: () => loopback },
  {
    name: "interface name with a space",
    plugin: "loopback",
    code: 4,
    env: { CNI_IFNAME: "eth 0" },
    stdin: () => loopback,
  },
  {
    name: "container ID with bad characters",
    plugin: "host-local",
    code: 4,
    env: { CNI_CONTAINERID: "../../etc/passwd" },
    stdin: (d) => hostLocal(d),
  },
  {
    name: "container ID with a newline",
    plugin: "host-local",
    code: 4,
    env: { CNI_CONTAINERID: "a\nb" },
    stdin: (d) => hostLocal(d),
  },
  {
    name: "empty container ID",
    plugin: "host-local",
    code: 3,
    env: { CNI_CONTAINERID: "" },
    stdin: (d) => hostLocal(d),
  },
  {
    name: "network name with ../",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, { name: "../../escape" }),
  },
  { name: "network name /", plugin: "host-local", code: 7, stdin: (d) => hostLocal(d, { name: "/" }) },
  { name: "network name ..", plugin: "host-local", code: 7, stdin: (d) => hostLocal(d, { name: ".." }) },
  { name: "empty network name", plugin: "host-local", code: 7, stdin: (d) => hostLocal(d, { name: "" }) },
  {
    name: "host-local dataDir with a NUL byte",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, {}, { dataDir: `${d}/data\u0000/x` }),
  },
  {
    name: "host-local dataDir relative",
    plugin: "host-local",
    code: 7,
    stdin: (d) => hostLocal(d, {}, { dataDir: "cnit-relative/../../cnit-escape" }),
  },
  {
    name: "tuning sysctl key escaping /proc/sys/net",
    plugin: "tuning",
    code: 7,
    stdin: () => ({ ...loopback, type: "tuning", sysctl: { "net/../../kernel/hostname": "cnit" } }),
  },
  {
    name: "tuning sysctl key outside net",
    plugin: "tuning",
    code: 7,
    stdin: () => ({ ...loopback, type: "tuning", sysctl: { "kernel.hostname": "cnit" } }),
  },
  {
    name: "prevResult a string",
    plugin: "tuning",
    code: 7,
    stdin: () => ({ ...loopback, type: "tuning", prevResult: "x" }),
  },
  {
    name: "prevResult with a bad address",
    plugin: "tuning",
    code: 7,
    stdin: () => ({ ...loopback, type: "tuning", prevResult: { cniVersion: "1.0.0", ips: [{ address: "bogus" }] } }),
  },
  {
    name: "prevResult of an unknown version",
    plugin: "tuning",
    code: 1,
    stdin: () => ({ ...loopback, type: "tuning", prevResult: { cniVersion: "7.0.0", ips: [] } }),
  },
  {
    name: "prevResult in 0.2.0 shape labelled 1.0.0",
    plugin: "tuning",
    code: 7,
    stdin: () => ({
      ...loopback,
      type: "tuning",
      prevResult: { cniVersion: "1.0.0", ip4: { ip: "10.0.0.2/24" }, ips: { address: "10.0.0.2/24" } },
    }),
  },
  {
    name: "stdin over 16 MiB",
    plugin: "loopback",
    code: 5,
    stdin: () => JSON.stringify({ ...loopback, pad: "x".repeat(16 * 1024 * 1024) }),
  },
  { name: "missing CNI_NETNS on ADD", plugin: "loopback", code: 4, env: { CNI_NETNS: "" }, stdin: () => loopback },
  {
    name: "missing CNI_IFNAME on DEL",
    plugin: "loopback",
    code: 4,
    env: { CNI_COMMAND: "DEL", CNI_IFNAME: "" },
    stdin: () => loopback,
  },
  { name: "unknown command", plugin: "loopback", code: 4, env: { CNI_COMMAND: "EXPLODE" }, stdin: () => loopback },
  { name: "lower-case command", plugin: "loopback", code: 4, env: { CNI_COMMAND: "add" }, stdin: () => loopback },
  { name: "malformed CNI_ARGS", plugin: "loopback", code: 4, env: { CNI_ARGS: "a=b=c" }, stdin: () => loopback },
  { name: "GC at 1.0.0", plugin: "host-local", code: 1, env: { CNI_COMMAND: "GC" }, stdin: (d) => hostLocal(d) },
];

Deno.test({
  name: "bad input: every hostile row gets its CNI code from the binary and leaves nothing behind",
  ignore,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "cnit-bad-" });
    const escape = resolve(Deno.cwd(), "..", "cnit-escape"); // where the relative dataDir row would land
    const watched = ["/var/lib/cni", "/run/cni", escape];
    try {
      const before = await takeSnapshot(SELF_NETNS, { dirs: watched });
      const failures: string[] = [];
      for (const launcher of await launchers()) {
        for (const row of ROWS) {
          if (!findPlugin(row.plugin)) continue;
          const input = row.stdin(dir);
          const outcome = await runPlugin(launcher, row.plugin, {
            env: { ...ENV, ...row.env },
            stdin: typeof input === "string" ? input : JSON.stringify(input),
          });
          let code: unknown;
          try {
            code = (JSON.parse(outcome.stdout) as { code?: unknown }).code;
          } catch {
            code = `non-JSON stdout ${JSON.stringify(outcome.stdout.slice(0, 200))}`;
          }
          if (outcome.code !== 1 || code !== row.code) {
            failures.push(
              `${launcher.name} ${row.plugin} "${row.name}": want ${row.code}, got exit ${outcome.code} code ${code}: ${
                outcome.stdout.slice(0, 300)
              }${outcome.stderr.slice(0, 300)}`,
            );
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(listFiles(join(dir, "data")).map((f) => f.path), [], "a refused ADD allocated nothing");
      assert.equal(listFiles(escape).length, 0, `nothing written at ${escape}`);
      const after = await takeSnapshot(SELF_NETNS, { dirs: watched });
      assert.deepEqual(diffSnapshots(before, after), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(escape, { recursive: true }).catch(() => {});
    }
  },
});
