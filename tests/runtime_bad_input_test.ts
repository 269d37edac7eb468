/**
 * Bad input through cnitool with a real plugin of ours in the chain (issue 5), in a throwaway "host" namespace: our
 * bridge (with ipMasq and macspoofchk, so iptables and nft state is at stake) runs first, then a plugin that cannot
 * be found, fails, prints garbage or hangs. The error must name the plugin, and nothing may be left half-added: no
 * veth, no host-local lease, no iptables/nft rule, no cache entry. Malformed conflists must be refused, naming the
 * file, before any plugin runs. (runtime_cnitool_test.ts covers the same errors with shell plugins only.)
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { type CnitoolBox, createCnitoolBox } from "./fixtures/cnitool_in_netns.ts";
import { hostSnapshot } from "./fixtures/host_snapshot.ts";
import { launchers, ROOT } from "./fixtures/launcher.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "plugins");
const NETWORK = "cnit-badin";
const BRIDGE = "cnitbadin0";
const ignore = Deno.uid() !== 0;

function chain(box: CnitoolBox, second: Record<string, unknown>): Record<string, unknown> {
  return {
    cniVersion: "1.0.0",
    name: NETWORK,
    plugins: [
      {
        type: "bridge",
        bridge: BRIDGE,
        isGateway: true,
        ipMasq: true,
        macspoofchk: true,
        ipam: { type: "host-local", dataDir: join(box.root, "ipam"), ranges: [[{ subnet: "10.70.0.0/24" }]] },
      },
      second,
    ],
  };
}

async function prepare(box: CnitoolBox, launcherBin: string): Promise<void> {
  await box.link("bridge", join(launcherBin, "bridge"));
  for (const name of ["cnit-fail", "cnit-garbage", "cnit-sleep"]) await box.link(name, join(FIXTURES, name));
}

function leases(box: CnitoolBox): string[] {
  try {
    return [...Deno.readDirSync(join(box.root, "ipam", NETWORK))].map((e) => e.name)
      .filter((n) => n !== "lock" && !n.startsWith("last_reserved_ip") && !n.startsWith("."));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
}

function links(netns: TestNetns): string[] {
  using rtnl = Rtnl.open({ netns: netns.path });
  return rtnl.linkList().map((l) => l.name).sort();
}

/** Asserts that a failed ADD left nothing: container, host (but for the bridge), leases, cache. */
async function assertNothingLeft(
  box: CnitoolBox,
  spaces: { host: TestNetns; container: TestNetns },
  before: Awaited<ReturnType<typeof hostSnapshot>>,
): Promise<void> {
  assert.deepEqual(links(spaces.container), ["lo"], "no veth in the container");
  assert.deepEqual(await hostSnapshot(spaces.host.path, { ignoreLinks: [BRIDGE] }), before);
  assert.deepEqual(leases(box), [], "no host-local lease");
  assert.deepEqual(box.cacheEntries(), [], "no cache entry");
}

const MID_CHAIN_FAILURES = [
  {
    what: "a type not in CNI_PATH",
    plugin: { type: "cnit-absent" },
    error: /plugin type="cnit-absent" failed \(add\): failed to find plugin "cnit-absent" in path \[/,
  },
  {
    what: "a plugin that fails with error JSON",
    plugin: { type: "cnit-fail", failCode: 117 },
    error: /plugin type="cnit-fail" failed \(add\): cnit-fail says no; asked to fail \(code 117\)/,
  },
  {
    what: "a plugin that prints garbage",
    plugin: { type: "cnit-garbage" },
    error:
      /plugin type="cnit-garbage" failed \(add\): netplugin failed but error parsing its diagnostic message "this is not json\\n"/,
  },
];

for (const failure of MID_CHAIN_FAILURES) {
  Deno.test({
    name: `cnitool add with our bridge then ${failure.what}: names the plugin and leaves nothing behind`,
    ignore,
    async fn() {
      const [launcher] = await launchers();
      assert.ok(launcher);
      await using box = await createCnitoolBox(launcher, "cnit-badin-");
      await prepare(box, launcher.binDir);
      await box.network("10-badin.conflist", chain(box, failure.plugin));
      using host = createTestNetns("cnit-badinh");
      using container = createTestNetns("cnit-badinc");
      const before = await hostSnapshot(host.path, { ignoreLinks: [BRIDGE] });
      const add = await box.run(host.path, ["add", NETWORK, container.path]);
      assert.equal(add.code, 1, add.stdout);
      assert.equal(add.stdout, "");
      assert.match(add.stderr, failure.error);
      await assertNothingLeft(box, { host, container }, before);
    },
  });
}

Deno.test({
  name: "CniRuntime add with our bridge then a plugin that hangs: killed at the timeout, named, nothing left behind",
  ignore,
  async fn() {
    const [launcher] = await launchers();
    assert.ok(launcher);
    await using box = await createCnitoolBox(launcher, "cnit-badin-");
    await prepare(box, launcher.binDir);
    await box.network("10-badin.conflist", chain(box, { type: "cnit-sleep" }));
    using host = createTestNetns("cnit-badinh");
    using container = createTestNetns("cnit-badinc");
    const before = await hostSnapshot(host.path, { ignoreLinks: [BRIDGE] });
    // cnitool has no timeout flag: drive CniRuntime with timeoutMs from a process started inside the host netns.
    const command = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        join(ROOT, "deno.json"),
        join(ROOT, "tests", "fixtures", "runtime_add_entry.ts"),
      ],
      env: {
        CNIT_NETCONFPATH: box.netDir,
        CNIT_NETWORK: NETWORK,
        CNIT_NETNS: container.path,
        CNIT_TIMEOUT_MS: "1500",
        CNI_PATH: box.cniPath,
        CNI_CACHE_DIR: box.cacheDir,
      },
      stdout: "piped",
      stderr: "piped",
    });
    const child = withNetns(host.path, () => command.spawn());
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.match(
      stderr,
      /plugin type="cnit-sleep" failed \(add\): Cannot run plugin ".*\/cnit-sleep": timed out after 1500 ms/,
    );
    await assertNothingLeft(box, { host, container }, before);
  },
});

Deno.test({
  name:
    "cnitool refuses a malformed conflist (bad JSON, a plugin without type) naming the file, before any plugin runs",
  ignore,
  async fn() {
    const [launcher] = await launchers();
    assert.ok(launcher);
    await using box = await createCnitoolBox(launcher, "cnit-badin-");
    await prepare(box, launcher.binDir);
    using host = createTestNetns("cnit-badinh");
    using container = createTestNetns("cnit-badinc");
    const before = await hostSnapshot(host.path);
    const file = join(box.netDir, "10-badin.conflist");

    await Deno.writeTextFile(file, JSON.stringify(chain(box, { type: "cnit-fail" })).slice(0, -2));
    let add = await box.run(host.path, ["add", NETWORK, container.path]);
    assert.equal(add.code, 1);
    assert.match(add.stderr, new RegExp(`Cannot load "${file}": .*\\(code 6\\)`));

    await box.network("10-badin.conflist", chain(box, { name: "no-type" }));
    add = await box.run(host.path, ["add", NETWORK, container.path]);
    assert.equal(add.code, 1);
    assert.match(add.stderr, new RegExp(`Cannot load "${file}": .*plugins\\[1\\]\\.type.*\\(code 7\\)`));

    await Deno.remove(file); // a broken file sorted first aborts any lookup, as in libcni
    add = await box.run(host.path, ["add", "cnit-no-such-net", container.path]);
    assert.equal(add.code, 1);
    assert.match(add.stderr, /no net configurations found in /);

    assert.deepEqual(links(container), ["lo"]);
    assert.deepEqual(await hostSnapshot(host.path), before, "not even the bridge was created");
    assert.deepEqual(leases(box), []);
    assert.deepEqual(box.cacheEntries(), []);
  },
});
