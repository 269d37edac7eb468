/**
 * ptp CHECK: IPAM's CHECK, the container veth with its MAC, the prevResult addresses and routes inside, and the
 * host end as its peer carrying the gateway addresses.
 * @module
 */
import { IP } from "../../addr/mod.ts";
import type { PluginContext } from "../../cni/mod.ts";
import { ipamCheck } from "../../ipam/delegate.ts";
import { Netns, Rtnl } from "../../netlink/mod.ts";
import { checkResultAddresses } from "../_attach/mod.ts";
import type { PtpConfig } from "./config.ts";

/** Runs ptp CHECK; throws an Error naming the first thing that differs from prevResult. */
export async function checkPtp(ctx: PluginContext<PtpConfig>): Promise<void> {
  using netns = Netns.open(ctx.netns);
  await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("Required prevResult missing");
  const interfaces = prev.interfaces ?? [];
  const entry = interfaces.find((i) => i.name === ctx.ifname && i.sandbox === ctx.netns);
  if (entry === undefined) throw new Error(`CNI created interface in container ${ctx.ifname} not found`);
  using container = Rtnl.open({ netns });
  const inside = container.linkFind(ctx.ifname);
  if (inside === undefined) throw new Error(`Interface name ${ctx.ifname} not found in the container namespace`);
  if (inside.kind !== "veth") throw new Error(`Interface ${ctx.ifname} is not of type veth`);
  if (entry.mac && entry.mac !== (inside.mac?.toString() ?? "")) {
    throw new Error(`Interface ${ctx.ifname} Mac ${entry.mac} doesn't match container Mac: ${inside.mac ?? "none"}`);
  }
  const index = interfaces.indexOf(entry);
  checkResultAddresses(container, prev, { ifname: ctx.ifname, interfaceIndex: index });

  using host = Rtnl.open();
  const peer = interfaces.filter((i) => i !== entry && i.sandbox === undefined).map((i) => host.linkFind(i.name))
    .find((link) => link?.kind === "veth" && link.index === inside.parentIndex);
  if (peer === undefined) throw new Error(`CNI veth peer of container interface ${ctx.ifname} was not found`);
  const gateways = (prev.ips ?? []).filter((ip) => ip.interface === index).flatMap((ip) =>
    ip.gateway === undefined ? [] : [IP.parse(ip.gateway)]
  );
  const onPeer = host.addrList({ index: peer.index }).map((a) => a.ip);
  for (const gateway of gateways) {
    if (!onPeer.some((ip) => ip.equals(gateway))) {
      throw new Error(`Cannot find gateway address ${gateway} on host veth "${peer.name}"`);
    }
  }
}
