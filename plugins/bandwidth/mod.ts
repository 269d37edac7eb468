/**
 * The bandwidth meta plugin (plugins/meta/bandwidth): token-bucket shaping of the container's traffic on the host
 * side of its veth. Traffic to the container gets a root tbf on the host veth; traffic from it is redirected to an
 * IFB device (`bwp<hash>`, added to the result) that carries a tbf.
 *
 * Beyond the reference, on purpose: a failed ADD removes what it created, and DEL also removes the qdiscs from the
 * host veth when it still exists (the reference leaves them to die with the veth).
 * @module
 */
import {
  CniError,
  ERR_INTERNAL,
  ERR_INVALID_NETCONF,
  type Plugin,
  type PluginContext,
  type Result,
} from "../../cni/mod.ts";
import { ifb, isNotFound, Rtnl } from "../../netlink/mod.ts";
import { BandwidthConfig, isUnlimited, resolveLimits } from "./config.ts";
import { findHostVeth } from "./host_veth.ts";
import { ifbName } from "./ifb_name.ts";
import { addRedirect, addTbf, checkTbf, removeShaping, tbfFor } from "./shaping.ts";

/** Where the plugin acts on the "host" side; tests use a second namespace instead of the real host. */
export interface BandwidthOptions {
  /** The namespace holding the host veth and the IFB; default: the plugin's own. */
  hostNetns?: string;
}

const VERSIONS = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

/** Builds a bandwidth plugin acting on `options.hostNetns`; {@linkcode bandwidth} acts on its own namespace. */
export function createBandwidth(options: BandwidthOptions = {}): Plugin<BandwidthConfig> {
  const openHost = () => Rtnl.open({ netns: options.hostNetns });
  return {
    type: "bandwidth",
    description: "shape the container's traffic with tbf qdiscs on its host veth and an IFB",
    config: BandwidthConfig,
    supportedVersions: VERSIONS,
    add: (ctx) => addBandwidth(ctx, openHost),
    del: (ctx) => delBandwidth(ctx, openHost),
    check: (ctx) => checkBandwidth(ctx, openHost),
  };
}

/** The bandwidth plugin. */
export const bandwidth: Plugin<BandwidthConfig> = createBandwidth();

function hostEnds(ctx: PluginContext<BandwidthConfig>, host: Rtnl, prev: Result) {
  using container = Rtnl.open({ netns: ctx.netns });
  return findHostVeth({ host, container }, { ifname: ctx.ifname, interfaces: prev.interfaces ?? [] });
}

function addBandwidth(ctx: PluginContext<BandwidthConfig>, openHost: () => Rtnl): Result {
  const limits = resolveLimits(ctx.config);
  const prev = ctx.prevResult;
  if (isUnlimited(limits) || !limits) return prev ?? { cniVersion: ctx.cniVersion, dns: {} };
  if (!prev) throw new CniError(ERR_INVALID_NETCONF, "must be called as chained plugin");
  using host = openHost();
  const { host: veth } = hostEnds(ctx, host, prev);
  const result: Result = { ...prev, interfaces: [...(prev.interfaces ?? [])] };
  using undo = new DisposableStack();
  if (limits.ingressRate > 0 && limits.ingressBurst > 0) {
    addTbf(host, veth.index, tbfFor(limits.ingressRate, limits.ingressBurst));
    undo.defer(() => removeShaping(host, veth.index));
  }
  if (limits.egressRate > 0 && limits.egressBurst > 0) {
    const tbf = tbfFor(limits.egressRate, limits.egressBurst);
    const name = ifbName(ctx.network, ctx.containerId);
    try {
      host.linkAdd({ name, kind: ifb, mtu: veth.mtu, up: true });
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `adding link: ${(err as Error).message}`, { cause: err });
    }
    undo.defer(() => deleteIfb(host, name));
    const ifbLink = host.linkGet(name);
    result.interfaces?.push({ name, ...(ifbLink.mac && { mac: ifbLink.mac.toString() }) });
    addRedirect(host, veth.index, ifbLink.index);
    undo.defer(() => removeShaping(host, veth.index));
    addTbf(host, ifbLink.index, tbf);
  }
  undo.move();
  return result;
}

function deleteIfb(host: Rtnl, name: string): void {
  try {
    host.linkDel(name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** DEL: deletes the IFB (gone is fine) and, when prevResult still leads to the host veth, our qdiscs on it. */
function delBandwidth(ctx: PluginContext<BandwidthConfig>, openHost: () => Rtnl): void {
  resolveLimits(ctx.config);
  using host = openHost();
  deleteIfb(host, ifbName(ctx.network, ctx.containerId));
  const prev = ctx.prevResult;
  if (!prev || ctx.netns === "") return;
  let index: number;
  try {
    index = hostEnds(ctx, host, prev).host.index;
  } catch {
    return; // The container side is gone, and the veth with it.
  }
  removeShaping(host, index);
}

function checkBandwidth(ctx: PluginContext<BandwidthConfig>, openHost: () => Rtnl): void {
  const limits = resolveLimits(ctx.config);
  const prev = ctx.prevResult;
  if (!prev) throw new CniError(ERR_INVALID_NETCONF, "must be called as a chained plugin");
  using host = openHost();
  const { host: veth } = hostEnds(ctx, host, prev);
  if (!limits) return;
  if (limits.ingressRate > 0 && limits.ingressBurst > 0) {
    checkTbf(host, veth.index, tbfFor(limits.ingressRate, limits.ingressBurst));
  }
  if (limits.egressRate > 0 && limits.egressBurst > 0) {
    let ifbIndex: number;
    try {
      ifbIndex = host.linkGet(ifbName(ctx.network, ctx.containerId)).index;
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `get ifb device: ${(err as Error).message}`, { cause: err });
    }
    checkTbf(host, ifbIndex, tbfFor(limits.egressRate, limits.egressBurst));
  }
}
