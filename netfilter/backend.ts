/**
 * Which netfilter front end this node can use, probed the way the reference plugins do (pkg/utils/netfilter.go).
 * @module
 */
import { type CommandRunner, runCommand } from "./command_runner.ts";
import { Iptables } from "./iptables.ts";
import { Nft } from "./nft.ts";
import { probeOnce } from "./probe_once.ts";

/** A netfilter front end: the `iptables` binaries or the `nft` binary. */
export type NetfilterBackend = "iptables" | "nftables";

/** Options shared by the probes. */
export interface BackendProbeOptions {
  /** Runs binaries; defaults to spawning the real binary. */
  run?: CommandRunner;
}

/** True when `iptables` can read the filter table (legacy or nft flavour); probed once per process, never throws. */
export function supportsIptables(options: BackendProbeOptions = {}): Promise<boolean> {
  const run = options.run ?? runCommand;
  return probeOnce(run, {
    name: "iptables filter",
    async ask() {
      try {
        await new Iptables(4, { run }).exec(["-t", "filter", "-S", "INPUT", "1"]);
        return true;
      } catch {
        return false;
      }
    },
  });
}

/** True when `nft` can be used (a `--check`ed `add table` succeeds); probed once per process, never throws. */
export function supportsNftables(options: BackendProbeOptions = {}): Promise<boolean> {
  return new Nft(options).isUsable();
}

/** The directories searched by {@linkcode isBinaryAvailable} (the environment is not read outside the skel). */
const BINARY_DIRS = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** True when `binary` is a file in one of the usual system binary directories. */
export function isBinaryAvailable(binary: string): boolean {
  for (const dir of BINARY_DIRS) {
    try {
      if (Deno.statSync(`${dir}/${binary}`).isFile) return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * The reference's default: iptables, unless only nftables works; when neither probe passes (no CAP_NET_ADMIN at
 * detection time) binary presence breaks the tie. nft is probed only when iptables fails.
 */
export async function defaultBackend(options: BackendProbeOptions = {}): Promise<NetfilterBackend> {
  if (await supportsIptables(options)) return "iptables";
  if (await supportsNftables(options)) return "nftables";
  return !isBinaryAvailable("iptables") && isBinaryAvailable("nft") ? "nftables" : "iptables";
}
