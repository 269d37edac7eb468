/**
 * Builds the config flannel hands to its delegate (bridge by default) from its own config and the node's lease, as
 * flannel-io/cni-plugin's `doCmdAdd` and `getDelegateIPAM` do, and prints it as Go's `json.Marshal` of a map would.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import { CniError, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import type { FlannelConfig } from "./config.ts";
import type { SubnetEnv } from "./subnet_env.ts";

/** What the delegate config is built from. */
export interface DelegateInputs {
  /** The parsed flannel config. */
  config: FlannelConfig;
  /** The node's lease. */
  env: SubnetEnv;
  /** `cniVersion` exactly as written in the flannel config ("" when absent: then the delegate gets none). */
  rawCniVersion: string;
}

/**
 * Returns the delegate config: the `delegate` template plus `name`, `type` (default `bridge`), `ipMasq` (default
 * `!FLANNEL_IPMASQ`), `mtu` (default `FLANNEL_MTU`), `isGateway: true` for bridge, `cniVersion`, `runtimeConfig`,
 * and an `ipam` built from the config's (type default `host-local`, flannel subnets as ranges, flannel networks added
 * to the routes). Throws CniError 7 when the template sets `name` or `ipam`, or a non-string `type`.
 */
export function buildDelegateConfig(inputs: DelegateInputs): Record<string, unknown> {
  const { config, env } = inputs;
  const delegate: Record<string, unknown> = structuredClone(config.delegate ?? {});
  if (Object.hasOwn(delegate, "type") && typeof delegate.type !== "string") {
    throw new CniError(ERR_INVALID_NETCONF, "'delegate' dictionary, if present, must have (string) 'type' field");
  }
  if (Object.hasOwn(delegate, "name")) {
    throw new CniError(
      ERR_INVALID_NETCONF,
      "'delegate' dictionary must not have 'name' field, it'll be set by flannel",
    );
  }
  if (Object.hasOwn(delegate, "ipam")) {
    throw new CniError(
      ERR_INVALID_NETCONF,
      "'delegate' dictionary must not have 'ipam' field, it'll be set by flannel",
    );
  }
  if (config.runtimeConfig != null) delegate.runtimeConfig = structuredClone(config.runtimeConfig);
  delegate.name = config.name;
  if (!Object.hasOwn(delegate, "type")) delegate.type = "bridge";
  if (!Object.hasOwn(delegate, "ipMasq")) delegate.ipMasq = !env.ipMasq;
  if (!Object.hasOwn(delegate, "mtu")) delegate.mtu = env.mtu;
  if (delegate.type === "bridge" && !Object.hasOwn(delegate, "isGateway")) delegate.isGateway = true;
  if (inputs.rawCniVersion !== "") delegate.cniVersion = inputs.rawCniVersion;
  delegate.ipam = delegateIpam(config, env);
  return delegate;
}

/** Prints a delegate config as Go's `json.Marshal` of a map: keys sorted at every level, HTML characters escaped. */
export function formatDelegateConfig(delegate: Record<string, unknown>): string {
  return JSON.stringify(sortKeys(delegate)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function delegateIpam(config: FlannelConfig, env: SubnetEnv): Record<string, unknown> {
  const ipam: Record<string, unknown> = structuredClone(config.ipam ?? {});
  if (!Object.hasOwn(ipam, "type")) ipam.type = "host-local";
  const ranges: Array<Array<{ subnet: string }>> = [];
  if (env.subnet) ranges.push([{ subnet: env.subnet.toString() }]);
  if (env.ipv6Subnet) ranges.push([{ subnet: env.ipv6Subnet.toString() }]);
  ipam.ranges = ranges;
  const routes = ipamRoutes(ipam.routes);
  for (const network of [...env.networks, ...env.ipv6Networks]) routes.push(new GoRoute(network.toString()));
  ipam.routes = routes;
  return ipam;
}

/** A route as Go's `types.Route` marshals it: fields in struct order, empty ones omitted. */
class GoRoute {
  readonly fields: Record<string, unknown>;

  constructor(dst: string, extra: Record<string, unknown> = {}) {
    this.fields = { dst, ...extra };
  }

  toJSON(): Record<string, unknown> {
    return this.fields;
  }
}

function ipamRoutes(raw: unknown): GoRoute[] {
  if (raw === undefined) return [];
  const fail = (why: string) =>
    new CniError(ERR_INVALID_NETCONF, `failed to assemble Delegate IPAM: failed to read IPAM routes: ${why}`);
  if (raw === null) return [];
  if (!Array.isArray(raw)) throw fail("failed to parse ipam.routes: not a list");
  return raw.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) throw fail("failed to parse ipam.routes: not an object");
    const route = entry as Record<string, unknown>;
    const dst = typeof route.dst === "string" ? Prefix.tryParse(route.dst) : undefined;
    if (!dst) throw fail(`failed to parse ipam.routes: invalid dst ${JSON.stringify(route.dst)}`);
    const extra: Record<string, unknown> = {};
    if (typeof route.gw === "string" && route.gw !== "") {
      const gw = IP.tryParse(route.gw);
      if (!gw) throw fail(`failed to parse ipam.routes: invalid gw ${JSON.stringify(route.gw)}`);
      extra.gw = gw.toString();
    }
    for (const key of ["mtu", "advmss", "priority"]) {
      if (typeof route[key] === "number" && route[key] !== 0) extra[key] = route[key];
    }
    for (const key of ["table", "scope"]) if (typeof route[key] === "number") extra[key] = route[key];
    return new GoRoute(dst.toString(), extra);
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof GoRoute) return value;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, child]) => [key, sortKeys(child)]));
  }
  return value;
}
