/**
 * Mixed chains through our runtime (issues 4 and 6): cnitool runs as a process inside a throwaway "host" namespace
 * with CNI_PATH = a symlink farm (each type resolves to exactly the implementation chosen) then /usr/lib/cni.
 * (a) our bridge + host-local, then Debian's portmap, tuning and bandwidth; (b) Debian's bridge + host-local, then
 * our portmap, tuning, bandwidth, firewall and sbr. Each chain: ADD → CHECK → DEL, asserting the result, the kernel
 * state (qdiscs, iptables rules, sysctls, policy rules) and that DEL leaves both namespaces as they were. Debian's
 * plugins speak spec ≤ 1.0.0, so the chains are 1.0.0.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSysctl } from "../iface/mod.ts";
import { type Link, qdiscList, Rtnl, withNetns } from "../netlink/mod.ts";
import { ifbName } from "../plugins/bandwidth/ifb_name.ts";
import { containerIdFor } from "../runtime/cnitool/container_id.ts";
import { type CnitoolBox, createCnitoolBox, REFERENCE_DIR } from "./fixtures/cnitool_in_netns.ts";
import { type HostSnapshot, hostSnapshot } from "./fixtures/host_snapshot.ts";
import { launchers } from "./fixtures/launcher.ts";
import { createTestNetns, type TestNetns } from "./fixtures/netns.ts";
import { outputInNetns } from "./fixtures/plugin_in_netns.ts";

const TYPES = ["bridge", "host-local", "portmap", "tuning", "bandwidth", "firewall", "sbr"];
const hasReference = TYPES.every((name) => {
  try {
    return Deno.statSync(join(REFERENCE_DIR, name)).isFile;
  } catch {
    return false;
  }
});
const ignore = Deno.uid() !== 0 || !hasReference;

const LIMITS = { ingressRate: 8_000_000, ingressBurst: 80_000, egressRate: 4_000_000, egressBurst: 40_000 };
const CAP_ARGS = JSON.stringify({
  portMappings: [{ hostPort: 18080, containerPort: 80, protocol: "tcp" }],
  bandwidth: LIMITS,
});

interface Chain {
  network: string;
  bridge: string;
  subnet: string;
  /** Type → "ours" | "debian". */
  impl: Record<string, "ours" | "debian">;
  plugins: Array<Record<string, unknown>>;
  /** A reference plugin whose CHECK is known to fail on a correct attachment, and how. */
  brokenCheck?: { type: string; message: RegExp };
}

function chainConfig(chain: Chain, dataDir: string, options: { without?: string } = {}): Record<string, unknown> {
  return {
    cniVersion: "1.0.0",
    name: chain.network,
    plugins: [
      {
        type: "bridge",
        bridge: chain.bridge,
        isGateway: true,
        ipMasq: true,
        ipam: { type: "host-local", dataDir, ranges: [[{ subnet: chain.subnet }]], routes: [{ dst: "0.0.0.0/0" }] },
      },
      ...chain.plugins,
    ].filter((p) => p.type !== options.without),
  };
}

function tuning(sysctl: Record<string, string>): Record<string, unknown> {
  return { type: "tuning", mtu: 1300, allmulti: true, sysctl };
}
const PORTMAP = { type: "portmap", capabilities: { portMappings: true } };
const BANDWIDTH = { type: "bandwidth", capabilities: { bandwidth: true } };

const CHAIN_A: Chain = {
  network: "cnit-chain-a",
  bridge: "cnitchaina0",
  subnet: "10.68.1.0/24",
  impl: { bridge: "ours", "host-local": "ours", portmap: "debian", tuning: "debian", bandwidth: "debian" },
  plugins: [PORTMAP, tuning({ "net.ipv4.conf.eth0.arp_filter": "1", "net.core.somaxconn": "512" }), BANDWIDTH],
  // Debian 1.1.1's portmap CHECK looks for the IPv4 DNAT chain in ip6tables too (see portmap_rules_live_test.ts).
  brokenCheck: { type: "portmap", message: /could not check ipv6 dnat: chain CNI-DN-\w+ not found/ },
};

const CHAIN_B: Chain = {
  network: "cnit-chain-b",
  bridge: "cnitchainb0",
  subnet: "10.68.2.0/24",
  impl: {
    bridge: "debian",
    "host-local": "debian",
    portmap: "ours",
    tuning: "ours",
    bandwidth: "ours",
    firewall: "ours",
    sbr: "ours",
  },
  plugins: [
    PORTMAP,
    tuning({ "net.ipv4.conf.IFNAME.arp_filter": "1", "net.core.somaxconn": "512" }),
    BANDWIDTH,
    { type: "firewall" },
    { type: "sbr" },
  ],
  // The reference bridge's CHECK wants the subnet route in the main table, and sbr has moved it to table 100.
  brokenCheck: { type: "bridge", message: /Failed to find Gateway 10\.68\.2\.1 for interface eth0/ },
};

interface ContainerState {
  links: string[];
  rules: string[];
  routes: string[];
}

function containerState(netns: TestNetns): ContainerState {
  using rtnl = Rtnl.open({ netns: netns.path });
  return {
    links: rtnl.linkList().map((l) => l.name).sort(),
    rules: [...rtnl.ruleList(4), ...rtnl.ruleList(6)].map((r) => JSON.stringify(r)).sort(),
    routes: rtnl.routeList({ table: "all" }).map((r) => `${r.dst ?? "default"} ${r.table}`).sort(),
  };
}

/** Runs one chain ADD → CHECK → DEL with `box` and asserts result, kernel state and cleanup. */
async function runChain(box: CnitoolBox, chain: Chain, launcherBin: string): Promise<void> {
  for (const [type, impl] of Object.entries(chain.impl)) {
    await box.link(type, impl === "ours" ? join(launcherBin, type) : join(REFERENCE_DIR, type));
  }
  const dataDir = join(box.root, "ipam");
  await box.network("10-chain.conflist", chainConfig(chain, dataDir));
  using host = createTestNetns("cnit-chainh");
  using container = createTestNetns("cnit-chainc");
  const hostBefore = await hostSnapshot(host.path);
  const containerBefore = containerState(container);

  const add = await box.run(host.path, ["add", chain.network, container.path], { CAP_ARGS });
  assert.equal(add.code, 0, `ADD failed: ${add.stderr}`);
  const result = JSON.parse(add.stdout) as {
    cniVersion: string;
    interfaces: Array<{ name: string; mac?: string; sandbox?: string }>;
    ips: Array<{ address: string; gateway: string; interface: number }>;
  };
  assert.equal(result.cniVersion, "1.0.0");
  assert.equal(result.interfaces[0]?.name, chain.bridge);
  assert.deepEqual(result.interfaces[2]?.sandbox, container.path);
  const address = result.ips[0]?.address ?? "";
  const ip = address.split("/")[0] ?? "";
  assert.ok(address.startsWith(chain.subnet.replace(/0\/24$/, "")), address);
  assert.equal(result.ips[0]?.interface, 2);
  const vethName = result.interfaces[1]?.name ?? "";

  // Kernel state in the container: tuning's MTU, allmulti and sysctls.
  using inside = Rtnl.open({ netns: container.path });
  const eth0: Link = inside.linkGet("eth0");
  assert.equal(eth0.mtu, 1300);
  assert.equal(eth0.allmulti, true);
  assert.equal(eth0.mac?.toString(), result.interfaces[2]?.mac);
  withNetns(container.path, () => {
    assert.equal(readSysctl(["ipv4", "conf", "eth0", "arp_filter"]), "1");
    assert.equal(readSysctl(["core", "somaxconn"]), "512");
  });
  // In the host: bandwidth's tbf on the veth (ingress) and on the IFB (egress), portmap's DNAT, masquerade.
  using hostRtnl = Rtnl.open({ netns: host.path });
  const veth = hostRtnl.linkGet(vethName);
  assert.ok(qdiscList(hostRtnl.conn, veth.index).some((q) => q.kind === "tbf"), "tbf on the host veth");
  assert.ok(qdiscList(hostRtnl.conn, veth.index).some((q) => q.kind === "ingress"), "ingress qdisc on the veth");
  const containerId = await containerIdFor(container.path);
  const ifb = hostRtnl.linkGet(ifbName(chain.network, containerId));
  assert.ok(qdiscList(hostRtnl.conn, ifb.index).some((q) => q.kind === "tbf"), "tbf on the IFB");
  const nat = await outputInNetns(host.path, ["iptables-save", "-t", "nat"]);
  assert.match(nat, new RegExp(`--dport 18080 -j DNAT --to-destination ${ip.replaceAll(".", "\\.")}:80`));
  assert.match(nat, new RegExp(`-A POSTROUTING -s ${ip.replaceAll(".", "\\.")}/32 `));
  if (chain.impl.firewall) {
    const filter = await outputInNetns(host.path, ["iptables-save", "-t", "filter"]);
    assert.match(filter, new RegExp(`-A CNI-FORWARD -d ${ip.replaceAll(".", "\\.")}/32 .*-j ACCEPT`));
  }
  if (chain.impl.sbr) {
    const rules = inside.ruleList(4);
    assert.ok(rules.some((r) => r.src?.toString() === `${ip}/32` && r.table === 100), "sbr's rule from the address");
    const gateway = result.ips[0]?.gateway;
    const table100 = inside.routeList({ table: 100 }).map((r) => `${r.dst ?? "default"} via ${r.gateway ?? "-"}`);
    assert.ok(table100.includes(`default via ${gateway}`), `sbr's default route in table 100: ${table100}`);
  }

  if (chain.brokenCheck) {
    const broken = await box.run(host.path, ["check", chain.network, container.path], { CAP_ARGS });
    assert.notEqual(broken.code, 0, "the reference bug is still there");
    assert.match(broken.stderr, chain.brokenCheck.message);
    await box.network("10-chain.conflist", chainConfig(chain, dataDir, { without: chain.brokenCheck.type }));
  }
  const check = await box.run(host.path, ["check", chain.network, container.path], { CAP_ARGS });
  assert.equal(check.code, 0, `CHECK failed: ${check.stderr}`);
  await box.network("10-chain.conflist", chainConfig(chain, dataDir));

  const del = await box.run(host.path, ["del", chain.network, container.path], { CAP_ARGS });
  assert.equal(del.code, 0, `DEL failed: ${del.stderr}`);
  assert.deepEqual(box.cacheEntries(), []);
  assert.deepEqual(containerState(container), containerBefore);
  assert.deepEqual(withoutSharedChains(await hostSnapshot(host.path, { ignoreLinks: [chain.bridge] })), hostBefore);
  const leases = [...Deno.readDirSync(join(dataDir, chain.network))].map((e) => e.name)
    .filter((n) => n !== "lock" && !n.startsWith("last_reserved_ip") && !n.startsWith("."));
  assert.deepEqual(leases, [], `host-local leases left: ${leases}`);
}

/**
 * Drops the shared top-level chains the reference plugins create once and never delete (portmap's CNI-HOSTPORT-*,
 * firewall's CNI-FORWARD/CNI-ADMIN), their fixed contents and the jumps to them, in the iptables view and in the nft
 * view of the same rules (iptables-nft); what remains must equal the snapshot before ADD.
 */
function withoutSharedChains(snapshot: HostSnapshot): HostSnapshot {
  const shared = /CNI-HOSTPORT-(DNAT|SNAT|MASQ|SETMARK)|CNI-FORWARD|CNI-ADMIN/;
  // The nft lines carry no chain name: CNI-HOSTPORT-SETMARK's mark and CNI-HOSTPORT-MASQ's masquerade.
  const sharedNft = /meta mark set mark or 0x2000$|meta mark & 0x00002000 == 0x00002000 .*masquerade$/;
  const perContainer = /CNI-DN-|CNI-SN-/;
  const keep = (line: string) => perContainer.test(line) || !(shared.test(line) || sharedNft.test(line));
  return { ...snapshot, iptables: snapshot.iptables.filter(keep), nft: snapshot.nft.filter(keep) };
}

for (const chain of [CHAIN_A, CHAIN_B]) {
  const who = Object.entries(chain.impl).map(([t, i]) => `${i === "ours" ? "our" : "Debian's"} ${t}`).join(", ");
  Deno.test({
    name: `interop chain through cnitool: ${who}: ADD, CHECK and DEL`,
    ignore,
    async fn() {
      const [launcher] = await launchers();
      assert.ok(launcher);
      await using box = await createCnitoolBox(launcher, "cnit-chain-");
      await runChain(box, chain, launcher.binDir);
    },
  });
}
