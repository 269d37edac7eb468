import assert from "node:assert/strict";
import { join } from "node:path";
import { type Attachment, CniError, type PluginContext } from "../../cni/mod.ts";
import { hostLocal, type HostLocalConfig } from "./mod.ts";

async function tempDataDir(): Promise<AsyncDisposable & { path: string }> {
  const path = await Deno.makeTempDir({ prefix: "cnit-hl-" });
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}

function ctx(
  raw: Record<string, unknown>,
  options: Partial<Pick<PluginContext<HostLocalConfig>, "containerId" | "ifname" | "command">> & {
    valid?: Attachment[];
  } = {},
): PluginContext<HostLocalConfig> {
  const config = hostLocal.config.parse(raw);
  return {
    command: options.command ?? "ADD",
    config,
    cniVersion: config.cniVersion,
    network: config.name,
    containerId: options.containerId ?? "c1",
    netns: "",
    ifname: options.ifname ?? "eth0",
    args: [],
    path: [],
    prevResult: undefined,
    validAttachments: options.valid ?? [],
    stdin: new Uint8Array(),
    env: {},
  };
}

function conf(dataDir: string, ipam: Record<string, unknown> = { subnet: "10.9.0.0/29" }) {
  return { cniVersion: "1.1.0", name: "cnit-net", ipam: { type: "host-local", dataDir, ...ipam } };
}

Deno.test("hostLocal.add() returns one address per range set with gateways, routes and dns from resolvConf", async () => {
  await using data = await tempDataDir();
  const resolv = join(data.path, "resolv.conf");
  await Deno.writeTextFile(resolv, "# c\nnameserver 192.0.2.53\nsearch a.example b.example\noptions ndots:2\n");
  const raw = conf(data.path, {
    ranges: [[{ subnet: "10.9.0.0/29" }], [{ subnet: "fd09::/120" }]],
    routes: [{ dst: "0.0.0.0/0" }],
    resolvConf: resolv,
  });
  assert.deepEqual(await hostLocal.add(ctx(raw)), {
    cniVersion: "1.1.0",
    ips: [{ address: "10.9.0.2/29", gateway: "10.9.0.1" }, { address: "fd09::2/120", gateway: "fd09::1" }],
    routes: [{ dst: "0.0.0.0/0" }],
    dns: { nameservers: ["192.0.2.53"], search: ["a.example", "b.example"], options: ["ndots:2"] },
  });
});

Deno.test("hostLocal.add() refuses a duplicate allocation for the same container and ifname", async () => {
  await using data = await tempDataDir();
  await hostLocal.add(ctx(conf(data.path)));
  await assert.rejects(
    Promise.resolve(hostLocal.add(ctx(conf(data.path)))),
    /10\.9\.0\.2 has been allocated to c1, duplicate allocation is not allowed/,
  );
});

Deno.test("hostLocal.del() releases, is idempotent, and succeeds when the store does not exist", async () => {
  await using data = await tempDataDir();
  await hostLocal.del(ctx(conf(join(data.path, "missing"))));
  await hostLocal.add(ctx(conf(data.path)));
  await hostLocal.del(ctx(conf(data.path)));
  await hostLocal.del(ctx(conf(data.path)));
  await assert.rejects(Promise.resolve(hostLocal.check!(ctx(conf(data.path)))), /Failed to find address/);
  assert.equal((await hostLocal.add(ctx(conf(data.path), { containerId: "c2" }))).ips![0]!.address, "10.9.0.3/29");
});

Deno.test("hostLocal.check() passes while the allocation exists", async () => {
  await using data = await tempDataDir();
  await hostLocal.add(ctx(conf(data.path)));
  await hostLocal.check!(ctx(conf(data.path)));
});

Deno.test("hostLocal.gc() releases exactly the attachments not named as valid", async () => {
  await using data = await tempDataDir();
  for (const id of ["a", "b", "c"]) await hostLocal.add(ctx(conf(data.path), { containerId: id }));
  await hostLocal.gc!(ctx(conf(data.path), { command: "GC", valid: [{ containerID: "b", ifname: "eth0" }] }));
  const names = [...Deno.readDirSync(join(data.path, "cnit-net"))].map((e) => e.name).filter((n) =>
    n.startsWith("10.")
  );
  assert.deepEqual(names, ["10.9.0.3"]);
});

Deno.test("hostLocal.status() reports 50 when a range set is full and succeeds otherwise", async () => {
  await using data = await tempDataDir();
  const raw = conf(data.path, { subnet: "10.9.0.0/30" });
  await hostLocal.status!(ctx(raw, { command: "STATUS" }));
  await hostLocal.add(ctx(raw));
  await assert.rejects(
    Promise.resolve(hostLocal.status!(ctx(raw, { command: "STATUS" }))),
    (e: Error) => e instanceof CniError && e.code === 50 && e.message.includes("10.9.0.1-10.9.0.2"),
  );
  await assert.rejects(
    Promise.resolve(hostLocal.add(ctx(raw, { containerId: "c2" }))),
    /failed to allocate for range 0: no IP addresses available in range set: 10\.9\.0\.1-10\.9\.0\.2/,
  );
});
