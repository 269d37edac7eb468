/**
 * ipMasq with nftables, as pkg/ip/ipmasq_nftables_linux.go: table `inet cni_plugins_masquerade`, a `postrouting`
 * nat chain that skips multicast and jumps to `masq_checks`, and one masquerade rule per address tagged with a
 * comment that starts with a hash of network, interface and container, so DEL and GC find exactly their rules.
 * @module
 */
import { Prefix } from "../addr/mod.ts";
import { hashWithPrefix } from "./chain_name.ts";
import type { CommandRunner } from "./command_runner.ts";
import { deleteRuleCommand, Nft, nftQuote, type NftRule } from "./nft.ts";

/** The masquerade table (family `inet`). */
export const IPMASQ_TABLE = "cni_plugins_masquerade";
/** The chain holding one rule per attachment address. */
export const IPMASQ_CHAIN = "masq_checks";
/** knftables' limit on comment length. */
export const NFT_COMMENT_MAX = 128;

/** Identifies one attachment's rules. */
export interface IpMasqInstance {
  /** Network name. */
  network: string;
  /** Container ID. */
  containerId: string;
  /** Interface name inside the container. */
  ifname: string;
}

/** The 16-hex-digit hash every rule of `network` starts with. */
export function ipMasqNetworkHash(network: string): string {
  return hashWithPrefix(network, { length: 16 });
}

/** `<network hash>-<hash of ifname:containerId>`, the prefix of one attachment's comments. */
export function ipMasqInstanceHash(instance: IpMasqInstance): string {
  return ipMasqNetworkHash(instance.network) + "-" +
    hashWithPrefix(`${instance.ifname}:${instance.containerId}`, { length: 16 });
}

/** The rule comment: the instance hash, then a readable (quote-free, cut to 128 characters) description. */
export function ipMasqComment(instance: IpMasqInstance): string {
  const strip = (s: string) => s.replaceAll('"', "");
  const comment = `${ipMasqInstanceHash(instance)}, net: ${strip(instance.network)}, if: ${
    strip(instance.ifname)
  }, id: ${strip(instance.containerId)}`;
  return comment.slice(0, NFT_COMMENT_MAX);
}

/** The nft script that sets up the table and this attachment's rules, deleting `stale` rules first. */
export function ipMasqNftablesScript(
  instance: IpMasqInstance & { ips: readonly string[] },
  stale: readonly NftRule[] = [],
): string {
  const t = `inet ${IPMASQ_TABLE}`;
  const lines = [
    `add table ${t} { comment ${nftQuote("Masquerading for plugins from github.com/containernetworking/plugins")} ; }`,
    `add chain ${t} ${IPMASQ_CHAIN} { comment ${
      nftQuote("Masquerade traffic from certain IPs to any (non-multicast) IP outside their subnet")
    } ; }`,
    `add chain ${t} postrouting { type nat hook postrouting priority srcnat ; }`,
    `flush chain ${t} postrouting`,
    `add rule ${t} postrouting ip daddr == 224.0.0.0/4  return`,
    `add rule ${t} postrouting ip6 daddr == ff00::/8  return`,
    `add rule ${t} postrouting goto ${IPMASQ_CHAIN}`,
    ...stale.map(deleteRuleCommand),
  ];
  const comment = nftQuote(ipMasqComment(instance));
  for (const ip of instance.ips) {
    const prefix = Prefix.parse(ip);
    const ipX = prefix.family === 6 ? "ip6" : "ip";
    lines.push(
      `add rule ${t} ${IPMASQ_CHAIN} ${ipX} saddr == ${prefix.ip} ${ipX} daddr != ${prefix.network()} masquerade comment ${comment}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Rules of `masq_checks` whose comment starts with `commentPrefix`; a missing table lists nothing. */
export async function findIpMasqRules(nft: Nft, commentPrefix: string): Promise<NftRule[]> {
  const rules = await nft.listRules("inet", { table: IPMASQ_TABLE, chain: IPMASQ_CHAIN });
  return rules.filter((r) => r.comment !== undefined && r.comment.startsWith(commentPrefix));
}

/** Installs the table, chains and this attachment's rules in one transaction, replacing its earlier rules. */
export async function setupIpMasqNftables(
  instance: IpMasqInstance & { ips: readonly string[] },
  options: { run?: CommandRunner } = {},
): Promise<void> {
  const nft = new Nft(options);
  const stale = await findIpMasqRules(nft, ipMasqInstanceHash(instance));
  await nft.runScript(ipMasqNftablesScript(instance, stale));
}

/** Deletes this attachment's rules; none present is success. */
export async function teardownIpMasqNftables(
  instance: IpMasqInstance,
  options: { run?: CommandRunner } = {},
): Promise<void> {
  const nft = new Nft(options);
  await nft.deleteRules(await findIpMasqRules(nft, ipMasqInstanceHash(instance)));
}

/** Deletes every rule of `network` whose attachment is not in `valid`. */
export async function gcIpMasqNftables(
  network: string,
  valid: readonly { containerId: string; ifname: string }[],
  options: { run?: CommandRunner } = {},
): Promise<void> {
  const nft = new Nft(options);
  const rules = await findIpMasqRules(nft, ipMasqNetworkHash(network));
  const keep = new Set(valid.map((a) => ipMasqComment({ network, ...a })));
  await nft.deleteRules(rules.filter((r) => !keep.has(r.comment ?? "")));
}
