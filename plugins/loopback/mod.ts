/**
 * The loopback plugin: brings `lo` up in the container (ADD), down (DEL), and checks it is up (CHECK). CNI_IFNAME is
 * ignored, as in the reference: this plugin only ever touches `lo`.
 * @module
 */
import { CniError, ERR_PLUGIN_SPECIFIC } from "../../cni/errors.ts";
import type { Plugin, PluginContext } from "../../cni/plugin.ts";
import type { IPConfig, Result } from "../../cni/result.ts";
import { netconf } from "../../cni/netconf.ts";
import { Prefix } from "../../addr/mod.ts";
import { type Address, Rtnl } from "../../netlink/mod.ts";
import { netnsGoneIsFine } from "../../iface/mod.ts";
import type * as z from "zod/mini";

/** The loopback config: only the base fields. */
export const LoopbackConfig = netconf({});
/** Parsed loopback config. */
export type LoopbackConfig = z.infer<typeof LoopbackConfig>;

const LOOPBACK_V4 = Prefix.parse("127.0.0.0/8");
const LOOPBACK_V6 = Prefix.parse("::1/128");

function isLoopbackAddress(address: Address): boolean {
  return address.family === 4 ? LOOPBACK_V4.contains(address.ip) : LOOPBACK_V6.contains(address.ip);
}

/** The first address of each family on `lo`; fails when `lo` carries a non-loopback address, as the reference. */
function loopbackAddresses(rtnl: Rtnl, index: number): IPConfig[] {
  const ips: IPConfig[] = [];
  for (const family of [4, 6] as const) {
    const addresses = rtnl.addrList({ family, index });
    const stray = addresses.find((address) => !isLoopbackAddress(address));
    if (stray) {
      throw new CniError(ERR_PLUGIN_SPECIFIC, `loopback interface found with non-loopback address "${stray.ip}"`);
    }
    if (addresses[0]) ips.push({ interface: 0, address: addresses[0].prefix });
  }
  return ips;
}

function add(ctx: PluginContext<LoopbackConfig>): Result {
  using rtnl = Rtnl.open({ netns: ctx.netns });
  const lo = rtnl.linkGet("lo");
  rtnl.linkSet(lo.index, { up: true });
  const ips = loopbackAddresses(rtnl, lo.index);
  if (ctx.prevResult) return ctx.prevResult;
  const result: Result = {
    cniVersion: ctx.cniVersion,
    interfaces: [{ name: "lo", mac: "00:00:00:00:00:00", sandbox: ctx.netns }],
  };
  if (ips.length > 0) result.ips = ips;
  return result;
}

async function del(ctx: PluginContext<LoopbackConfig>): Promise<void> {
  if (!ctx.netns) return;
  await netnsGoneIsFine(ctx.netns, (netns) => {
    using rtnl = Rtnl.open({ netns });
    rtnl.linkSet(rtnl.linkGet("lo").index, { up: false });
  });
}

function check(ctx: PluginContext<LoopbackConfig>): void {
  using rtnl = Rtnl.open({ netns: ctx.netns });
  if (!rtnl.linkGet("lo").up) throw new CniError(ERR_PLUGIN_SPECIFIC, "loopback interface is down");
}

/** The loopback plugin object. */
export const loopback: Plugin<LoopbackConfig> = {
  type: "loopback",
  description: "bring up the loopback interface in the container",
  config: LoopbackConfig,
  add,
  del,
  check,
};
