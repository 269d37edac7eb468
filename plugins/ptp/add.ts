/**
 * ptp ADD: IPAM, forwarding, a veth pair whose container end routes everything via the gateway (a /32 or /128
 * on-link route replaces the subnet route), and whose host end carries the gateway address and a host route to
 * each container address; then masquerading. Undo steps run in reverse unless ADD completes.
 * @module
 */
import { IP, Prefix } from "../../addr/mod.ts";
import { type PluginContext, type Result } from "../../cni/mod.ts";
import { enableForwarding, setupVeth } from "../../iface/mod.ts";
import { isExists, Netns, Rtnl } from "../../netlink/mod.ts";
import {
  addIpam,
  addIpMasq,
  attachAddresses,
  containerInterface,
  deferBestEffort,
  hostInterface,
} from "../_attach/mod.ts";
import type { PtpConfig } from "./config.ts";
import { configuredDns } from "../../cni/mod.ts";

/** Index of the container interface in a ptp result: [host veth, container veth]. */
export const CONTAINER_INTERFACE_INDEX = 1;
const RT_SCOPE_UNIVERSE = 0;
const RT_SCOPE_LINK = 253;
const RT_SCOPE_HOST = 254;

/** One address with the gateway it routes through. */
interface Assignment {
  address: Prefix;
  gateway: IP;
}

/** Runs ptp ADD and returns the current-version result. */
export async function addPtp(ctx: PluginContext<PtpConfig>): Promise<Result> {
  const { config } = ctx;
  using host = Rtnl.open();
  using netns = Netns.open(ctx.netns);
  using container = Rtnl.open({ netns });
  // Declared after the handles so it runs before they close (disposal goes in reverse order).
  await using undo = new AsyncDisposableStack();
  const ipam = await addIpam(ctx, undo);
  const assignments = ipam.ips.map((ip) => assignmentOf(ip.address, ip.gateway));
  enableForwarding(assignments.map((a) => a.address.family));

  const pair = setupVeth({ containerNetns: netns, containerIfname: ctx.ifname, mtu: config.mtu });
  deferBestEffort(undo, () => host.linkDel(pair.host.index));

  const result: Result = {
    cniVersion: ctx.cniVersion,
    interfaces: [hostInterface(pair.host), containerInterface(pair.container, ctx.netns)],
  };
  await attachAddresses(result, ipam, {
    container,
    netns,
    ifname: ctx.ifname,
    interfaceIndex: CONTAINER_INTERFACE_INDEX,
  });
  if (ipam.dns) result.dns = ipam.dns;
  routeContainerViaGateway(container, pair.container.index, assignments);
  configureHostVeth(host, pair.host.index, assignments);

  if (config.ipMasq) {
    const ips = assignments.map((a) => a.address.toString());
    await addIpMasq(ctx, undo, { ips, backend: config.ipMasqBackend });
  }
  const dns = configuredDns(config.dns);
  if (dns !== undefined) result.dns = dns;
  undo.move();
  return result;
}

function assignmentOf(address: string, gateway: string | undefined): Assignment {
  if (gateway === undefined) throw new Error(`Cannot route ${address} point-to-point: IPAM returned no gateway`);
  return { address: Prefix.parse(address), gateway: IP.parse(gateway) };
}

function hostPrefix(ip: IP): Prefix {
  return new Prefix(ip, ip.family === 4 ? 32 : 128);
}

/** Replaces each subnet route by `gw/32 dev eth0 scope link src ip` + `subnet via gw src ip`: all traffic ARPs the gateway. */
function routeContainerViaGateway(container: Rtnl, index: number, assignments: readonly Assignment[]): void {
  for (const { address, gateway } of assignments) {
    const subnet = address.network();
    container.routeDel({ dst: subnet, oif: index });
    container.routeAdd({ dst: hostPrefix(gateway), oif: index, scope: RT_SCOPE_LINK, prefsrc: address.ip });
    container.routeAdd({ dst: subnet, oif: index, gateway, scope: RT_SCOPE_UNIVERSE, prefsrc: address.ip });
  }
}

/** The gateway address on the host end and a host route to each container address through it. */
function configureHostVeth(host: Rtnl, index: number, assignments: readonly Assignment[]): void {
  for (const { address, gateway } of assignments) {
    host.addrAdd(index, hostPrefix(gateway));
    try {
      host.routeAdd({ dst: hostPrefix(address.ip), oif: index, scope: RT_SCOPE_HOST });
    } catch (err) {
      if (!isExists(err)) throw err;
    }
  }
}
