/**
 * The tuning plugin's configuration and {@linkcode resolveTuning}, which applies the overrides in the reference's
 * order: CNI_ARGS `MAC`, then `runtimeConfig.mac`, then `args.cni.{sysctl,mac,promisc,mtu,allmulti,txQLen}`.
 * @module
 */
import * as z from "zod/mini";
import { MAC } from "../../addr/mod.ts";
import { type ArgPair, checkArgs, CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";

/** Where snapshots go when `dataDir` is not set. */
export const DEFAULT_DATA_DIR = "/run/cni/tuning";

const SysctlMap = z.record(z.string(), z.string());

/** The tuning config schema (unknown keys kept). */
export const TuningConfig = netconf({
  sysctl: z.nullish(SysctlMap),
  mac: z.optional(z.string()),
  promisc: z.optional(z.boolean()),
  mtu: z.optional(z.number().check(z.int(), z.nonnegative())),
  allmulti: z.nullish(z.boolean()),
  txQLen: z.nullish(z.number().check(z.int(), z.nonnegative())),
  dataDir: z.optional(z.string()),
  runtimeConfig: z.optional(z.looseObject({ mac: z.optional(z.string()) })),
  args: z.nullish(z.looseObject({
    cni: z.nullish(z.looseObject({
      sysctl: z.nullish(SysctlMap),
      mac: z.nullish(z.string()),
      promisc: z.nullish(z.boolean()),
      mtu: z.nullish(z.number().check(z.int(), z.nonnegative())),
      allmulti: z.nullish(z.boolean()),
      txQLen: z.nullish(z.number().check(z.int(), z.nonnegative())),
    })),
  })),
});

/** A parsed tuning config. */
export type TuningConfig = z.infer<typeof TuningConfig>;

/** What tuning will do, after every override. */
export interface TuningPlan {
  /** Sysctl keys (as written) and values. */
  sysctl: Map<string, string>;
  /** New MAC address, when set. */
  mac: MAC | undefined;
  /** Turn promiscuous mode on (the reference never turns it off on ADD). */
  promisc: boolean;
  /** New MTU; 0 means unchanged. */
  mtu: number;
  /** New all-multicast mode, when set. */
  allmulti: boolean | undefined;
  /** New transmit queue length, when set. */
  txQLen: number | undefined;
  /** Where the snapshot of the previous settings goes. */
  dataDir: string;
}

/**
 * Applies CNI_ARGS `MAC`, `runtimeConfig.mac` and `args.cni` to `config`. Throws CniError 7 for an invalid MAC and
 * the CNI_ARGS errors of `checkArgs` for unknown keys.
 */
export function resolveTuning(config: TuningConfig, args: readonly ArgPair[]): TuningPlan {
  const sysctl = new Map(Object.entries(config.sysctl ?? {}));
  let mac = config.mac ?? "";
  let promisc = config.promisc ?? false;
  let mtu = config.mtu ?? 0;
  let allmulti = config.allmulti ?? undefined;
  let txQLen = config.txQLen ?? undefined;
  const envMac = checkArgs(args, ["MAC"]).MAC;
  if (envMac) mac = envMac;
  if (config.runtimeConfig?.mac) mac = config.runtimeConfig.mac;
  const cni = config.args?.cni;
  if (cni) {
    for (const [key, value] of Object.entries(cni.sysctl ?? {})) sysctl.set(key, value);
    if (cni.mac != null) mac = cni.mac;
    if (cni.promisc != null) promisc = cni.promisc;
    if (cni.mtu != null) mtu = cni.mtu;
    if (cni.allmulti != null) allmulti = cni.allmulti;
    if (cni.txQLen != null) txQLen = cni.txQLen;
  }
  return { sysctl, mac: parseMac(mac), promisc, mtu, allmulti, txQLen, dataDir: config.dataDir || DEFAULT_DATA_DIR };
}

/** True when the plan changes a link setting (and so needs a snapshot). */
export function changesLink(plan: TuningPlan): boolean {
  return plan.mac !== undefined || plan.mtu !== 0 || plan.promisc || plan.allmulti !== undefined ||
    plan.txQLen !== undefined;
}

function parseMac(text: string): MAC | undefined {
  if (text === "") return undefined;
  try {
    return MAC.parse(text);
  } catch (err) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid args ${text} for MAC addr: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
