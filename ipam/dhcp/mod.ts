/**
 * The dhcp IPAM plugin: asks the DHCP daemon (`dhcp daemon`, same binary) for a lease on CNI_IFNAME inside the
 * container and returns it as the IPAM result. See README.md for the daemon, its protocol and where we differ.
 * @module
 */
import { resolvePath } from "../../fspath/mod.ts";
import {
  CniError,
  ERR_INTERNAL,
  ERR_PLUGIN_NOT_AVAILABLE,
  type Plugin,
  type PluginContext,
  type Result,
} from "../../cni/mod.ts";
import { DhcpConfig } from "./config.ts";
import { callDaemon, type DaemonReply, DaemonUnreachableError } from "./daemon_client.ts";
import { runDaemonCommand } from "./daemon_main.ts";
import type { LeaseResult } from "./lease_result.ts";
import { DaemonError, type DaemonRequest, DaemonResultReply, DEFAULT_SOCKET_PATH } from "./protocol.ts";

export { DhcpConfig } from "./config.ts";
export { clientIdOf, DhcpDaemon, type DhcpDaemonOptions } from "./daemon.ts";
export { parseDaemonFlags, parseGoDuration, runDaemonCommand } from "./daemon_main.ts";
export { DEFAULT_SOCKET_PATH } from "./protocol.ts";

function socketPathOf(ctx: PluginContext<DhcpConfig>): string {
  return ctx.config.ipam.daemonSocketPath || DEFAULT_SOCKET_PATH;
}

function requestOf(ctx: PluginContext<DhcpConfig>): DaemonRequest {
  const ipam = ctx.config.ipam;
  return {
    containerId: ctx.containerId,
    network: ctx.network,
    ifname: ctx.ifname,
    // The daemon may run in another working directory: send an absolute path, as the reference does.
    netns: ctx.netns === "" ? "" : resolvePath(ctx.netns),
    args: ctx.args.map(([k, v]) => [k, v] as [string, string]),
    ...(ipam.request ? { request: ipam.request } : {}),
    ...(ipam.provide ? { provide: ipam.provide } : {}),
    ...(ipam.priority === undefined ? {} : { priority: ipam.priority }),
  };
}

/** Turns an error reply into the CniError the daemon chose; anything unexpected is 999. */
function throwIfError(reply: DaemonReply, what: string): void {
  if (reply.status === 200) return;
  const parsed = DaemonError.safeParse(reply.body);
  if (parsed.success) {
    const { code, msg, details } = parsed.data.error;
    throw new CniError(code, msg, details === undefined ? {} : { details });
  }
  throw new CniError(ERR_INTERNAL, `Cannot ${what}: the DHCP daemon answered HTTP ${reply.status}`);
}

async function askForLease(ctx: PluginContext<DhcpConfig>, endpoint: "allocate" | "check"): Promise<Result> {
  const reply = await callDaemon(socketPathOf(ctx), { method: "POST", path: `/v1/${endpoint}`, body: requestOf(ctx) });
  throwIfError(reply, `${endpoint} a DHCP lease`);
  const parsed = DaemonResultReply.safeParse(reply.body);
  if (!parsed.success) throw new CniError(ERR_INTERNAL, "Cannot read the DHCP daemon's result: malformed reply");
  // JSON never carries `undefined`, so the optional fields zod types as `T | undefined` are absent or set.
  const { ips, routes, dns } = parsed.data.result as LeaseResult;
  return { cniVersion: ctx.cniVersion, ips, routes, dns };
}

/** The dhcp plugin object (type `dhcp`); `dhcp daemon …` runs the daemon. */
export const dhcp: Plugin<DhcpConfig> = {
  type: "dhcp",
  description: "IPAM: addresses from a DHCP server, leases kept by the dhcp daemon",
  config: DhcpConfig,

  add(ctx) {
    return askForLease(ctx, "allocate");
  },

  /**
   * Releases the lease. Unlike the reference, an unreachable daemon is success (the spec: a DHCP release failure is
   * not an error); a daemon that restarts later drops the saved lease once the container's namespace is gone.
   */
  async del(ctx) {
    let reply: DaemonReply;
    try {
      reply = await callDaemon(socketPathOf(ctx), { method: "POST", path: "/v1/release", body: requestOf(ctx) });
    } catch (err) {
      if (err instanceof DaemonUnreachableError) return;
      throw err;
    }
    throwIfError(reply, "release a DHCP lease");
  },

  /** The daemon must hold a lease for the attachment, and prevResult (when given) must carry its address. */
  async check(ctx) {
    const held = await askForLease(ctx, "check");
    if (!ctx.prevResult) return;
    const want = held.ips?.[0]?.address;
    if (want && !(ctx.prevResult.ips ?? []).some((ip) => ip.address === want)) {
      throw new CniError(ERR_INTERNAL, `DHCP lease address ${want} is not in prevResult`);
    }
  },

  /** Releases this network's leases that `cni.dev/valid-attachments` does not name (the reference has no GC). */
  async gc(ctx) {
    const body = { network: ctx.network, validAttachments: ctx.validAttachments };
    let reply: DaemonReply;
    try {
      reply = await callDaemon(socketPathOf(ctx), { method: "POST", path: "/v1/gc", body });
    } catch (err) {
      if (err instanceof DaemonUnreachableError) return; // no daemon holds no lease
      throw err;
    }
    throwIfError(reply, "collect DHCP leases");
  },

  /** Ready when the daemon answers on its socket; 50 otherwise. */
  async status(ctx) {
    try {
      throwIfError(await callDaemon(socketPathOf(ctx), { method: "GET", path: "/v1/status" }), "get status");
    } catch (err) {
      if (err instanceof DaemonUnreachableError) throw new CniError(ERR_PLUGIN_NOT_AVAILABLE, err.message);
      throw err;
    }
  },

  async main(argv) {
    if (argv[0] === "daemon") return await runDaemonCommand(argv.slice(1));
    // deno-lint-ignore no-console
    console.error(
      "Usage: dhcp daemon [-socketpath P] [-pidfile P] [-hostprefix P] [-statefile P] [-broadcast] " +
        "[-timeout D] [-resendmax D]\n       dhcp (CNI_* in the environment, config on stdin)",
    );
    return 2;
  },
};
