/**
 * bridge ADD: ensure the bridge, plug a veth into it, run IPAM, configure the container end, give the bridge the
 * gateway addresses, masquerade. Every step registers its undo as soon as it succeeds; they run in reverse unless
 * ADD completes (the reference's `success` flag, made structural).
 * @module
 */
import type { Family, Prefix } from "../../addr/mod.ts";
import type { Interface, PluginContext, Result } from "../../cni/mod.ts";
import {
  configureInterface,
  enableForwarding,
  ensureAddress,
  ensureBridge,
  setupVeth,
  waitOperUp,
  writeSysctl,
} from "../../iface/mod.ts";
import { ipamAdd, ipamDel } from "../../ipam/mod.ts";
import { type Link, Netns, Rtnl, withNetns } from "../../netlink/mod.ts";
import { setupIpMasq, setupSpoofCheck, teardownIpMasq, teardownSpoofCheck } from "../../netfilter/mod.ts";
import type { BridgeConfig, BridgePlan } from "./config.ts";
import { loadBridgeConfig } from "./config.ts";
import { CONTAINER_INTERFACE_INDEX, type GatewayPlan, planGateways } from "./gateways.ts";
import { attachPort } from "./port.ts";
import { ensureVlanGateway } from "./vlan_gateway.ts";
import { configuredDns } from "../../cni/mod.ts";

/** Runs bridge ADD and returns the current-version result: interfaces [bridge, host veth, container veth, …]. */
export async function addBridge(ctx: PluginContext<BridgeConfig>): Promise<Result> {
  const plan = loadBridgeConfig(ctx.config, { args: ctx.args });
  const { config } = plan;
  using host = Rtnl.open();
  using netns = openContainerNetns(ctx.netns);
  using container = Rtnl.open({ netns });
  // Declared after the handles so it runs before they close (disposal goes in reverse order).
  await using undo = new AsyncDisposableStack();

  const bridge = ensureBridge(host, {
    name: config.bridge,
    mtu: config.mtu,
    promisc: config.promiscMode,
    vlanFiltering: plan.vlanFiltering,
  });
  const pair = setupVeth({
    containerNetns: netns,
    containerIfname: ctx.ifname,
    mtu: config.mtu,
    ...(plan.mac !== undefined && { mac: plan.mac }),
  });
  undo.defer(() => bestEffort(() => host.linkDel(pair.host.index)));
  attachPort(host, pair.host, {
    bridge,
    hairpin: config.hairpinMode,
    isolated: config.portIsolation,
    vlan: config.vlan,
    trunkVlans: plan.trunkVlans,
    preserveDefaultVlan: config.preserveDefaultVlan,
  });
  if (config.macspoofchk) {
    const id = { containerId: ctx.containerId, ifname: ctx.ifname };
    undo.defer(() => bestEffort(() => teardownSpoofCheck(id)));
    await setupSpoofCheck({ ...id, hostIfname: pair.host.name, containerMac: macOf(pair.container) });
  }

  const result: Result = {
    cniVersion: ctx.cniVersion,
    interfaces: [
      { name: bridge.name, mac: macOf(bridge) },
      { name: pair.host.name, mac: macOf(pair.host) },
      { name: pair.container.name, mac: macOf(pair.container), sandbox: ctx.netns },
    ],
  };

  if (plan.isLayer3) {
    await addLayer3(ctx, { plan, result, host, container, netns, bridge, undo });
  } else if (!config.disableContainerInterface) {
    container.linkSet(pair.container.index, { up: true });
  }

  const interfaces = result.interfaces as Interface[];
  if (!config.disableContainerInterface) {
    const hostVeth = await waitOperUp(host, pair.host.index);
    interfaces[1] = { name: hostVeth.name, mac: macOf(hostVeth) };
  }
  // The bridge's MAC may change as ports come and go, or when it gets an address.
  interfaces[0] = { name: bridge.name, mac: macOf(host.linkGet(bridge.index)) };
  const dns = configuredDns(config.dns);
  if (dns !== undefined) result.dns = dns;
  undo.move();
  return result;
}

interface Layer3Step {
  plan: BridgePlan;
  result: Result;
  host: Rtnl;
  container: Rtnl;
  netns: Netns;
  bridge: Link;
  undo: AsyncDisposableStack;
}

async function addLayer3(ctx: PluginContext<BridgeConfig>, step: Layer3Step): Promise<void> {
  const { plan, result, undo } = step;
  const ipam = await ipamAdd(ctx);
  undo.defer(() => bestEffort(() => ipamDel(ctx)));
  if (!ipam.ips || ipam.ips.length === 0) throw new Error("IPAM plugin returned missing IP config");
  result.ips = ipam.ips;
  if (ipam.routes) result.routes = ipam.routes;
  if (ipam.dns) result.dns = ipam.dns;
  const gateways = planGateways(result, {
    isGateway: plan.isGateway,
    isDefaultGateway: plan.config.isDefaultGateway,
  });
  withNetns(step.netns, () => setContainerSysctls(ctx.ifname, plan.config.enabledad));
  await configureInterface(step.container, {
    ifname: ctx.ifname,
    ips: result.ips.filter((ip) => ip.interface === CONTAINER_INTERFACE_INDEX),
    routes: result.routes ?? [],
    netns: step.netns,
  });
  if (plan.isGateway) addGateways(step, gateways);
  if (plan.config.ipMasq) {
    const masq = {
      network: ctx.network,
      containerId: ctx.containerId,
      ifname: ctx.ifname,
      ips: result.ips.map((ip) => ip.address),
    };
    undo.defer(() => bestEffort(() => teardownIpMasq(masq)));
    await setupIpMasq({ ...masq, ...(plan.config.ipMasqBackend && { backend: plan.config.ipMasqBackend }) });
  }
}

/** Gateway addresses on the bridge (or on its `<bridge>.<vlan>` port with an access VLAN), then forwarding. */
function addGateways(step: Layer3Step, gateways: GatewayPlan): void {
  const { plan, host, bridge, result } = step;
  const families: Family[] = [];
  for (const [family, list] of [[4, gateways.v4], [6, gateways.v6]] as Array<[Family, Prefix[]]>) {
    for (const gateway of list) {
      let target = bridge;
      if (plan.config.vlan !== 0) {
        target = ensureVlanGateway(host, {
          bridge,
          vlan: plan.config.vlan,
          preserveDefaultVlan: plan.config.preserveDefaultVlan,
        });
        const interfaces = result.interfaces as Interface[];
        if (!interfaces.some((i) => i.name === target.name)) interfaces.push({ name: target.name, mac: macOf(target) });
      }
      try {
        ensureAddress(host, target.index, gateway, { force: plan.config.forceAddress, name: target.name });
      } catch (err) {
        throw new Error(`Cannot set the gateway address of bridge "${bridge.name}": ${(err as Error).message}`, {
          cause: err,
        });
      }
      // Pin the bridge's MAC, or it follows the lowest port MAC as containers come and go.
      const current = host.linkGet(target.index);
      if (current.mac) host.linkSet(target.index, { mac: current.mac });
    }
    if (list.length > 0) families.push(family);
  }
  enableForwarding(families);
}

/** DAD off by default for a fast start (`enabledad` turns it on), gratuitous ARP on address change. */
function setContainerSysctls(ifname: string, enableDad: boolean): void {
  const write = (key: string[], value: string) => bestEffortSync(() => writeSysctl(key, value));
  if (enableDad) {
    write(["ipv6", "conf", ifname, "enhanced_dad"], "1");
    write(["ipv6", "conf", ifname, "accept_dad"], "1");
  } else {
    write(["ipv6", "conf", ifname, "accept_dad"], "0");
  }
  write(["ipv4", "conf", ifname, "arp_notify"], "1");
}

function openContainerNetns(path: string): Netns {
  try {
    return Netns.open(path);
  } catch (err) {
    throw new Error(`Cannot open netns "${path}": ${(err as Error).message}`, { cause: err });
  }
}

/** The link's MAC as the result prints it ("" when it has none). */
export function macOf(link: Link): string {
  return link.mac?.toString() ?? "";
}

async function bestEffort(fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch {
    // Undo during a failed ADD: the ADD's own error is the one to report; DEL will retry the cleanup.
  }
}

function bestEffortSync(fn: () => void): void {
  try {
    fn();
  } catch {
    // A missing sysctl key (IPv6 disabled) is not a reason to fail ADD, as in the reference.
  }
}
