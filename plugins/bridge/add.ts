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
  enableNotifySysctls,
  ensureAddress,
  ensureBridge,
  openNetns,
  setupVeth,
  waitOperUp,
  writeSysctl,
} from "../../iface/mod.ts";
import { type Link, type Netns, Rtnl, withNetns } from "../../netlink/mod.ts";
import {
  addIpam,
  addIpMasq,
  containerInterface,
  deferBestEffort,
  hostInterface,
  setResultAddresses,
} from "../_attach/mod.ts";
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
  using netns = openNetns(ctx.netns);
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
  deferBestEffort(undo, () => host.linkDel(pair.host.index));
  attachPort(host, pair.host, {
    bridge,
    hairpin: config.hairpinMode,
    isolated: config.portIsolation,
    vlan: config.vlan,
    trunkVlans: plan.trunkVlans,
    preserveDefaultVlan: config.preserveDefaultVlan,
  });
  if (config.macspoofchk) {
    const { setupSpoofCheck, teardownSpoofCheck } = await import("../../netfilter/mod.ts");
    const id = { containerId: ctx.containerId, ifname: ctx.ifname };
    deferBestEffort(undo, () => teardownSpoofCheck(id));
    await setupSpoofCheck({ ...id, hostIfname: pair.host.name, containerMac: pair.container.mac?.toString() ?? "" });
  }

  const result: Result = {
    cniVersion: ctx.cniVersion,
    interfaces: [hostInterface(bridge), hostInterface(pair.host), containerInterface(pair.container, ctx.netns)],
  };

  if (plan.isLayer3) {
    await addLayer3(ctx, { plan, result, host, container, netns, bridge, undo });
  } else if (!config.disableContainerInterface) {
    container.linkSet(pair.container.index, { up: true });
  }

  const interfaces = result.interfaces as Interface[];
  if (!config.disableContainerInterface) {
    const hostVeth = await waitOperUp(host, pair.host.index);
    interfaces[1] = hostInterface(hostVeth);
  }
  // The bridge's MAC may change as ports come and go, or when it gets an address.
  interfaces[0] = hostInterface(host.linkGet(bridge.index));
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
  const ipam = await addIpam(ctx, undo);
  setResultAddresses(result, ipam, { interfaceIndex: CONTAINER_INTERFACE_INDEX });
  if (ipam.dns) result.dns = ipam.dns;
  const gateways = planGateways(result, {
    isGateway: plan.isGateway,
    isDefaultGateway: plan.config.isDefaultGateway,
  });
  withNetns(step.netns, () => setContainerSysctls(ctx.ifname, plan.config.enabledad));
  await configureInterface(step.container, {
    ifname: ctx.ifname,
    ips: result.ips ?? [],
    routes: result.routes ?? [],
    netns: step.netns,
  });
  if (plan.isGateway) addGateways(step, gateways);
  if (plan.config.ipMasq) {
    const ips = (result.ips ?? []).map((ip) => ip.address);
    await addIpMasq(ctx, undo, { ips, backend: plan.config.ipMasqBackend });
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
        if (!interfaces.some((i) => i.name === target.name)) interfaces.push(hostInterface(target));
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
  if (enableDad) {
    writeBestEffort(["ipv6", "conf", ifname, "enhanced_dad"], "1");
    writeBestEffort(["ipv6", "conf", ifname, "accept_dad"], "1");
  } else {
    writeBestEffort(["ipv6", "conf", ifname, "accept_dad"], "0");
  }
  enableNotifySysctls(ifname);
}

function writeBestEffort(key: string[], value: string): void {
  try {
    writeSysctl(key, value);
  } catch {
    // A missing sysctl key (IPv6 disabled) is not a reason to fail ADD, as in the reference.
  }
}
