/**
 * IP masquerading for bridge and ptp (`ipMasq: true`), as pkg/ip/ipmasq_linux.go: setup with one backend (default
 * iptables unless only nftables works), teardown and GC with both, since the attachment may have been made by
 * another version or configuration.
 * @module
 */
import { defaultBackend, type NetfilterBackend, supportsIptables, supportsNftables } from "./backend.ts";
import type { CommandRunner } from "./command_runner.ts";
import { setupIpMasqIptables, teardownIpMasqIptables } from "./ipmasq_iptables.ts";
import { gcIpMasqNftables, setupIpMasqNftables, teardownIpMasqNftables } from "./ipmasq_nftables.ts";

/** One attachment's addresses to masquerade. */
export interface IpMasqOptions {
  /** Network name (`name` of the config). */
  network: string;
  /** Container ID. */
  containerId: string;
  /** Interface name in the container (used by the nftables comment only, as in the reference). */
  ifname: string;
  /** Addresses as assigned, with prefix length (`10.1.0.5/24`); the prefix is the "own subnet" left alone. */
  ips: readonly string[];
  /** Backend for setup; default iptables unless only nftables is usable. Ignored by teardown. */
  backend?: NetfilterBackend;
  /** Runs binaries; for tests. */
  run?: CommandRunner;
}

/** Masquerades traffic from `ips` leaving their subnet. Throws `IptablesError`/`NftError` when a command fails. */
export async function setupIpMasq(options: IpMasqOptions): Promise<void> {
  const probe = options.run ? { run: options.run } : {};
  const backend = options.backend ?? await defaultBackend(probe);
  if (backend === "nftables") await setupIpMasqNftables(options, probe);
  else await setupIpMasqIptables(options, probe);
}

/** Removes what {@linkcode setupIpMasq} added, with both backends; a backend's failure counts only if it is usable. */
export async function teardownIpMasq(options: IpMasqOptions): Promise<void> {
  const probe = options.run ? { run: options.run } : {};
  const errors: unknown[] = [];
  try {
    await teardownIpMasqIptables(options, probe);
  } catch (err) {
    if (await supportsIptables(probe)) errors.push(err);
  }
  try {
    await teardownIpMasqNftables(options, probe);
  } catch (err) {
    if (await supportsNftables(probe)) errors.push(err);
  }
  throwCollected(errors, "Cannot tear down ipMasq");
}

/** An attachment GC must keep. */
export interface IpMasqAttachment {
  /** Container ID. */
  containerId: string;
  /** Interface name in the container. */
  ifname: string;
}

/**
 * Deletes the ipMasq rules of `network` that no attachment in `valid` owns. Only the nftables backend can tell
 * networks apart (its comments carry a network hash); the iptables chains are left alone, as in the reference.
 */
export async function gcIpMasq(
  network: string,
  valid: readonly IpMasqAttachment[],
  options: { run?: CommandRunner } = {},
): Promise<void> {
  try {
    await gcIpMasqNftables(network, valid, options);
  } catch (err) {
    if (await supportsNftables(options)) throw err;
  }
}

function throwCollected(errors: unknown[], message: string): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, message);
}
