/**
 * Applying IPAM's addresses and routes to a link inside a container, as the reference's `ipam.ConfigureIface`:
 * IPv6 enabled before the first v6 address, link up, DAD settled when a v6 gateway exists, routes via the family's
 * gateway unless they name their own.
 * @module
 */
import { IP, Prefix } from "../addr/mod.ts";
import { type Netns, type RouteSpec, type Rtnl, withNetns } from "../netlink/mod.ts";
import { settleDad } from "./settle_dad.ts";
import { ensureSysctl, readSysctl } from "./sysctl.ts";

/** An address to add (the shape of a CNI result's `ips[]` entry). */
export interface InterfaceAddress {
  /** Address with prefix length, `10.1.0.5/24`. */
  address: string | Prefix;
  /** The subnet's gateway; the first one of each family becomes the default next hop of routes. */
  gateway?: string | IP | undefined;
}

/** A route to add (the shape of a CNI result's `routes[]` entry). */
export interface InterfaceRoute {
  /** Destination prefix. */
  dst: string | Prefix;
  /** Next hop; default: the first gateway of the family among the addresses, else on-link. */
  gw?: string | IP | undefined;
  /** Metric. */
  priority?: number | undefined;
  /** Routing table (default main). */
  table?: number | undefined;
  /** Scope as the kernel numbers it (default universe, as the reference sends). */
  scope?: number | undefined;
  /** Path MTU. */
  mtu?: number | undefined;
  /** Advertised MSS. */
  advmss?: number | undefined;
}

/** Options of {@linkcode configureInterface}. */
export interface ConfigureInterfaceOptions {
  /** The link's name in the namespace `rtnl` is bound to. */
  ifname: string;
  /** Addresses to add, in order. */
  ips: readonly InterfaceAddress[];
  /** Routes to add (appended, so ECMP siblings can coexist). */
  routes?: readonly InterfaceRoute[];
  /** The namespace `rtnl` is bound to, for the sysctl writes; default the calling thread's own. */
  netns?: Netns;
  /** Deadline for IPv6 DAD in milliseconds (default 5000). */
  dadTimeoutMs?: number;
}

/**
 * Adds the addresses, brings the link up, waits for IPv6 DAD when a v6 gateway exists, then adds the routes.
 * Throws `Cannot add address 10.1.0.5/24 to "eth0": …` or `Cannot add route 0.0.0.0/0 via 10.1.0.1 to "eth0": …`
 * with the kernel's error as cause.
 */
export async function configureInterface(rtnl: Rtnl, options: ConfigureInterfaceOptions): Promise<void> {
  const { ifname } = options;
  const link = rtnl.linkGet(ifname);
  const gateways = new Map<4 | 6, IP>();
  let isIpv6Enabled = false;
  for (const ipc of options.ips) {
    const prefix = typeof ipc.address === "string" ? Prefix.parse(ipc.address) : ipc.address;
    if (prefix.family === 6 && !isIpv6Enabled) {
      inNetns(options.netns, () => enableIpv6(ifname));
      isIpv6Enabled = true;
    }
    try {
      rtnl.addrAdd(link.index, prefix);
    } catch (err) {
      throw new Error(`Cannot add address ${prefix} to "${ifname}": ${(err as Error).message}`, { cause: err });
    }
    const gateway = typeof ipc.gateway === "string" ? IP.parse(ipc.gateway) : ipc.gateway;
    if (gateway !== undefined && !gateways.has(gateway.family)) gateways.set(gateway.family, gateway);
  }
  rtnl.linkSet(link.index, { up: true });
  if (gateways.has(6)) {
    await settleDad(rtnl, link.index, { name: ifname, timeoutMs: options.dadTimeoutMs ?? 5000 });
  }
  for (const route of options.routes ?? []) addRoute(rtnl, link.index, { ifname, route, gateways });
}

function addRoute(
  rtnl: Rtnl,
  index: number,
  { ifname, route, gateways }: { ifname: string; route: InterfaceRoute; gateways: Map<4 | 6, IP> },
): void {
  const dst = typeof route.dst === "string" ? Prefix.parse(route.dst) : route.dst;
  const gw = route.gw === undefined
    ? gateways.get(dst.family)
    : typeof route.gw === "string"
    ? IP.parse(route.gw)
    : route.gw;
  const spec: RouteSpec = { dst, oif: index, scope: route.scope ?? 0 };
  if (gw !== undefined) spec.gateway = gw;
  if (route.priority !== undefined) spec.priority = route.priority;
  if (route.table !== undefined) spec.table = route.table;
  if (route.mtu !== undefined) spec.mtu = route.mtu;
  if (route.advmss !== undefined) spec.advmss = route.advmss;
  try {
    rtnl.routeAppend(spec);
  } catch (err) {
    const via = gw === undefined ? "" : ` via ${gw}`;
    throw new Error(`Cannot add route ${dst}${via} to "${ifname}": ${(err as Error).message}`, { cause: err });
  }
}

/** `disable_ipv6=0` on `lo` and the link, `keep_addr_on_down=1` on the link (static v6 addresses survive a down). */
function enableIpv6(ifname: string): void {
  for (const name of ["lo", ifname]) {
    const key = ["ipv6", "conf", name, "disable_ipv6"];
    let value: string;
    try {
      value = readSysctl(key);
    } catch {
      continue; // No such key: this kernel has no IPv6 for the link; the address add will say so.
    }
    if (value !== "0") ensureSysctl(key, "0");
  }
  try {
    ensureSysctl(["ipv6", "conf", ifname, "keep_addr_on_down"], "1");
  } catch {
    // Older kernels lack the key; addresses then vanish on down, as they always did.
  }
}

function inNetns(netns: Netns | undefined, fn: () => void): void {
  if (netns === undefined) fn();
  else withNetns(netns, fn);
}
