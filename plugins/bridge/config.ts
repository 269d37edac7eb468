/**
 * The bridge plugin's configuration (every field of the reference v1.9.1, same defaults) and
 * {@linkcode loadBridgeConfig}, which checks the combinations the schema cannot and picks the container MAC.
 * @module
 */
import * as z from "zod/mini";
import { MAC } from "../../addr/mod.ts";
import { type ArgPair, checkArgs } from "../../cni/args.ts";
import { CniError, ERR_INVALID_NETCONF } from "../../cni/errors.ts";
import { netconf } from "../../cni/netconf.ts";

const VlanTrunkEntry = z.looseObject({
  id: z.optional(z.number().check(z.int())),
  minID: z.optional(z.number().check(z.int())),
  maxID: z.optional(z.number().check(z.int())),
});

/** The whole network config as bridge sees it (unknown keys kept). */
export const BridgeConfig = netconf({
  bridge: z._default(z.string(), "cni0"),
  isGateway: z._default(z.boolean(), false),
  isDefaultGateway: z._default(z.boolean(), false),
  forceAddress: z._default(z.boolean(), false),
  ipMasq: z._default(z.boolean(), false),
  ipMasqBackend: z.optional(z.enum(["iptables", "nftables"])),
  mtu: z._default(z.number().check(z.int(), z.minimum(0)), 0),
  hairpinMode: z._default(z.boolean(), false),
  promiscMode: z._default(z.boolean(), false),
  vlan: z._default(z.number().check(z.int()), 0),
  vlanTrunk: z.nullish(z.array(VlanTrunkEntry)),
  /** False since reference v1.8.0 (was true in v1.3–v1.7). */
  preserveDefaultVlan: z._default(z.boolean(), false),
  macspoofchk: z._default(z.boolean(), false),
  enabledad: z._default(z.boolean(), false),
  disableContainerInterface: z._default(z.boolean(), false),
  portIsolation: z._default(z.boolean(), false),
  runtimeConfig: z.optional(z.looseObject({ mac: z.optional(z.string()) })),
  args: z.optional(z.looseObject({ cni: z.optional(z.looseObject({ mac: z.optional(z.string()) })) })),
});

/** The parsed config type. */
export type BridgeConfig = z.infer<typeof BridgeConfig>;

/** What ADD/DEL/CHECK act on, resolved from the config and CNI_ARGS. */
export interface BridgePlan {
  /** The config as parsed. */
  config: BridgeConfig;
  /** True when the config names an IPAM plugin (`ipam.type`); false means L2 only. */
  isLayer3: boolean;
  /** `isGateway`, also true when `isDefaultGateway` is. */
  isGateway: boolean;
  /** Tagged VLANs of a trunk port, sorted and unique; empty when `vlanTrunk` names none. */
  trunkVlans: number[];
  /** True when the bridge needs vlan_filtering (an access VLAN or a trunk). */
  vlanFiltering: boolean;
  /** Container MAC: `runtimeConfig.mac` > `args.cni.mac` > CNI_ARGS `MAC`; undefined lets the kernel pick. */
  mac: MAC | undefined;
}

/**
 * Resolves the plan. Throws CniError 7 for a VLAN outside 0–4094, a bad trunk, vlan with vlanTrunk, hairpin with
 * promisc, IPAM with disableContainerInterface, or an unparsable MAC; CNI_ARGS other than `MAC` fail unless
 * `IgnoreUnknown=1`.
 */
export function loadBridgeConfig(config: BridgeConfig, options: { args?: readonly ArgPair[] } = {}): BridgePlan {
  if (config.vlan < 0 || config.vlan > 4094) {
    throw invalid(`invalid VLAN ID ${config.vlan} (must be between 0 and 4094)`);
  }
  const trunkVlans = collectVlanTrunk(config.vlanTrunk ?? []);
  if (config.vlan > 0 && trunkVlans.length > 0) throw invalid("cannot set vlan and vlanTrunk at the same time");
  if (config.hairpinMode && config.promiscMode) {
    throw invalid("cannot set hairpin mode and promiscuous mode at the same time");
  }
  const isLayer3 = Boolean(config.ipam?.type);
  if (config.disableContainerInterface && isLayer3) {
    throw invalid("cannot use IPAM when DisableContainerInterface flag is set");
  }
  return {
    config,
    isLayer3,
    isGateway: config.isGateway || config.isDefaultGateway,
    trunkVlans,
    vlanFiltering: config.vlan !== 0 || config.vlanTrunk != null,
    mac: pickMac(config, options.args ?? []),
  };
}

/** Expands `vlanTrunk` entries (`{id}` or `{minID, maxID}`) into sorted unique VLAN IDs, as the reference does. */
export function collectVlanTrunk(entries: ReadonlyArray<z.infer<typeof VlanTrunkEntry>>): number[] {
  const vlans = new Set<number>();
  for (const entry of entries) {
    const { minID, maxID, id } = entry;
    if (minID !== undefined && maxID !== undefined) {
      if (minID <= 0 || minID > 4094) throw invalid("incorrect trunk minID parameter");
      if (maxID <= 0 || maxID > 4094) throw invalid("incorrect trunk maxID parameter");
      if (maxID < minID) throw invalid("minID is greater than maxID in trunk parameter");
      for (let v = minID; v <= maxID; v++) vlans.add(v);
    } else if (maxID !== undefined) {
      throw invalid("minID and maxID should be configured simultaneously, minID is missing");
    } else if (minID !== undefined) {
      throw invalid("minID and maxID should be configured simultaneously, maxID is missing");
    }
    if (id !== undefined) {
      if (id <= 0 || id > 4094) throw invalid("incorrect trunk id parameter");
      vlans.add(id);
    }
  }
  return [...vlans].sort((a, b) => a - b);
}

function pickMac(config: BridgeConfig, args: readonly ArgPair[]): MAC | undefined {
  const fromEnv = checkArgs(args, ["MAC"]).MAC;
  const text = config.runtimeConfig?.mac || config.args?.cni?.mac || fromEnv || undefined;
  if (text === undefined) return undefined;
  try {
    return MAC.parse(text);
  } catch (err) {
    throw new CniError(ERR_INVALID_NETCONF, `Cannot use MAC address "${text}": not a MAC address`, { cause: err });
  }
}

function invalid(message: string): CniError {
  return new CniError(ERR_INVALID_NETCONF, message);
}
