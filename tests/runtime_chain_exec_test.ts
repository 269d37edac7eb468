/**
 * A chain whose middle plugin is an external executable (issue 5): our bridge → tests/fixtures/plugins/cnit-record
 * (a shell plugin that records its stdin and passes prevResult through) → our tuning, run by cnitool inside a
 * throwaway "host" namespace once by exec and once with `--in-process` (ours in-process, the script still exec'd).
 * Both runs must print the same result and write the same cache bytes (once the host veth's random name and MAC are
 * masked), and the script must have received exactly the bridge's result.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bridge, Rtnl } from "../netlink/mod.ts";
import { containerIdFor } from "../runtime/cnitool/container_id.ts";
import { createCnitoolBox } from "./fixtures/cnitool_in_netns.ts";
import { hostSnapshot } from "./fixtures/host_snapshot.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "plugins");
const NETWORK = "cnit-mixed";
const BRIDGE = "cnitmixed0";
const CONTAINER_MAC = "02:42:0a:45:00:99";

Deno.test({
  name: "cnitool runs bridge → external script → tuning by exec and in-process with identical results and cache",
  ignore: Deno.uid() !== 0,
  async fn() {
    const [launcher] = await launchers();
    assert.ok(launcher);
    await using box = await createCnitoolBox(launcher, "cnit-mixed-");
    for (const type of ["bridge", "tuning"]) await box.link(type, join(launcher.binDir, type));
    await box.link("cnit-record", join(FIXTURES, "cnit-record"));
    const records = join(box.root, "records");
    await Deno.mkdir(records);
    const conf = {
      cniVersion: "1.1.0",
      name: NETWORK,
      plugins: [
        {
          type: "bridge",
          bridge: BRIDGE,
          isGateway: true,
          capabilities: { mac: true },
          ipam: {
            type: "host-local",
            dataDir: join(box.root, "ipam"),
            ranges: [[{ subnet: "10.69.0.0/24", rangeStart: "10.69.0.2", rangeEnd: "10.69.0.2" }]],
          },
        },
        { type: "cnit-record" },
        { type: "tuning", mtu: 1280, sysctl: { "net.ipv4.conf.IFNAME.arp_ignore": "2" } },
      ],
    };
    await box.network("10-mixed.conflist", conf);
    using host = createTestNetns("cnit-mixedh");
    using container = createTestNetns("cnit-mixedc");
    {
      // A bridge with a set MAC keeps it as ports come and go, so both runs report the same bridge MAC.
      using rtnl = Rtnl.open({ netns: host.path });
      rtnl.linkAdd({ name: BRIDGE, kind: bridge });
      rtnl.linkSet(rtnl.linkGet(BRIDGE).index, { mac: "02:42:0a:45:00:01" });
    }
    const before = await hostSnapshot(host.path, { ignoreLinks: [BRIDGE] });
    const containerId = await containerIdFor(container.path);
    const cacheFile = join(box.cacheDir, "results", `${NETWORK}-${containerId}-eth0`);
    const env = { CAP_ARGS: JSON.stringify({ mac: CONTAINER_MAC }), CNIT_RECORD_DIR: records };

    const outputs: string[] = [];
    const caches: string[] = [];
    for (const flags of [[], ["--in-process"]]) {
      const how = flags.length === 0 ? "exec" : "in-process";
      const add = await box.run(host.path, ["add", NETWORK, container.path, ...flags], env);
      assert.equal(add.code, 0, `${how} ADD: ${add.stderr}`);
      const result = JSON.parse(add.stdout) as { interfaces: Array<{ name: string; mac: string }> };
      assert.equal(result.interfaces[2]?.mac, CONTAINER_MAC);
      {
        using inside = Rtnl.open({ netns: container.path });
        assert.equal(inside.linkGet("eth0").mtu, 1280, `${how}: tuning ran after the script`);
      }
      // What the script got is the bridge's result, which it and tuning passed on unchanged.
      const recorded = recordedAdd(records);
      assert.deepEqual(recorded.prevResult, JSON.parse(add.stdout));
      assert.equal(recorded.env.CNI_COMMAND, "ADD");
      assert.equal(recorded.env.CNI_CONTAINERID, containerId);

      const veth = result.interfaces[1] ?? { name: "-", mac: "-" };
      const mask = (text: string) => text.replaceAll(veth.name, "<veth>").replaceAll(veth.mac, "<veth-mac>");
      outputs.push(mask(add.stdout));
      // The cache keeps the result as Go would: mask inside the decoded result, keep the rest byte for byte.
      caches.push(mask(await Deno.readTextFile(cacheFile)));

      const check = await box.run(host.path, ["check", NETWORK, container.path, ...flags], env);
      assert.equal(check.code, 0, `${how} CHECK: ${check.stderr}`);
      const del = await box.run(host.path, ["del", NETWORK, container.path, ...flags], env);
      assert.equal(del.code, 0, `${how} DEL: ${del.stderr}`);
      assert.deepEqual(box.cacheEntries(), []);
      assert.deepEqual(await hostSnapshot(host.path, { ignoreLinks: [BRIDGE] }), before);
      await Deno.remove(records, { recursive: true });
      await Deno.mkdir(records);
    }
    assert.equal(outputs[1], outputs[0]);
    assert.equal(caches[1], caches[0]);
  },
});

/** The stdin (prevResult) and environment the script recorded for its ADD. */
function recordedAdd(dir: string): { prevResult: unknown; env: Record<string, string> } {
  const base = [...Deno.readDirSync(dir)].map((e) => e.name).find((n) => /-ADD-cnit-record\.stdin$/.test(n));
  assert.ok(base, "the script recorded its ADD");
  const stdin = JSON.parse(Deno.readTextFileSync(join(dir, base))) as { prevResult?: unknown };
  const envText = Deno.readTextFileSync(join(dir, base.replace(/\.stdin$/, ".env")));
  const env = Object.fromEntries(
    envText.split("\n").filter((l) => l.includes("=")).map((
      l,
    ) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { prevResult: stdin.prevResult, env };
}
