import assert from "node:assert/strict";
import * as z from "zod/mini";
import { CniError } from "./errors.ts";
import { netconf } from "./netconf.ts";
import type { Plugin, PluginContext } from "./plugin.ts";
import type { Result } from "./result.ts";
import { invokePlugin, MAX_STDIN_BYTES, type SkelOutcome } from "./skel.ts";
import { SPEC_VERSIONS } from "./version.ts";

// A tiny plugin whose config tells it what to do, so every error path can be reached through the real dispatcher.
const FakeConfig = netconf({
  bridge: z._default(z.string(), "cni0"),
  throwCode: z.optional(z.number().check(z.int())),
  throwPlain: z.optional(z.string()),
  ipam: z.optional(z.looseObject({
    type: z.string(),
    ranges: z.optional(z.array(z.array(z.looseObject({ subnet: z.string() })))),
  })),
});
type FakeConfig = z.infer<typeof FakeConfig>;

const RESULT: Result = {
  cniVersion: "1.1.0",
  interfaces: [{ name: "eth0", mac: "0a:58:0a:16:00:07", mtu: 1500, sandbox: "/var/run/netns/cnit-skel" }],
  ips: [
    { interface: 0, address: "10.22.0.7/16", gateway: "10.22.0.1" },
    { interface: 0, address: "fd00:22::7/64", gateway: "fd00:22::1" },
  ],
  routes: [{ dst: "0.0.0.0/0", gw: "10.22.0.1", priority: 5 }],
  dns: {},
};

function makePlugin(seen: PluginContext<FakeConfig>[], options: { verbs?: boolean } = {}): Plugin<FakeConfig> {
  const act = (ctx: PluginContext<FakeConfig>) => {
    seen.push(ctx);
    if (ctx.config.throwCode !== undefined) {
      throw new CniError(ctx.config.throwCode, `fake failure ${ctx.config.throwCode}`);
    }
    if (ctx.config.throwPlain !== undefined) throw new Error(ctx.config.throwPlain);
  };
  const plugin: Plugin<FakeConfig> = {
    type: "fake",
    description: "test plugin",
    config: FakeConfig,
    add(ctx) {
      act(ctx);
      return RESULT;
    },
    del: act,
  };
  return options.verbs === false ? plugin : { ...plugin, check: act, gc: act, status: act };
}

const BASE_ENV = {
  CNI_CONTAINERID: "cnit-0123",
  CNI_NETNS: "/var/run/netns/cnit-skel",
  CNI_IFNAME: "eth0",
  CNI_PATH: "/opt/cni/bin:/usr/lib/cni",
};

function conf(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cniVersion: "1.1.0", name: "cnit-net", type: "fake", ...extra };
}

async function run(
  env: Record<string, string>,
  stdin: unknown,
  options: { verbs?: boolean } = {},
): Promise<SkelOutcome & { seen: PluginContext<FakeConfig>[] }> {
  const seen: PluginContext<FakeConfig>[] = [];
  const bytes = stdin instanceof Uint8Array
    ? stdin
    : new TextEncoder().encode(typeof stdin === "string" ? stdin : JSON.stringify(stdin));
  const outcome = await invokePlugin(makePlugin(seen, options) as Plugin<unknown>, { env, stdin: bytes });
  return { ...outcome, seen };
}

interface ErrorCase {
  name: string;
  env: Record<string, string>;
  stdin: unknown;
  code: number;
  msg: string | RegExp;
  details?: string;
  cniVersion?: string;
}

const add = { ...BASE_ENV, CNI_COMMAND: "ADD" };
const errorCases: ErrorCase[] = [
  {
    name: "unsupported config version",
    env: add,
    stdin: conf({ cniVersion: "9.9.9" }),
    code: 1,
    msg: "incompatible CNI versions",
    details: 'config is "9.9.9", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0" "1.1.0"]',
    cniVersion: "9.9.9",
  },
  {
    name: "CHECK below 0.4.0",
    env: { ...BASE_ENV, CNI_COMMAND: "CHECK" },
    stdin: conf({ cniVersion: "0.3.1" }),
    code: 1,
    msg: "config version does not allow CHECK",
    details: 'CHECK needs cniVersion 0.4.0 or later, config is "0.3.1"',
    cniVersion: "0.3.1",
  },
  {
    name: "GC below 1.1.0",
    env: { CNI_COMMAND: "GC" },
    stdin: conf({ cniVersion: "1.0.0" }),
    code: 1,
    msg: "config version does not allow GC",
    details: 'GC needs cniVersion 1.1.0 or later, config is "1.0.0"',
    cniVersion: "1.0.0",
  },
  {
    name: "STATUS below 1.1.0",
    env: { CNI_COMMAND: "STATUS" },
    stdin: conf({ cniVersion: "0.4.0" }),
    code: 1,
    msg: "config version does not allow STATUS",
    details: 'STATUS needs cniVersion 1.1.0 or later, config is "0.4.0"',
    cniVersion: "0.4.0",
  },
  { name: "plugin refuses a field", env: add, stdin: conf({ throwCode: 2 }), code: 2, msg: "fake failure 2" },
  {
    name: "empty container ID",
    env: { ...add, CNI_CONTAINERID: "" },
    stdin: conf(),
    code: 3,
    msg: "missing containerID",
  },
  {
    name: "missing variables, all named",
    env: { CNI_COMMAND: "ADD", CNI_CONTAINERID: "c1" },
    stdin: conf(),
    code: 4,
    msg: "required env variables [CNI_NETNS,CNI_IFNAME] missing",
  },
  {
    name: "unknown command",
    env: { ...BASE_ENV, CNI_COMMAND: "FROB" },
    stdin: conf(),
    code: 4,
    msg: "unknown CNI_COMMAND: FROB",
  },
  {
    name: "bad container ID",
    env: { ...add, CNI_CONTAINERID: "../etc" },
    stdin: conf(),
    code: 4,
    msg: "invalid characters in containerID",
    details: "../etc",
  },
  {
    name: "bad interface name",
    env: { ...add, CNI_IFNAME: "eth0:1" },
    stdin: conf(),
    code: 4,
    msg: /interface name contains/,
  },
  {
    name: "malformed CNI_ARGS",
    env: { ...add, CNI_ARGS: "IP=1=2" },
    stdin: conf(),
    code: 4,
    msg: 'ARGS: invalid pair "IP=1=2"',
  },
  {
    name: "stdin over 16 MiB",
    env: add,
    stdin: new Uint8Array(MAX_STDIN_BYTES + 1),
    code: 5,
    msg: /^Cannot read stdin: more than 16777216 bytes/,
  },
  { name: "malformed JSON", env: add, stdin: '{"cniVersion": ', code: 6, msg: /^Cannot decode network config: / },
  { name: "JSON that is not an object", env: add, stdin: "[1]", code: 6, msg: /expected a JSON object/ },
  {
    name: "cniVersion that is not a string",
    env: add,
    stdin: conf({ cniVersion: 1 }),
    code: 6,
    msg: /cniVersion must be a string/,
  },
  {
    name: "missing network name",
    env: add,
    stdin: { cniVersion: "1.1.0", type: "fake" },
    code: 7,
    msg: "missing network name",
  },
  {
    name: "bad network name",
    env: add,
    stdin: conf({ name: "a b" }),
    code: 7,
    msg: "invalid characters found in network name",
    details: "a b",
  },
  {
    name: "schema failure names the path",
    env: add,
    stdin: conf({ ipam: { type: "host-local", ranges: [[{ subnet: 24 }]] } }),
    code: 7,
    msg: /^Cannot parse network config: ipam\.ranges\[0\]\[0\]\.subnet: Invalid input/,
  },
  {
    name: "malformed prevResult",
    env: add,
    stdin: conf({ prevResult: { ips: [{ address: "10.0.0.1" }] } }),
    code: 7,
    msg: /^Cannot parse prevResult: ips\[0\]\.address: invalid CIDR address "10\.0\.0\.1"/,
  },
  {
    name: "malformed valid-attachments",
    env: { CNI_COMMAND: "GC" },
    stdin: conf({ "cni.dev/valid-attachments": [{ containerID: 1 }] }),
    code: 7,
    msg: /^Cannot parse cni\.dev\/valid-attachments: \[0\]\.containerID/,
  },
  { name: "transient failure", env: add, stdin: conf({ throwCode: 11 }), code: 11, msg: "fake failure 11" },
  {
    name: "STATUS not available",
    env: { CNI_COMMAND: "STATUS" },
    stdin: conf({ throwCode: 50 }),
    code: 50,
    msg: "fake failure 50",
  },
  {
    name: "STATUS limited connectivity",
    env: { CNI_COMMAND: "STATUS" },
    stdin: conf({ throwCode: 51 }),
    code: 51,
    msg: "fake failure 51",
  },
  {
    name: "plugin-specific code",
    env: { ...BASE_ENV, CNI_COMMAND: "DEL" },
    stdin: conf({ throwCode: 142 }),
    code: 142,
    msg: "fake failure 142",
  },
  {
    name: "plain error",
    env: add,
    stdin: conf({ throwPlain: "boom: link exists" }),
    code: 999,
    msg: "boom: link exists",
  },
];

for (const c of errorCases) {
  Deno.test(`invokePlugin() reports ${c.name} as code ${c.code}`, async () => {
    const out = await run(c.env, c.stdin);
    assert.equal(out.exitCode, 1);
    assert.equal(out.stderr, "");
    const json = JSON.parse(out.stdout);
    assert.equal(json.code, c.code, out.stdout);
    if (typeof c.msg === "string") assert.equal(json.msg, c.msg);
    else assert.match(json.msg, c.msg);
    assert.equal(json.details, c.details);
    assert.equal(json.cniVersion, c.cniVersion ?? "1.1.0");
    assert.deepEqual(Object.keys(json).filter((k) => k !== "details"), ["cniVersion", "code", "msg"]);
    assert.ok(out.stdout.startsWith('{\n    "cniVersion"'), "indented with 4 spaces as Go does");
  });
}

Deno.test("invokePlugin() error JSON carries the config's cniVersion", async () => {
  const out = await run(add, conf({ cniVersion: "0.4.0", throwCode: 11 }));
  assert.equal(JSON.parse(out.stdout).cniVersion, "0.4.0");
});

for (const version of SPEC_VERSIONS) {
  Deno.test(`invokePlugin() ADD prints the result converted to config version ${version}`, async () => {
    const out = await run(add, conf({ cniVersion: version }));
    assert.equal(out.exitCode, 0, out.stdout);
    const json = JSON.parse(out.stdout);
    assert.equal(json.cniVersion, version);
    if (version === "0.1.0" || version === "0.2.0") {
      assert.deepEqual(json.ip4, {
        ip: "10.22.0.7/16",
        gateway: "10.22.0.1",
        routes: [{ dst: "0.0.0.0/0", gw: "10.22.0.1" }],
      });
      assert.deepEqual(json.ip6, { ip: "fd00:22::7/64", gateway: "fd00:22::1" });
    } else if (version.startsWith("0.")) {
      assert.deepEqual(json.ips.map((ip: { version: string }) => ip.version), ["4", "6"]);
      assert.deepEqual(json.routes, [{ dst: "0.0.0.0/0", gw: "10.22.0.1" }]);
    } else {
      assert.equal(json.ips[0].version, undefined);
      assert.equal(json.routes[0].priority, version === "1.1.0" ? 5 : undefined);
      assert.equal(json.interfaces[0].mtu, version === "1.1.0" ? 1500 : undefined);
    }
    assert.deepEqual(json.dns, {});
  });
}

Deno.test("invokePlugin() ADD fills the context from env and stdin", async () => {
  const stdin = conf({ Bridge: "br-cnit", ipMasq: true, unknownKey: { kept: 1 } });
  const out = await run({ ...add, CNI_ARGS: "IgnoreUnknown=1;K8S_POD_NAME=web" }, stdin);
  assert.equal(out.exitCode, 0, out.stdout);
  const ctx = out.seen[0];
  assert.ok(ctx);
  assert.equal(ctx.command, "ADD");
  assert.equal(ctx.config.bridge, "br-cnit", "Go matches keys case-insensitively");
  assert.equal(ctx.config.ipMasq, true);
  assert.deepEqual((ctx.config as Record<string, unknown>).unknownKey, { kept: 1 });
  assert.equal(ctx.cniVersion, "1.1.0");
  assert.equal(ctx.network, "cnit-net");
  assert.equal(ctx.containerId, "cnit-0123");
  assert.equal(ctx.netns, "/var/run/netns/cnit-skel");
  assert.equal(ctx.ifname, "eth0");
  assert.deepEqual(ctx.args, [["IgnoreUnknown", "1"], ["K8S_POD_NAME", "web"]]);
  assert.deepEqual(ctx.path, ["/opt/cni/bin", "/usr/lib/cni"]);
  assert.equal(ctx.prevResult, undefined);
  assert.deepEqual(ctx.validAttachments, []);
  assert.equal(new TextDecoder().decode(ctx.stdin), JSON.stringify(stdin));
  assert.equal(ctx.env.CNI_ARGS, "IgnoreUnknown=1;K8S_POD_NAME=web");
});

Deno.test("invokePlugin() folds the case of base keys before validating them, as Go does", async () => {
  const out = await run(add, { CNIVERSION: "0.4.0", Name: "cnit-net", Type: "fake" });
  assert.equal(out.exitCode, 0, out.stdout);
  assert.equal(out.seen[0]?.network, "cnit-net");
  assert.equal(out.seen[0]?.cniVersion, "0.4.0");
});

Deno.test("invokePlugin() parses prevResult in the config's version when it has none", async () => {
  const prevResult = { interfaces: [{ name: "eth0" }], ips: [{ version: "4", interface: 0, address: "10.1.0.2/24" }] };
  const out = await run(add, conf({ cniVersion: "0.4.0", prevResult }));
  assert.equal(out.exitCode, 0, out.stdout);
  assert.deepEqual(out.seen[0]?.prevResult, {
    cniVersion: "0.4.0",
    interfaces: [{ name: "eth0" }],
    ips: [{ interface: 0, address: "10.1.0.2/24" }],
    dns: {},
  });
});

Deno.test("invokePlugin() DEL needs no CNI_NETNS and prints nothing", async () => {
  const { CNI_NETNS: _, ...env } = { ...BASE_ENV, CNI_COMMAND: "DEL" };
  const out = await run(env, conf());
  assert.deepEqual([out.exitCode, out.stdout, out.stderr], [0, "", ""]);
  assert.equal(out.seen[0]?.netns, "");
});

Deno.test("invokePlugin() CNI_PATH is optional", async () => {
  const { CNI_PATH: _, ...env } = add;
  const out = await run(env, conf());
  assert.equal(out.exitCode, 0, out.stdout);
  assert.deepEqual(out.seen[0]?.path, []);
});

Deno.test("invokePlugin() answers CHECK, GC and STATUS with success when the plugin has no method", async () => {
  for (const command of ["CHECK", "GC", "STATUS"]) {
    const out = await run({ ...BASE_ENV, CNI_COMMAND: command }, conf(), { verbs: false });
    assert.deepEqual([out.exitCode, out.stdout], [0, ""], command);
    assert.equal(out.seen.length, 0);
  }
});

Deno.test("invokePlugin() GC reads cni.dev/valid-attachments, falling back to cni.dev/attachments", async () => {
  const a = [{ containerID: "c1", ifname: "eth0" }];
  const b = [{ containerID: "c2", ifname: "net1" }];
  const both = await run({ CNI_COMMAND: "GC" }, conf({ "cni.dev/valid-attachments": a, "cni.dev/attachments": b }));
  assert.equal(both.exitCode, 0, both.stdout);
  assert.deepEqual(both.seen[0]?.validAttachments, a);
  assert.equal(both.seen[0]?.containerId, "");
  const old = await run({ CNI_COMMAND: "GC" }, conf({ "cni.dev/attachments": b }));
  assert.deepEqual(old.seen[0]?.validAttachments, b);
});

Deno.test("invokePlugin() VERSION echoes a known request version and ignores a bad body", async () => {
  const out = await run({ CNI_COMMAND: "VERSION" }, { cniVersion: "0.4.0" });
  assert.equal(out.exitCode, 0);
  assert.equal(out.stdout, JSON.stringify({ cniVersion: "0.4.0", supportedVersions: SPEC_VERSIONS }) + "\n");
  const bad = await run({ CNI_COMMAND: "VERSION" }, "not json");
  assert.equal(JSON.parse(bad.stdout).cniVersion, "1.1.0");
});

Deno.test("invokePlugin() without CNI_COMMAND prints the about text on stderr and exits 0", async () => {
  const out = await run({}, "");
  assert.equal(out.exitCode, 0);
  assert.equal(out.stdout, "");
  assert.equal(
    out.stderr,
    "CNI fake plugin version unknown\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n",
  );
});

Deno.test("invokePlugin() honours the plugin's own supportedVersions", async () => {
  const seen: PluginContext<FakeConfig>[] = [];
  const plugin = { ...makePlugin(seen), supportedVersions: ["0.3.1", "0.4.0"] } as Plugin<unknown>;
  const out = await invokePlugin(plugin, { env: add, stdin: new TextEncoder().encode(JSON.stringify(conf())) });
  assert.equal(JSON.parse(out.stdout).details, 'config is "1.1.0", plugin supports ["0.3.1" "0.4.0"]');
  const version = await invokePlugin(plugin, { env: { CNI_COMMAND: "VERSION" }, stdin: new Uint8Array() });
  assert.deepEqual(JSON.parse(version.stdout).supportedVersions, ["0.3.1", "0.4.0"]);
});
