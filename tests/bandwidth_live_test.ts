/**
 * bandwidth against the kernel. Two throwaway namespaces joined by a veth stand in for host and container, and the
 * plugin is built with the first as its "host", so the real host's links are never touched. Qdiscs, the redirect
 * filter and the IFB are read back over netlink.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { invokePlugin } from "../cni/skel.ts";
import { versionAtLeast } from "../cni/version.ts";
import { createNamedNetns, deleteNamedNetns, Netns, Rtnl, veth } from "../netlink/mod.ts";
import { filterList, parsePsched, qdiscList } from "../netlink/tc/mod.ts";
import { createBandwidth } from "../plugins/bandwidth/mod.ts";
import { ifbName } from "../plugins/bandwidth/ifb_name.ts";

const ignore = Deno.uid() !== 0;
const VERSIONS = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

interface Pair extends Disposable {
  host: string;
  container: string;
}

function pair(): Pair {
  const tag = crypto.randomUUID().slice(0, 8);
  const host = createNamedNetns(`cnit-bwh-${tag}`);
  let container = "";
  const cleanup = () => {
    if (container) deleteNamedNetns(container);
    deleteNamedNetns(host);
  };
  try {
    container = createNamedNetns(`cnit-bwc-${tag}`);
    using containerNs = Netns.open(container);
    using h = Rtnl.open({ netns: host });
    h.linkAdd({ name: "cnitbwv", kind: veth, mtu: 1400, data: { peer: { name: "eth0", netnsFd: containerNs.fd } } });
    h.linkSet(h.linkGet("cnitbwv").index, { up: true });
    return { host, container, [Symbol.dispose]: cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

function run(p: Pair, command: string, config: Record<string, unknown>) {
  const stdin = {
    cniVersion: "1.0.0",
    name: "cnit-bw-net",
    type: "bandwidth",
    prevResult: {
      cniVersion: "1.0.0",
      interfaces: [{ name: "cnitbwv" }, { name: "eth0", sandbox: p.container }],
      ips: [{ address: "10.9.1.2/24", interface: 1 }],
    },
    ...config,
  };
  return invokePlugin(createBandwidth({ hostNetns: p.host }), {
    env: { CNI_COMMAND: command, CNI_CONTAINERID: "cnit-bw-ctr", CNI_NETNS: p.container, CNI_IFNAME: "eth0" },
    stdin: new TextEncoder().encode(JSON.stringify(stdin)),
  });
}

/** The tbf parameters worked out by hand from the kernel's clock: rate in bytes, buffer in ticks, limit in bytes. */
function expectedTbf(rateBits: number, burstBits: number) {
  const tick = parsePsched(Deno.readTextFileSync("/proc/net/psched")).tickInUsec;
  const rate = rateBits / 8;
  const burst = burstBits / 8;
  return { rate, buffer: Math.floor(Math.floor((burst * 1e6) / rate) * tick), limit: (rate * 25) / 1000 + burst };
}

const LIMITS = { ingressRate: 8_000_000, ingressBurst: 80_000, egressRate: 16_000_000, egressBurst: 320_000 };
const IFB = ifbName("cnit-bw-net", "cnit-bw-ctr");

for (const cniVersion of VERSIONS) {
  Deno.test({
    name: `bandwidth ADD shapes both directions and DEL removes the qdiscs and the IFB (cniVersion ${cniVersion})`,
    ignore,
    async fn() {
      using p = pair();
      const added = await run(p, "ADD", { cniVersion, ...LIMITS });
      strictEqual(added.exitCode, 0, added.stdout);
      using h = Rtnl.open({ netns: p.host });
      const vethIndex = h.linkGet("cnitbwv").index;
      const ifb = h.linkGet(IFB);
      strictEqual(ifb.kind, "ifb");
      strictEqual(ifb.mtu, 1400);
      strictEqual(ifb.up, true);
      const result = JSON.parse(added.stdout);
      deepStrictEqual(result.interfaces.at(-1), { name: IFB, mac: ifb.mac?.toString() });

      const vethQdiscs = qdiscList(h.conn, vethIndex);
      const root = vethQdiscs.find((q) => q.kind === "tbf");
      const { rate, buffer, limit } = root?.tbf ?? {};
      deepStrictEqual({ rate, buffer, limit }, expectedTbf(LIMITS.ingressRate, LIMITS.ingressBurst));
      ok(vethQdiscs.some((q) => q.kind === "ingress"));
      const filters = filterList(h.conn, { index: vethIndex, parent: 0xffff0000 }).filter((f) => f.kind === "u32");
      ok(
        filters.some((f) => f.u32?.actions?.some((a) => a.mirred?.ifindex === ifb.index)),
        "a u32 filter redirects to the IFB",
      );
      const ifbTbf = qdiscList(h.conn, ifb.index).find((q) => q.kind === "tbf")?.tbf;
      deepStrictEqual(
        { rate: ifbTbf?.rate, buffer: ifbTbf?.buffer, limit: ifbTbf?.limit },
        expectedTbf(LIMITS.egressRate, LIMITS.egressBurst),
      );

      if (versionAtLeast(cniVersion, "0.4.0")) {
        const checked = await run(p, "CHECK", { cniVersion, ...LIMITS, prevResult: result });
        strictEqual(checked.exitCode, 0, checked.stdout);
        const wrong = await run(p, "CHECK", { cniVersion, ...LIMITS, ingressRate: 4_000_000, prevResult: result });
        strictEqual(wrong.exitCode, 1);
        strictEqual(JSON.parse(wrong.stdout).msg, "Rate doesn't match");
      }

      const deleted = await run(p, "DEL", { cniVersion, ...LIMITS, prevResult: result });
      strictEqual(deleted.exitCode, 0, deleted.stdout);
      strictEqual(h.linkFind(IFB), undefined);
      deepStrictEqual(qdiscList(h.conn, vethIndex).filter((q) => q.kind === "tbf" || q.kind === "ingress"), []);
      const again = await run(p, "DEL", { cniVersion, ...LIMITS, prevResult: result });
      strictEqual(again.exitCode, 0, again.stdout);
    },
  });
}

Deno.test({
  name: "bandwidth uses the bandwidth capability only without static limits, and passes through with none",
  ignore,
  async fn() {
    using p = pair();
    const runtimeConfig = { bandwidth: { egressRate: 8_000_000, egressBurst: 80_000 } };
    const added = await run(p, "ADD", { runtimeConfig });
    strictEqual(added.exitCode, 0, added.stdout);
    using h = Rtnl.open({ netns: p.host });
    ok(h.linkFind(IFB), "the capability's egress limit made an IFB");
    const vethIndex = h.linkGet("cnitbwv").index;
    strictEqual(qdiscList(h.conn, vethIndex).some((q) => q.kind === "tbf"), false);
    strictEqual((await run(p, "DEL", { runtimeConfig })).exitCode, 0);

    const staticWins = await run(p, "ADD", { ingressRate: 8_000_000, ingressBurst: 80_000, runtimeConfig });
    strictEqual(staticWins.exitCode, 0, staticWins.stdout);
    strictEqual(h.linkFind(IFB), undefined);
    ok(qdiscList(h.conn, vethIndex).some((q) => q.kind === "tbf"));
    strictEqual((await run(p, "DEL", {})).exitCode, 0);

    const none = await run(p, "ADD", {});
    strictEqual(none.exitCode, 0);
    strictEqual(JSON.parse(none.stdout).interfaces.length, 2);
  },
});

Deno.test({
  name: "bandwidth ADD fails when the container interface has no veth peer among the host interfaces",
  ignore,
  async fn() {
    using p = pair();
    const outcome = await invokePlugin(createBandwidth({ hostNetns: p.host }), {
      env: { CNI_COMMAND: "ADD", CNI_CONTAINERID: "c", CNI_NETNS: p.container, CNI_IFNAME: "eth0" },
      stdin: new TextEncoder().encode(JSON.stringify({
        cniVersion: "1.0.0",
        name: "n",
        type: "bandwidth",
        ingressRate: 8000,
        ingressBurst: 800,
        prevResult: { cniVersion: "1.0.0", interfaces: [{ name: "other" }, { name: "eth0", sandbox: p.container }] },
      })),
    });
    strictEqual(outcome.exitCode, 1);
    strictEqual(JSON.parse(outcome.stdout).msg, "no veth peer of container interface found in host ns");
  },
});

Deno.test({
  name: "bandwidth DEL succeeds when the container namespace and the IFB are already gone",
  ignore,
  async fn() {
    using p = pair();
    const outcome = await invokePlugin(createBandwidth({ hostNetns: p.host }), {
      env: { CNI_COMMAND: "DEL", CNI_CONTAINERID: "c", CNI_NETNS: "/var/run/netns/cnit-bw-gone", CNI_IFNAME: "eth0" },
      stdin: new TextEncoder().encode(JSON.stringify({
        cniVersion: "1.0.0",
        name: "n",
        type: "bandwidth",
        egressRate: 8000,
        egressBurst: 800,
        prevResult: { cniVersion: "1.0.0", interfaces: [{ name: "cnitbwv" }, { name: "eth0", sandbox: "/x" }] },
      })),
    });
    strictEqual(outcome.exitCode, 0, outcome.stdout);
  },
});
