/**
 * {@linkcode runDaemonCommand}: `dhcp daemon [-socketpath P] [-pidfile P] [-hostprefix P] [-statefile P]
 * [-broadcast] [-timeout D] [-resendmax D]`, Go-flag style (one or two dashes, `-flag value` or `-flag=value`).
 * Runs until SIGINT or SIGTERM, then removes its socket and pidfile and keeps the saved lease table.
 * @module
 */
import { dirname } from "../../fspath/mod.ts";
import { Netns, Rtnl } from "../../netlink/mod.ts";
import { DhcpDaemon } from "./daemon.ts";
import { serveDaemon } from "./daemon_server.ts";
import { callDaemon, DaemonUnreachableError } from "./daemon_client.ts";
import { openPacketSocket } from "./packet_socket.ts";
import { DEFAULT_SOCKET_PATH } from "./protocol.ts";
import { DEFAULT_STATE_FILE } from "./state_file.ts";

/** The daemon's flags after parsing. */
export interface DaemonFlags {
  /** `-socketpath` (default /run/cni/dhcp.sock). */
  socketPath: string;
  /** `-pidfile` (absolute; empty for none). */
  pidFile: string;
  /** `-hostprefix`. */
  hostPrefix: string;
  /** `-statefile` (ours; default /var/lib/cni/dhcp/leases.json; "none" keeps leases in memory only). */
  stateFile: string;
  /** `-broadcast`. */
  isBroadcast: boolean;
  /** `-timeout` in ms (default 10 s). */
  timeoutMs: number;
  /** `-resendmax` in ms (default 62 s). */
  resendMaxMs: number;
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses a Go duration ("10s", "1m30s", "500ms") into milliseconds; throws SyntaxError otherwise. */
export function parseGoDuration(text: string): number {
  if (text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new SyntaxError(`Cannot parse duration "${text}"`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

/** Parses the daemon's arguments (after `daemon`); throws SyntaxError on an unknown flag or a bad value. */
export function parseDaemonFlags(argv: readonly string[]): DaemonFlags {
  const flags: DaemonFlags = {
    socketPath: "",
    pidFile: "",
    hostPrefix: "",
    stateFile: DEFAULT_STATE_FILE,
    isBroadcast: false,
    timeoutMs: 10_000,
    resendMaxMs: 62_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const match = /^--?([a-z]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!match) throw new SyntaxError(`Cannot parse daemon argument "${argv[i]}"`);
    const name = match[1]!;
    if (name === "broadcast") {
      flags.isBroadcast = match[2] === undefined || match[2] === "true" || match[2] === "1";
      continue;
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new SyntaxError(`Flag "-${name}" needs a value`);
    switch (name) {
      case "socketpath":
        flags.socketPath = value;
        break;
      case "pidfile":
        flags.pidFile = value;
        break;
      case "hostprefix":
        flags.hostPrefix = value;
        break;
      case "statefile":
        flags.stateFile = value;
        break;
      case "timeout":
        flags.timeoutMs = parseGoDuration(value);
        break;
      case "resendmax":
        flags.resendMaxMs = parseGoDuration(value);
        break;
      default:
        throw new SyntaxError(`Unknown daemon flag "-${name}"`);
    }
  }
  flags.socketPath ||= DEFAULT_SOCKET_PATH;
  return flags;
}

/** True when `ifname` exists in the namespace at `netns`. */
function isAttached(netns: string, ifname: string): boolean {
  try {
    using ns = Netns.open(netns);
    using rtnl = Rtnl.open({ netns: ns });
    return rtnl.linkFind(ifname) !== undefined;
  } catch {
    return false;
  }
}

function log(message: string): void {
  // deno-lint-ignore no-console
  console.error(`${new Date().toISOString()} dhcp: ${message}`);
}

/** Refuses to start over a live daemon; removes a stale socket file left by one that died. */
async function claimSocket(path: string): Promise<void> {
  try {
    Deno.lstatSync(path);
  } catch {
    Deno.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    return;
  }
  try {
    await callDaemon(path, { method: "GET", path: "/v1/status" });
  } catch (err) {
    if (err instanceof DaemonUnreachableError) {
      Deno.removeSync(path);
      return;
    }
  }
  throw new Error(`Cannot listen on "${path}": another DHCP daemon is serving it`);
}

/** Runs the daemon with `argv` (the arguments after `daemon`); returns the exit code. */
export async function runDaemonCommand(argv: readonly string[]): Promise<number> {
  let flags: DaemonFlags;
  try {
    flags = parseDaemonFlags(argv);
    if (flags.pidFile && !flags.pidFile.startsWith("/")) {
      throw new Error(`Error writing pidfile "${flags.pidFile}": path not absolute`);
    }
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  const socketPath = flags.hostPrefix + flags.socketPath;
  const daemon = new DhcpDaemon({
    hostPrefix: flags.hostPrefix,
    stateFile: flags.stateFile === "none" ? undefined : flags.hostPrefix + flags.stateFile,
    timeoutMs: flags.timeoutMs,
    resendMaxMs: flags.resendMaxMs,
    isBroadcast: flags.isBroadcast,
    checkIntervalMs: 5_000,
    openTransport: (netns, ifname) => openPacketSocket({ netns, ifname, bringUp: true }),
    isAttached,
    log,
  });
  try {
    await claimSocket(socketPath);
  } catch (err) {
    log((err as Error).message);
    return 1;
  }
  const abort = new AbortController();
  const stop = () => abort.abort();
  try {
    if (flags.pidFile) Deno.writeTextFileSync(flags.pidFile, `${Deno.pid}`);
    const restored = daemon.restore();
    if (restored > 0) log(`re-attached ${restored} saved lease(s)`);
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
    const server = serveDaemon(daemon, { path: socketPath, signal: abort.signal });
    log(`listening on "${socketPath}"`);
    await server.finished;
    await daemon.shutdown();
    return 0;
  } catch (err) {
    log((err as Error).message);
    await daemon.shutdown();
    return 1;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
    for (const path of [socketPath, flags.pidFile]) {
      if (!path) continue;
      try {
        Deno.removeSync(path);
      } catch {
        // Already gone.
      }
    }
  }
}
