/**
 * The vrf meta plugin (plugins/meta/vrf): puts the chained interface into a VRF inside the container, creating the
 * VRF on first use and deleting it with its last member.
 *
 * Differences from the reference, on purpose (its open PR #1282 goes the same way): ADD is idempotent when the
 * interface is already in this VRF, DEL succeeds when the netns, the interface or the VRF is gone, and CHECK reports
 * what it finds (the reference computes the error and then returns success).
 * @module
 */
import { CniError, ERR_INVALID_NETCONF, type Plugin, type PluginContext, type Result } from "../../cni/mod.ts";
import { isNotFound, Rtnl } from "../../netlink/mod.ts";
import { VrfConfig } from "./config.ts";
import { checkEnslaved, enslave, ensureVrf, release } from "./vrf_ops.ts";

const VERSIONS = ["0.3.1", "0.4.0", "1.0.0", "1.1.0"];

/** The vrf plugin. */
export const vrf: Plugin<VrfConfig> = {
  type: "vrf",
  description: "put the container interface into a VRF",
  config: VrfConfig,
  supportedVersions: VERSIONS,
  add: addVrf,
  del: delVrf,
  check: checkVrf,
};

async function addVrf(ctx: PluginContext<VrfConfig>): Promise<Result> {
  const prev = ctx.prevResult;
  if (!prev) throw new CniError(ERR_INVALID_NETCONF, "missing prevResult from earlier plugin");
  using rtnl = Rtnl.open({ netns: ctx.netns });
  const vrf = ensureVrf(rtnl, { name: ctx.config.vrfname, table: ctx.config.table ?? 0 });
  await enslave(rtnl, { vrf, ifname: ctx.ifname });
  return prev;
}

function delVrf(ctx: PluginContext<VrfConfig>): void {
  if (ctx.netns === "") return;
  let rtnl: Rtnl;
  try {
    rtnl = Rtnl.open({ netns: ctx.netns });
  } catch (err) {
    if (isNotFound(err) || err instanceof Deno.errors.NotFound) return;
    throw err;
  }
  using _rtnl = rtnl;
  release(rtnl, { name: ctx.config.vrfname, ifname: ctx.ifname });
}

function checkVrf(ctx: PluginContext<VrfConfig>): void {
  if (!ctx.prevResult) throw new CniError(ERR_INVALID_NETCONF, "missing prevResult from earlier plugin");
  using rtnl = Rtnl.open({ netns: ctx.netns });
  checkEnslaved(rtnl, { name: ctx.config.vrfname, ifname: ctx.ifname });
}
