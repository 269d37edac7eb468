/**
 * The portmap plugin: forwards host ports to the container (DNAT), with iptables or nftables, as
 * plugins/meta/portmap. Chained only; the result is prevResult, passed through.
 * @module
 */
import { CniError, ERR_INVALID_NETCONF } from "../../cni/errors.ts";
import type { Plugin, PluginContext } from "../../cni/plugin.ts";
import type { Result } from "../../cni/result.ts";
import { IP } from "../../addr/mod.ts";
import { writeSysctl } from "../../iface/sysctl.ts";
import {
  checkPortsIptables,
  checkPortsNftables,
  deleteConntrackByDestinationPort,
  forwardPortsIptables,
  forwardPortsNftables,
  type HostportSpec,
  type NetfilterBackend,
  PROTOCOL_UDP,
  supportsIptables,
  supportsNftables,
  unforwardPortsIptables,
  unforwardPortsNftables,
} from "../../netfilter/mod.ts";
import { DEFAULT_MARK_BIT, optionsForOtherBackend, PortmapConfig } from "./config.ts";
import { containerIps } from "./container_ips.ts";
import { routableHostInterface } from "./routable_host_interface.ts";

/** The backend to use: the configured one, else iptables unless only nftables works; rejects foreign options. */
async function chooseBackend(conf: PortmapConfig): Promise<NetfilterBackend> {
  let backend = conf.backend;
  if (backend === undefined) {
    backend = !(await supportsIptables()) && await supportsNftables() ? "nftables" : "iptables";
  }
  const wrong = optionsForOtherBackend(conf, backend);
  if (wrong.length > 0) {
    const other = backend === "iptables" ? "nftables" : "iptables";
    throw new CniError(
      ERR_INVALID_NETCONF,
      `${backend} backend was requested but configuration contains ${other}-specific options [${wrong.join(" ")}]`,
    );
  }
  return backend;
}

/** The hostport spec of one container address. */
function specFor(ctx: PluginContext<PortmapConfig>, containerIp: string): HostportSpec {
  const conf = ctx.config;
  const isV6 = containerIp.includes(":");
  return {
    network: conf.name,
    containerId: ctx.containerId,
    containerIp,
    mappings: conf.runtimeConfig.portMappings,
    snat: conf.snat,
    masqAll: conf.masqAll,
    conditions: (isV6 ? conf.conditionsV6 : conf.conditionsV4) ?? [],
  };
}

function iptablesOptions(conf: PortmapConfig) {
  return { markMasqBit: conf.markMasqBit ?? DEFAULT_MARK_BIT, externalSetMarkChain: conf.externalSetMarkChain };
}

/** Lets 127/8 sources cross into the container's link (IPv4 only), as the reference does when `snat` is on. */
function enableLocalnetRouting(containerIp: string): void {
  const ifname = routableHostInterface(IP.parse(containerIp.split("/")[0]!));
  if (ifname === undefined) return;
  try {
    writeSysctl(["ipv4", "conf", ifname, "route_localnet"], "1");
  } catch (err) {
    throw new Error(`Cannot enable route_localnet on "${ifname}": ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Deletes UDP conntrack entries to the mapped host ports, so traffic stops hitting stale flows; done after the
 * rules exist. Failures are ignored, as the reference only logs them.
 */
function deleteStaleUdpFlows(conf: PortmapConfig, family: 4 | 6): void {
  for (const m of conf.runtimeConfig.portMappings) {
    if (m.protocol !== "udp") continue;
    try {
      deleteConntrackByDestinationPort(m.hostPort, { family, protocol: PROTOCOL_UDP });
    } catch {
      // informative only
    }
  }
}

async function add(ctx: PluginContext<PortmapConfig>): Promise<Result> {
  const prev = ctx.prevResult;
  if (prev === undefined) {
    throw new CniError(ERR_INVALID_NETCONF, "Cannot run portmap: must be called as chained plugin");
  }
  const conf = ctx.config;
  if (conf.runtimeConfig.portMappings.length === 0) return prev;
  const backend = await chooseBackend(conf);
  const ips = containerIps(prev, ctx.ifname);
  for (const ip of [ips.v4, ips.v6]) {
    if (ip === undefined) continue;
    const spec = specFor(ctx, ip);
    if (backend === "nftables") await forwardPortsNftables(spec);
    else await forwardPortsIptables(spec, iptablesOptions(conf));
    deleteStaleUdpFlows(conf, ip === ips.v4 ? 4 : 6);
    if (ip === ips.v4 && conf.snat) enableLocalnetRouting(ip);
  }
  return prev;
}

async function del(ctx: PluginContext<PortmapConfig>): Promise<void> {
  const conf = ctx.config;
  if (conf.runtimeConfig.portMappings.length === 0) return;
  const backend = await chooseBackend(conf);
  if (backend === "nftables") await unforwardPortsNftables(ctx.containerId);
  else await unforwardPortsIptables({ network: conf.name, containerId: ctx.containerId });
}

async function check(ctx: PluginContext<PortmapConfig>): Promise<void> {
  const prev = ctx.prevResult;
  if (prev === undefined) throw new CniError(ERR_INVALID_NETCONF, "Cannot check portmap: required prevResult missing");
  const conf = ctx.config;
  if (conf.runtimeConfig.portMappings.length === 0) return;
  const backend = await chooseBackend(conf);
  const ips = containerIps(prev, ctx.ifname);
  for (const ip of [ips.v4, ips.v6]) {
    if (ip === undefined) continue;
    if (backend === "nftables") await checkPortsNftables(specFor(ctx, ip));
    else await checkPortsIptables(specFor(ctx, ip), iptablesOptions(conf));
  }
}

/** The portmap plugin object. */
export const portmap: Plugin<PortmapConfig> = {
  type: "portmap",
  description: "forward host ports to the container with iptables or nftables DNAT",
  config: PortmapConfig,
  add,
  del,
  check,
};
