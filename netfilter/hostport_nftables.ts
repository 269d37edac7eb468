/**
 * portmap's nftables rules (plugins/meta/portmap/portmap_nftables.go, v1.9): tables `ip|ip6 cni_hostport`, a
 * `hostports_all` chain entered from the prerouting and output nat hooks for local destinations only, one DNAT rule
 * per mapping in `hostports`, and masquerade rules in `masquerading`; every per-container rule carries the
 * container ID as its comment, which is how DEL and CHECK find them.
 * @module
 */
import type { CommandRunner } from "./command_runner.ts";
import { addressOfCidr, familyOfCidr, type HostportSpec, joinHostPort, mappingDestination } from "./hostport.ts";
import { Nft, NftError, type NftFamily, nftQuote, type NftRule } from "./nft.ts";

/** The table name, in both the `ip` and `ip6` families. */
export const HOSTPORT_TABLE = "cni_hostport";
/** The chain holding one DNAT rule per mapping. */
export const HOSTPORTS_CHAIN = "hostports";
/** The chain older versions used for mappings with a host IP; still jumped to and cleaned. */
export const HOSTIP_HOSTPORTS_CHAIN = "hostip_hostports";
/** The intermediate chain the hooks jump to. */
export const HOSTPORTS_ALL_CHAIN = "hostports_all";
/** The postrouting chain with the masquerade rules. */
export const MASQUERADING_CHAIN = "masquerading";

/**
 * The nft script that ensures the table and hook chains and adds this container's rules.
 * Differs from upstream on purpose in one place: the output chain's priority is written as `-100` (the value of
 * `dstnat`), which nft before 1.0.7 requires for the output hook.
 */
export function hostportNftablesScript(spec: HostportSpec): string {
  const family = familyOfCidr(spec.containerIp);
  const ipX = family === 6 ? "ip6" : "ip";
  const t = `${ipX} ${HOSTPORT_TABLE}`;
  const conditions = spec.conditions.length > 0 ? spec.conditions.join(" ") + " " : "";
  const lines = [
    `add table ${t} { comment ${nftQuote("CNI portmap plugin")} ; }`,
    `add chain ${t} ${HOSTPORTS_CHAIN}`,
    `add chain ${t} ${HOSTIP_HOSTPORTS_CHAIN}`,
    `add chain ${t} ${HOSTPORTS_ALL_CHAIN}`,
    `flush chain ${t} ${HOSTPORTS_ALL_CHAIN}`,
    `add rule ${t} ${HOSTPORTS_ALL_CHAIN} jump ${HOSTIP_HOSTPORTS_CHAIN}`,
    `add rule ${t} ${HOSTPORTS_ALL_CHAIN} jump ${HOSTPORTS_CHAIN}`,
    `add chain ${t} prerouting { type nat hook prerouting priority dstnat ; }`,
    `flush chain ${t} prerouting`,
    `add rule ${t} prerouting ${conditions}fib daddr type local jump ${HOSTPORTS_ALL_CHAIN}`,
    `add chain ${t} output { type nat hook output priority -100 ; }`,
    `flush chain ${t} output`,
    `add rule ${t} output ${conditions}fib daddr type local jump ${HOSTPORTS_ALL_CHAIN}`,
  ];
  if (spec.snat) {
    lines.push(`add chain ${t} ${MASQUERADING_CHAIN} { type nat hook postrouting priority srcnat ; }`);
  }
  const comment = `comment ${nftQuote(spec.containerId)}`;
  const ip = addressOfCidr(spec.containerIp);
  for (const m of spec.mappings) {
    const dest = mappingDestination(m, family);
    if (dest === "skip") continue;
    const match = dest === "any" ? "" : `${ipX} daddr ${m.hostIP} `;
    lines.push(
      `add rule ${t} ${HOSTPORTS_CHAIN} ${match}${m.protocol} dport ${m.hostPort} dnat to ${
        joinHostPort(ip, m.containerPort)
      } ${comment}`,
    );
  }
  if (spec.snat) {
    if (spec.masqAll) {
      const any = family === 6 ? "::/0" : "0.0.0.0/0";
      lines.push(`add rule ${t} ${MASQUERADING_CHAIN} ${ipX} saddr ${any} ${ipX} daddr ${ip} masquerade ${comment}`);
    } else {
      lines.push(`add rule ${t} ${MASQUERADING_CHAIN} ${ipX} saddr ${ip} ${ipX} daddr ${ip} masquerade ${comment}`);
      if (family === 4) {
        lines.push(
          `add rule ${t} ${MASQUERADING_CHAIN} ${ipX} saddr 127.0.0.1 ${ipX} daddr ${ip} masquerade ${comment}`,
        );
      }
    }
  }
  return lines.join("\n") + "\n";
}

/** Options of the nftables hostport verbs. */
export interface HostportNftablesOptions {
  /** Runs binaries; for tests. */
  run?: CommandRunner | undefined;
}

function nftFor(options: HostportNftablesOptions): Nft {
  return new Nft(options.run ? { run: options.run } : {});
}

/** Installs the port forwarding of one container address in one transaction. */
export async function forwardPortsNftables(spec: HostportSpec, options: HostportNftablesOptions = {}): Promise<void> {
  try {
    await nftFor(options).runScript(hostportNftablesScript(spec));
  } catch (err) {
    throw new Error(`Cannot set up nftables rules for port mappings: ${(err as Error).message}`, { cause: err });
  }
}

async function rulesOf(nft: Nft, family: NftFamily, chain: string, containerId: string): Promise<NftRule[]> {
  const rules = await nft.listRules(family, { table: HOSTPORT_TABLE, chain });
  return rules.filter((r) => r.comment === containerId);
}

/** Throws unless the container's DNAT and masquerade rules for this address are all present. */
export async function checkPortsNftables(spec: HostportSpec, options: HostportNftablesOptions = {}): Promise<void> {
  const family = familyOfCidr(spec.containerIp);
  const nftFamily = family === 6 ? "ip6" : "ip";
  const nft = nftFor(options);
  const wanted = spec.mappings.filter((m) => mappingDestination(m, family) !== "skip").length;
  const masq = spec.snat ? (family === 4 && !spec.masqAll ? 2 : 1) : 0;
  for (const [chain, count] of [[HOSTPORTS_CHAIN, wanted], [MASQUERADING_CHAIN, masq]] as const) {
    if (count === 0) continue;
    const found = (await rulesOf(nft, nftFamily, chain, spec.containerId)).length;
    if (found < count) throw new Error(`Cannot find hostport rules in "${chain}" chain: missing ${count - found}`);
  }
}

/** Deletes the container's rules from both tables; missing tables and an unusable family are skipped. */
export async function unforwardPortsNftables(
  containerId: string,
  options: HostportNftablesOptions = {},
): Promise<void> {
  const nft = nftFor(options);
  if (!await nft.isUsable()) return;
  for (const family of ["ip", "ip6"] as const) {
    const doomed: NftRule[] = [];
    for (const chain of [HOSTPORTS_CHAIN, HOSTIP_HOSTPORTS_CHAIN, MASQUERADING_CHAIN]) {
      doomed.push(...await rulesOf(nft, family, chain, containerId));
    }
    try {
      await nft.deleteRules(doomed);
    } catch (err) {
      if (err instanceof NftError) throw new Error(`Cannot delete nftables rules: ${err.message}`, { cause: err });
      throw err;
    }
  }
}
