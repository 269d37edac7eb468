/**
 * bridge CHECK: the bridge, the container veth, its host peer on the bridge, MACs, promisc, the addresses and
 * routes of prevResult, IPAM's own CHECK, and with `macspoofchk` the nft rules (the reference does not check them).
 * @module
 */
import type { Interface, PluginContext } from "../../cni/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { type Link, Netns, Rtnl } from "../../netlink/mod.ts";
import { checkResultAddresses } from "../_attach/mod.ts";
import { type BridgeConfig, loadBridgeConfig } from "./config.ts";

/** Runs bridge CHECK; throws an Error naming the first thing that differs from prevResult. */
export async function checkBridge(ctx: PluginContext<BridgeConfig>): Promise<void> {
  const plan = loadBridgeConfig(ctx.config, { args: ctx.args });
  using netns = Netns.open(ctx.netns);
  if (plan.isLayer3) await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("Required prevResult missing");
  const interfaces = prev.interfaces ?? [];
  const bridgeEntry = interfaces.find((i) => i.name === plan.config.bridge);
  const containerEntry = interfaces.find((i) => i.name === ctx.ifname && i.sandbox === ctx.netns);
  if (bridgeEntry === undefined) {
    throw new Error(`CNI created bridge ${plan.config.bridge} in host namespace was not found`);
  }
  if (containerEntry === undefined) throw new Error(`CNI created interface in container ${ctx.ifname} not found`);

  using host = Rtnl.open();
  using container = Rtnl.open({ netns });
  const bridge = checkBridgeLink(host, bridgeEntry, plan.config.promiscMode);
  const inside = checkLink(container, containerEntry, { kind: "veth", where: "container" });
  const peer = interfaces.filter((i) => i !== bridgeEntry && i !== containerEntry && i.sandbox === undefined)
    .map((i) => ({ entry: i, link: host.linkFind(i.name) }))
    .find(({ link }) => link?.kind === "veth" && link.parentIndex === inside.index && link.master === bridge.index);
  if (peer === undefined) throw new Error(`CNI veth created for bridge ${plan.config.bridge} was not found`);
  checkMac(peer.entry, peer.link as Link);
  if (inside.parentIndex !== peer.link?.index) {
    throw new Error(`Interface ${ctx.ifname} is not the peer of ${peer.entry.name}`);
  }

  checkResultAddresses(container, prev, { ifname: ctx.ifname, interfaceIndex: interfaces.indexOf(containerEntry) });
  if (plan.config.macspoofchk) {
    const { checkSpoofCheck } = await import("../../netfilter/mod.ts");
    await checkSpoofCheck({
      containerId: ctx.containerId,
      ifname: ctx.ifname,
      hostIfname: peer.link?.name ?? peer.entry.name,
      containerMac: inside.mac?.toString() ?? "",
    });
  }
}

function checkBridgeLink(host: Rtnl, entry: Interface, promisc: boolean): Link {
  if (entry.sandbox) throw new Error(`Interface ${entry.name} should not be in sandbox`);
  const link = checkLink(host, entry, { kind: "bridge", where: "host" });
  if (link.promisc !== promisc) {
    throw new Error(
      `Bridge interface ${entry.name} configured Promisc Mode ${promisc} doesn't match current state: ${link.promisc}`,
    );
  }
  return link;
}

function checkLink(rtnl: Rtnl, entry: Interface, expect: { kind: string; where: string }): Link {
  const link = rtnl.linkFind(entry.name);
  if (link === undefined) throw new Error(`Interface name ${entry.name} not found in the ${expect.where} namespace`);
  if (link.kind !== expect.kind) throw new Error(`Interface ${entry.name} is not of type ${expect.kind}`);
  checkMac(entry, link);
  return link;
}

function checkMac(entry: Interface, link: Link): void {
  if (entry.mac && entry.mac !== (link.mac?.toString() ?? "")) {
    throw new Error(`Interface ${entry.name} Mac ${entry.mac} doesn't match: ${link.mac ?? "none"}`);
  }
}
