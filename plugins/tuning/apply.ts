/**
 * The netns-side work of tuning: write sysctls, snapshot and change link settings, restore them, and compare them
 * for CHECK. Sysctls are written with synchronous I/O inside `withNetns`; links through an `Rtnl` handle opened in
 * the container's namespace.
 * @module
 */
import { CniError, ERR_INTERNAL } from "../../cni/mod.ts";
import { readSysctl, writeSysctl } from "../../iface/sysctl.ts";
import { type Link, Rtnl, withNetns } from "../../netlink/mod.ts";
import type { TuningPlan } from "./config.ts";
import type { LinkSnapshot } from "./snapshot.ts";

/** A sysctl resolved to its path segments below `/proc/sys/net`. */
export interface ResolvedSysctl {
  /** The key as written in the config (for messages). */
  key: string;
  /** Segments below `/proc/sys/net`. */
  segments: string[];
  /** Value to write. */
  value: string;
}

/** Writes every sysctl inside the namespace at `netns`. Throws CniError 999 naming the key that failed. */
export function writeSysctls(netns: string, sysctls: readonly ResolvedSysctl[]): void {
  withNetns(netns, () => {
    for (const { key, segments, value } of sysctls) {
      try {
        writeSysctl(segments, value);
      } catch (err) {
        throw new CniError(ERR_INTERNAL, `Cannot set sysctl "${key}" to "${value}": ${(err as Error).message}`, {
          cause: err,
        });
      }
    }
  });
}

/** Reads every sysctl inside the namespace and throws CniError 999 at the first that differs, as the reference. */
export function compareSysctls(netns: string, sysctls: readonly ResolvedSysctl[]): void {
  withNetns(netns, () => {
    for (const { segments, value } of sysctls) {
      const current = readSysctl(segments);
      if (current !== value) {
        const path = `/proc/sys/net/${segments.join("/")}`;
        throw new CniError(
          ERR_INTERNAL,
          `Error: Tuning configured value of ${path} is ${value}, current value is ${current}`,
        );
      }
    }
  });
}

/** Records the current value of each setting the plan will change. */
export function snapshotOf(link: Link, plan: TuningPlan): LinkSnapshot {
  const snapshot: LinkSnapshot = {};
  if (plan.mac) snapshot.mac = link.mac?.toString() ?? "";
  if (plan.promisc) snapshot.promisc = link.promisc;
  if (plan.mtu !== 0) snapshot.mtu = link.mtu;
  if (plan.allmulti !== undefined) snapshot.allmulti = link.allmulti;
  if (plan.txQLen !== undefined) snapshot.txQLen = link.txqlen ?? 0;
  return snapshot;
}

/** Applies the plan's link settings in the reference's order: MAC, promisc on, MTU, allmulti, txqueuelen. */
export function applyLinkSettings(rtnl: Rtnl, link: Link, plan: TuningPlan): void {
  const step = (what: string, change: () => void) => {
    try {
      change();
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `Cannot set ${what} of "${link.name}": ${(err as Error).message}`, {
        cause: err,
      });
    }
  };
  const mac = plan.mac;
  if (mac) step("MAC address", () => rtnl.linkSet(link.index, { mac }));
  if (plan.promisc) step("promiscuous mode", () => rtnl.linkSet(link.index, { promisc: true }));
  if (plan.mtu !== 0) step("MTU", () => rtnl.linkSet(link.index, { mtu: plan.mtu }));
  if (plan.allmulti !== undefined) {
    const allmulti = plan.allmulti;
    step("all-multicast mode", () => rtnl.linkSet(link.index, { allmulti }));
  }
  if (plan.txQLen !== undefined) {
    const txqlen = plan.txQLen;
    step("transmit queue length", () => rtnl.linkSet(link.index, { txqlen }));
  }
}

/**
 * Puts back what the snapshot saved, in the reference's order (MTU, MAC, promisc, allmulti, txqueuelen). Returns the
 * errors met (each step is tried even after one fails); empty means the snapshot can be removed.
 */
export function restoreLinkSettings(rtnl: Rtnl, link: Link, snapshot: LinkSnapshot): string[] {
  const errors: string[] = [];
  const step = (what: string, change: () => void) => {
    try {
      change();
    } catch (err) {
      errors.push(`failed to restore ${what}: ${(err as Error).message}`);
    }
  };
  if (snapshot.mtu) {
    const mtu = snapshot.mtu;
    step("MTU", () => rtnl.linkSet(link.index, { mtu }));
  }
  if (snapshot.mac) {
    const mac = snapshot.mac;
    step("MAC address", () => rtnl.linkSet(link.index, { mac }));
  }
  if (snapshot.promisc !== undefined) {
    const promisc = snapshot.promisc;
    step("promiscuous mode", () => rtnl.linkSet(link.index, { promisc }));
  }
  if (snapshot.allmulti !== undefined) {
    const allmulti = snapshot.allmulti;
    step("all-multicast mode", () => rtnl.linkSet(link.index, { allmulti }));
  }
  if (snapshot.txQLen !== undefined) {
    const txqlen = snapshot.txQLen;
    step("transmit queue length", () => rtnl.linkSet(link.index, { txqlen }));
  }
  return errors;
}

/** Compares the link with the plan as the reference's CHECK does; throws CniError 999 at the first difference. */
export function compareLink(link: Link, plan: TuningPlan): void {
  const fail = (message: string) => new CniError(ERR_INTERNAL, message);
  const mac = link.mac?.toString() ?? "";
  if (plan.mac && plan.mac.toString() !== mac) {
    throw fail(`Error: Tuning configured Ethernet of ${link.name} is ${plan.mac}, current value is ${mac}`);
  }
  if (plan.promisc !== link.promisc) {
    throw fail(
      `Error: Tuning link ${link.name} configured promisc is ${plan.promisc}, current value is ${link.promisc ? 1 : 0}`,
    );
  }
  if (plan.mtu !== 0 && plan.mtu !== link.mtu) {
    throw fail(`Error: Tuning configured MTU of ${link.name} is ${plan.mtu}, current value is ${link.mtu}`);
  }
  if (plan.allmulti !== undefined && plan.allmulti !== link.allmulti) {
    throw fail(
      `Error: Tuning configured all-multicast mode of ${link.name} is ${plan.allmulti}, current value is ${link.allmulti}`,
    );
  }
  if (plan.txQLen !== undefined && plan.txQLen !== link.txqlen) {
    throw fail(
      `Error: Tuning configured Transmit Queue Length of ${link.name} is ${plan.txQLen}, current value is ${link.txqlen}`,
    );
  }
}
