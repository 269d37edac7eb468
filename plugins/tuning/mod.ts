/**
 * The tuning meta plugin (plugins/meta/tuning): sets network sysctls and link attributes (MAC, MTU, promiscuous,
 * all-multicast, transmit queue length) of CNI_IFNAME inside the container, saving the previous link settings so DEL
 * can put them back.
 *
 * Differences from the reference, on purpose: sysctl keys are checked before anything is written (the reference
 * writes earlier keys before refusing a later one); keys with `/` or empty segments are refused; CHECK resolves
 * `IFNAME` too; the MAC in the result is normalised to lower case; no gratuitous ARP is sent after a MAC change.
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
import { type Link, Rtnl } from "../../netlink/mod.ts";
import { checkAllowlist, readAllowlist } from "./allowlist.ts";
import {
  applyLinkSettings,
  compareLink,
  compareSysctls,
  type ResolvedSysctl,
  restoreLinkSettings,
  snapshotOf,
  writeSysctls,
} from "./apply.ts";
import { changesLink, resolveTuning, TuningConfig, type TuningPlan } from "./config.ts";
import { readSnapshot, snapshotPath, writeSnapshot } from "./snapshot.ts";
import { findDuplicateSysctlKeys } from "./sysctl_duplicates.ts";
import { resolveSysctlKey } from "./sysctl_key.ts";

/** Where the node's sysctl allow-list is read from; tests point it elsewhere. */
export interface TuningOptions {
  /** Allow-list file (default `/etc/cni/tuning/allowlist.conf`). */
  allowlistPath?: string;
}

/** Builds a tuning plugin; {@linkcode tuning} is the one with the reference's allow-list path. */
export function createTuning(options: TuningOptions = {}): Plugin<TuningConfig> {
  return {
    type: "tuning",
    description: "set sysctls and link attributes of the container interface",
    config: TuningConfig,
    add: (ctx) => addTuning(ctx, options),
    del: delTuning,
    check: (ctx) => checkTuning(ctx, options),
  };
}

/** The tuning plugin. */
export const tuning: Plugin<TuningConfig> = createTuning();

/** Parses and validates everything before touching the container (shared by ADD and CHECK). */
function plan(
  ctx: PluginContext<TuningConfig>,
  options: TuningOptions,
): { plan: TuningPlan; sysctls: ResolvedSysctl[] } {
  const duplicates = findDuplicateSysctlKeys(new TextDecoder().decode(ctx.stdin));
  if (duplicates.length > 0) {
    throw new CniError(ERR_INVALID_NETCONF, `duplicated sysctl keys are not allowed: ${duplicates.join(", ")}`);
  }
  const resolved = resolveTuning(ctx.config, ctx.args);
  checkAllowlist(resolved.sysctl.keys(), readAllowlist(options.allowlistPath));
  const sysctls = [...resolved.sysctl].map(([key, value]) => ({
    key,
    segments: resolveSysctlKey(key, ctx.ifname),
    value,
  }));
  if (ctx.prevResult === undefined) throw new CniError(ERR_INVALID_NETCONF, "Required prevResult missing");
  return { plan: resolved, sysctls };
}

function containerLink(rtnl: Rtnl, ifname: string): Link {
  try {
    return rtnl.linkGet(ifname);
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `failed to get "${ifname}": ${(err as Error).message}`, { cause: err });
  }
}

function addTuning(ctx: PluginContext<TuningConfig>, options: TuningOptions): Result {
  const { plan: p, sysctls } = plan(ctx, options);
  const prev = ctx.prevResult as Result;
  writeSysctls(ctx.netns, sysctls);
  if (!changesLink(p)) return prev;
  using rtnl = Rtnl.open({ netns: ctx.netns });
  const link = containerLink(rtnl, ctx.ifname);
  writeSnapshot(snapshotPath(p.dataDir, { containerId: ctx.containerId, ifname: ctx.ifname }), snapshotOf(link, p));
  applyLinkSettings(rtnl, link, p);
  if (!p.mac) return prev;
  const mac = p.mac.toString();
  return {
    ...prev,
    ...(prev.interfaces && {
      interfaces: prev.interfaces.map((iface) => (iface.name === ctx.ifname ? { ...iface, mac } : iface)),
    }),
  };
}

/**
 * DEL restores the snapshot and removes it when every step worked. As in the reference, every failure is ignored
 * (a vanished netns, link or file means there is nothing left to restore).
 */
function delTuning(ctx: PluginContext<TuningConfig>): void {
  try {
    const dataDir = resolveTuning(ctx.config, ctx.args).dataDir;
    const path = snapshotPath(dataDir, { containerId: ctx.containerId, ifname: ctx.ifname });
    const snapshot = readSnapshot(path);
    if (snapshot === undefined || ctx.netns === "") return;
    using rtnl = Rtnl.open({ netns: ctx.netns });
    const link = rtnl.linkFind(ctx.ifname);
    if (!link) return;
    if (restoreLinkSettings(rtnl, link, snapshot).length === 0) Deno.removeSync(path);
  } catch {
    // Best effort, as the reference: DEL never fails.
  }
}

function checkTuning(ctx: PluginContext<TuningConfig>, options: TuningOptions): void {
  const { plan: p, sysctls } = plan(ctx, options);
  compareSysctls(ctx.netns, sysctls);
  using rtnl = Rtnl.open({ netns: ctx.netns });
  let link: Link;
  try {
    link = rtnl.linkGet(ctx.ifname);
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `Cannot find container link ${ctx.ifname}`, { cause: err });
  }
  compareLink(link, p);
}
