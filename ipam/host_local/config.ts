/**
 * host-local's configuration: the zod schema of the whole network config it reads (IPAM plugins get the calling
 * plugin's full config), and {@linkcode loadHostLocalConfig}, which resolves it into range sets and requested IPs
 * the way the reference's `LoadIPAMConfig` does.
 * @module
 */
import * as z from "zod/mini";
import { IP, Prefix } from "../../addr/mod.ts";
import {
  type ArgPair,
  checkArgs,
  CniError,
  DEFAULT_CONFIG_VERSION,
  ERR_INVALID_NETCONF,
  IpamRouteConfig,
  netconf,
  type Route,
  routeOfConfig,
  versionAtLeast,
} from "../../cni/mod.ts";
import { canonicalIP, type RangeInput } from "./range.ts";
import { RangeSet } from "./range_set.ts";

/** Where allocations live unless `ipam.dataDir` says otherwise. */
export const DEFAULT_DATA_DIR = "/var/lib/cni/networks";

const RangeSchema = z.looseObject({
  subnet: z.string(),
  rangeStart: z.optional(z.string()),
  rangeEnd: z.optional(z.string()),
  gateway: z.optional(z.string()),
});

function isPlainAbsoluteDir(dir: string): boolean {
  return dir.startsWith("/") && !dir.includes("\0") && !dir.split("/").includes("..");
}

/** The `ipam` section host-local reads (unknown keys kept). */
export const HostLocalIpam = z.looseObject({
  type: z.string(),
  subnet: z.optional(z.string()),
  rangeStart: z.optional(z.string()),
  rangeEnd: z.optional(z.string()),
  gateway: z.optional(z.string()),
  ranges: z.optional(z.array(z.array(RangeSchema))),
  routes: z.optional(z.array(IpamRouteConfig)),
  // A plugin runs with whatever cwd its runtime has, so a relative, NUL-carrying or `..` dataDir is refused (code 7)
  // rather than written somewhere unplanned; the reference accepts any string.
  dataDir: z.optional(
    z.string().check(z.refine((dir) => dir === "" || isPlainAbsoluteDir(dir), {
      message: "dataDir must be an absolute path without NUL bytes or '..' segments",
    })),
  ),
  resolvConf: z.optional(z.string()),
});

/** The whole network config as host-local sees it (the base netconf plus its fields; unknown keys kept). */
export const HostLocalConfig = netconf({
  ipam: HostLocalIpam,
  runtimeConfig: z.optional(z.looseObject({
    ipRanges: z.optional(z.array(z.array(RangeSchema))),
    ips: z.optional(z.array(z.string())),
  })),
  args: z.optional(z.looseObject({
    cni: z.optional(z.looseObject({ ips: z.optional(z.array(z.string())) })),
  })),
});

/** The parsed config type. */
export type HostLocalConfig = z.infer<typeof HostLocalConfig>;

/** Everything an ADD/DEL needs, resolved from the config. */
export interface HostLocalPlan {
  /** Network name (the store's subdirectory). */
  network: string;
  /** Range sets in allocation order: runtime `ipRanges`, then the legacy range, then `ranges`. */
  rangeSets: RangeSet[];
  /** Requested IPs: CNI_ARGS `IP`, then `args.cni.ips`, then `runtimeConfig.ips`. */
  requested: IP[];
  /** Routes returned as configured. */
  routes: Route[];
  /** Store root. */
  dataDir: string;
  /** resolv.conf to turn into the result's `dns`, if any. */
  resolvConf: string | undefined;
}

/** Options of {@linkcode loadHostLocalConfig}. */
export interface LoadOptions {
  /** CNI_ARGS pairs (`IP` is read). */
  args?: readonly ArgPair[];
}

/**
 * Resolves `config` into a {@linkcode HostLocalPlan}. Throws `CniError` 7 with the reference's message when no range
 * is given, a range set is invalid (`invalid range set 0: …`), two sets overlap, or a requested IP is not an IP;
 * CNI_ARGS keys other than `IP` fail (code 2) unless `IgnoreUnknown=1`, as in the reference.
 */
export function loadHostLocalConfig(config: HostLocalConfig, options: LoadOptions = {}): HostLocalPlan {
  const ipam = config.ipam;
  const requested: IP[] = [];
  const envArgs = checkArgs(options.args ?? [], ["IP"]);
  if (envArgs.IP) requested.push(parseRequested(envArgs.IP, "CNI_ARGS IP"));
  for (const value of config.args?.cni?.ips ?? []) requested.push(parseRequested(value, "args.cni.ips"));
  for (const value of config.runtimeConfig?.ips ?? []) {
    requested.push(parseRequested(value.includes("/") ? value.slice(0, value.indexOf("/")) : value, "ips"));
  }

  const inputs: RangeInput[][] = [...(config.runtimeConfig?.ipRanges ?? [])];
  if (ipam.subnet) {
    inputs.push([{ subnet: ipam.subnet, rangeStart: ipam.rangeStart, rangeEnd: ipam.rangeEnd, gateway: ipam.gateway }]);
  }
  inputs.push(...(ipam.ranges ?? []));
  if (inputs.length === 0) throw new CniError(ERR_INVALID_NETCONF, "no IP ranges specified");

  const rangeSets = inputs.map((set, i) => {
    try {
      return RangeSet.canonicalize(set);
    } catch (err) {
      throw new CniError(ERR_INVALID_NETCONF, `invalid range set ${i}: ${(err as Error).message}`, { cause: err });
    }
  });
  checkVersionAllowsSets(rangeSets, config.cniVersion || DEFAULT_CONFIG_VERSION);
  for (let i = 0; i < rangeSets.length; i++) {
    for (let j = i + 1; j < rangeSets.length; j++) {
      if (rangeSets[i]!.overlaps(rangeSets[j]!)) {
        throw new CniError(ERR_INVALID_NETCONF, `range set ${i} overlaps with ${j}`);
      }
    }
  }
  return {
    network: config.name,
    rangeSets,
    requested,
    routes: (ipam.routes ?? []).map(checkRoute),
    dataDir: ipam.dataDir || DEFAULT_DATA_DIR,
    resolvConf: ipam.resolvConf || undefined,
  };
}

/** Spec 0.1.0/0.2.0 results hold one address per family. */
function checkVersionAllowsSets(sets: readonly RangeSet[], cniVersion: string): void {
  const v4 = sets.filter((s) => s.family === 4).length;
  const v6 = sets.length - v4;
  if ((v4 > 1 || v6 > 1) && !versionAtLeast(cniVersion, "0.3.0")) {
    throw new CniError(
      ERR_INVALID_NETCONF,
      `CNI version ${cniVersion} does not support more than 1 address per family`,
    );
  }
}

function parseRequested(text: string, where: string): IP {
  const ip = IP.tryParse(text.trim());
  if (!ip) throw new CniError(ERR_INVALID_NETCONF, `Cannot understand ip "${text}" from ${where}`);
  return canonicalIP(ip);
}

function checkRoute(route: IpamRouteConfig): Route {
  if (!Prefix.tryParse(route.dst)) throw new CniError(ERR_INVALID_NETCONF, `Cannot parse route dst "${route.dst}"`);
  if (route.gw !== undefined && !IP.tryParse(route.gw)) {
    throw new CniError(ERR_INVALID_NETCONF, `Cannot parse route gw "${route.gw}"`);
  }
  return routeOfConfig(route);
}
