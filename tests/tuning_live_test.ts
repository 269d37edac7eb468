/**
 * tuning against the kernel, in a throwaway namespace holding a veth pair (eth0 plays the container interface): it
 * writes sysctls there (not on the host), changes and restores link settings, CHECK compares them, and every key
 * that tries to leave /proc/sys/net is refused with code 7 before anything is written.
 */
import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { SPEC_VERSIONS, versionAtLeast } from "../cni/version.ts";
import { readSysctl } from "../iface/sysctl.ts";
import { createNamedNetns, deleteNamedNetns, Rtnl, veth, withNetns } from "../netlink/mod.ts";
import { createTuning } from "../plugins/tuning/mod.ts";

const ignore = Deno.uid() !== 0;

interface Sandbox extends Disposable {
  netns: string;
  dataDir: string;
  originalMac: string;
}

function sandbox(): Sandbox {
  const tag = crypto.randomUUID().slice(0, 8);
  const netns = createNamedNetns(`cnit-tun-${tag}`);
  const dataDir = Deno.makeTempDirSync({ prefix: "cnit-tuning-" });
  try {
    using rtnl = Rtnl.open({ netns });
    rtnl.linkAdd({ name: "eth0", kind: veth, data: { peer: { name: "cnitpeer" } } });
    const link = rtnl.linkGet("eth0");
    rtnl.linkSet(link.index, { up: true });
    return {
      netns,
      dataDir,
      originalMac: link.mac?.toString() ?? "",
      [Symbol.dispose]() {
        deleteNamedNetns(netns);
        Deno.removeSync(dataDir, { recursive: true });
      },
    };
  } catch (err) {
    deleteNamedNetns(netns);
    Deno.removeSync(dataDir, { recursive: true });
    throw err;
  }
}

function run(box: Sandbox, command: string, config: Record<string, unknown>, options: { allowlist?: string } = {}) {
  const plugin = createTuning({ allowlistPath: options.allowlist ?? join(box.dataDir, "no-allowlist.conf") });
  const stdin = typeof config.raw === "string" ? config.raw : JSON.stringify({
    name: "cnit-tuning-net",
    type: "tuning",
    dataDir: box.dataDir,
    prevResult: {
      cniVersion: "1.0.0",
      interfaces: [{ name: "eth0", mac: box.originalMac, sandbox: box.netns }],
      ips: [{ address: "10.9.0.2/24", interface: 0 }],
    },
    ...config,
  });
  return invokePlugin(plugin, {
    env: { CNI_COMMAND: command, CNI_CONTAINERID: "cnit-ctr", CNI_NETNS: box.netns, CNI_IFNAME: "eth0", CNI_PATH: "" },
    stdin: new TextEncoder().encode(stdin),
  });
}

function sysctlIn(netns: string, segments: string[]): string {
  return withNetns(netns, () => readSysctl(segments));
}

function eth0(netns: string) {
  using rtnl = Rtnl.open({ netns });
  return rtnl.linkGet("eth0");
}

for (const cniVersion of SPEC_VERSIONS) {
  Deno.test({
    name: `tuning ADD sets sysctls and link settings in the netns, DEL restores them (cniVersion ${cniVersion})`,
    ignore,
    async fn() {
      using box = sandbox();
      const before = eth0(box.netns);
      const hostArpIgnore = readSysctl(["ipv4", "conf", "all", "arp_ignore"]);
      const config = {
        cniVersion,
        sysctl: { "net.ipv4.conf.IFNAME.arp_filter": "1", "net.ipv4.conf.all.arp_ignore": "2" },
        mac: "0A:58:0A:09:00:02",
        mtu: 1280,
        promisc: true,
        allmulti: true,
        txQLen: 321,
      };
      {
        const outcome = await run(box, "ADD", config);
        strictEqual(outcome.exitCode, 0, outcome.stdout);
        // Results before 0.3.0 have no interfaces to carry the new MAC.
        if (versionAtLeast(cniVersion, "0.3.0")) ok(outcome.stdout.includes('"0a:58:0a:09:00:02"'), outcome.stdout);
        strictEqual(sysctlIn(box.netns, ["ipv4", "conf", "eth0", "arp_filter"]), "1");
        strictEqual(sysctlIn(box.netns, ["ipv4", "conf", "all", "arp_ignore"]), "2");
        strictEqual(readSysctl(["ipv4", "conf", "all", "arp_ignore"]), hostArpIgnore);
        const tuned = eth0(box.netns);
        strictEqual(tuned.mac?.toString(), "0a:58:0a:09:00:02");
        strictEqual(tuned.mtu, 1280);
        strictEqual(tuned.promisc, true);
        strictEqual(tuned.allmulti, true);
        strictEqual(tuned.txqlen, 321);
        const snapshotFile = join(box.dataDir, "cnit-ctr_eth0.json");
        deepStrictEqual(JSON.parse(Deno.readTextFileSync(snapshotFile)), {
          mac: box.originalMac,
          promisc: before.promisc,
          mtu: before.mtu,
          allmulti: before.allmulti,
          txQLen: before.txqlen,
        });

        if (versionAtLeast(cniVersion, "0.4.0")) {
          const checked = await run(box, "CHECK", config);
          strictEqual(checked.exitCode, 0, checked.stdout);
          using rtnl = Rtnl.open({ netns: box.netns });
          rtnl.linkSet(tuned.index, { mtu: 1300 });
          const drifted = await run(box, "CHECK", config);
          strictEqual(drifted.exitCode, 1);
          ok(JSON.parse(drifted.stdout).msg.includes("MTU"), drifted.stdout);
        }

        const deleted = await run(box, "DEL", config);
        strictEqual(deleted.exitCode, 0, deleted.stdout);
        const restored = eth0(box.netns);
        strictEqual(restored.mac?.toString(), box.originalMac);
        strictEqual(restored.mtu, before.mtu);
        strictEqual(restored.promisc, before.promisc);
        strictEqual(restored.allmulti, before.allmulti);
        strictEqual(restored.txqlen, before.txqlen);
        ok(!(await Deno.stat(snapshotFile).then(() => true, () => false)));
        strictEqual((await run(box, "DEL", config)).exitCode, 0);
      }
    },
  });
}

const BAD_KEYS = [
  "../../kernel/x",
  "net/../kernel",
  "net.ipv4.conf.IFNAME/../../../kernel",
  "net.ipv4.conf.IFNAME.......kernel.hostname",
  "net/ipv4/ip_forward",
  "/proc/sys/kernel/hostname",
  "kernel.hostname",
  "vm.swappiness",
  "net",
  "netx.y",
  "net..ipv4.ip_forward",
];

for (const key of BAD_KEYS) {
  Deno.test({
    name: `tuning ADD refuses sysctl key ${JSON.stringify(key)} with code 7 and writes nothing`,
    ignore,
    async fn() {
      using box = sandbox();
      const before = sysctlIn(box.netns, ["ipv4", "conf", "eth0", "arp_filter"]);
      const outcome = await run(box, "ADD", {
        cniVersion: "1.0.0",
        sysctl: { "net.ipv4.conf.IFNAME.arp_filter": before === "1" ? "0" : "1", [key]: "1" },
      });
      strictEqual(outcome.exitCode, 1);
      const error = JSON.parse(outcome.stdout);
      strictEqual(error.code, 7);
      ok(error.msg.startsWith("invalid net sysctl key"), error.msg);
      strictEqual(sysctlIn(box.netns, ["ipv4", "conf", "eth0", "arp_filter"]), before);
    },
  });
}

Deno.test({
  name: "tuning ADD refuses a sysctl the allow-list does not name, and duplicated keys, with code 7",
  ignore,
  async fn() {
    using box = sandbox();
    const allowlist = join(box.dataDir, "allowlist.conf");
    Deno.writeTextFileSync(allowlist, "^net\\.core\\.\n");
    const forwarding = sysctlIn(box.netns, ["ipv4", "ip_forward"]);
    const refused = await run(box, "ADD", {
      cniVersion: "1.0.0",
      sysctl: { "net.ipv4.ip_forward": forwarding === "1" ? "0" : "1" },
    }, {
      allowlist,
    });
    strictEqual(refused.exitCode, 1);
    strictEqual(JSON.parse(refused.stdout).code, 7);
    strictEqual(sysctlIn(box.netns, ["ipv4", "ip_forward"]), forwarding);

    const raw = JSON.stringify({
      cniVersion: "1.0.0",
      name: "n",
      type: "tuning",
      dataDir: box.dataDir,
      prevResult: { cniVersion: "1.0.0", interfaces: [{ name: "eth0", sandbox: box.netns }] },
    }).replace('"name"', '"sysctl":{"net.ipv4.ip_forward":"1","net.ipv4.ip_forward":"0"},"name"');
    const duplicated = await run(box, "ADD", { raw });
    strictEqual(duplicated.exitCode, 1);
    strictEqual(JSON.parse(duplicated.stdout).code, 7);
    ok(JSON.parse(duplicated.stdout).msg.includes("duplicated sysctl keys"));
  },
});

Deno.test({
  name: "tuning ADD without prevResult fails, and DEL succeeds when the netns is gone",
  ignore,
  async fn() {
    using box = sandbox();
    const outcome = await invokePlugin(createTuning(), {
      env: { CNI_COMMAND: "ADD", CNI_CONTAINERID: "c", CNI_NETNS: box.netns, CNI_IFNAME: "eth0" },
      stdin: new TextEncoder().encode(JSON.stringify({ cniVersion: "1.0.0", name: "n", type: "tuning", mtu: 1300 })),
    });
    strictEqual(outcome.exitCode, 1);
    notStrictEqual(eth0(box.netns).mtu, 1300);
    const gone = await invokePlugin(createTuning(), {
      env: { CNI_COMMAND: "DEL", CNI_CONTAINERID: "c", CNI_NETNS: "/var/run/netns/cnit-tun-gone", CNI_IFNAME: "eth0" },
      stdin: new TextEncoder().encode(JSON.stringify({ cniVersion: "1.0.0", name: "n", type: "tuning", mtu: 1300 })),
    });
    strictEqual(gone.exitCode, 0, gone.stdout);
  },
});
