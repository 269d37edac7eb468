/**
 * {@linkcode DhcpDaemon}: the lease table behind the daemon's socket. Allocate reuses the lease of the same
 * (containerID, network, ifname) or acquires one; release stops it and sends DHCPRELEASE; check reports whether it
 * is held. Every change is saved to the state file, and {@linkcode DhcpDaemon.restore} re-attaches saved leases.
 * @module
 */
import { CniError, ERR_INTERNAL, ERR_INVALID_NETCONF, ERR_UNKNOWN_CONTAINER } from "../../cni/mod.ts";
import { prepareClientOptions } from "./client_options.ts";
import { DhcpLease, type LeaseEnvironment, type LeaseSpec } from "./lease.ts";
import { type LeaseResult, leaseResult } from "./lease_result.ts";
import type { DaemonRequest } from "./protocol.ts";
import { loadLeases, saveLeases } from "./state_file.ts";

/** The daemon's settings and its hooks to the system (tests replace the hooks). */
export interface DhcpDaemonOptions extends Omit<LeaseEnvironment, "onChange"> {
  /** Prefix put before each netns path (`-hostprefix`, for a daemon running in a container). */
  hostPrefix: string;
  /** Where the lease table is saved; undefined keeps it in memory only. */
  stateFile: string | undefined;
}

/** The client identifier of an attachment: `<containerID>/<network>/<ifname>`, truncated to 254 bytes as upstream. */
export function clientIdOf(containerId: string, network: string, ifname: string): string {
  const id = `${containerId}/${network}/${ifname}`;
  return id.length > 254 ? id.slice(0, 254) : id;
}

/** The daemon's lease table. */
export class DhcpDaemon {
  #options: DhcpDaemonOptions;
  #leases = new Map<string, DhcpLease>();
  /** Allocations in flight, so that two ADDs for one attachment share one exchange. */
  #pending = new Map<string, Promise<DhcpLease>>();

  /** Creates an empty table; call {@linkcode DhcpDaemon.restore} to load the saved one. */
  constructor(options: DhcpDaemonOptions) {
    this.#options = options;
  }

  /** Number of leases held. */
  get size(): number {
    return this.#leases.size;
  }

  /** The lease of an attachment, if held. */
  lease(containerId: string, network: string, ifname: string): DhcpLease | undefined {
    return this.#leases.get(clientIdOf(containerId, network, ifname));
  }

  /** Re-attaches the saved leases whose interface still exists; drops (without release) the others. */
  restore(): number {
    if (!this.#options.stateFile) return 0;
    for (const saved of loadLeases(this.#options.stateFile)) {
      if (!this.#options.isAttached(saved.spec.netns, saved.spec.ifname)) {
        this.#options.log(`${saved.spec.clientId}: not re-attached, its interface is gone`);
        continue;
      }
      const lease = DhcpLease.resume(saved.spec, saved.ack, saved.boundAt, this.#environment());
      this.#leases.set(saved.spec.clientId, lease);
      this.#options.log(`${saved.spec.clientId}: re-attached to ${saved.ack.yiaddr}`);
    }
    this.#save();
    return this.#leases.size;
  }

  /** ADD: returns the held lease's result, or acquires a lease. Throws CniError when that fails. */
  async allocate(request: DaemonRequest): Promise<LeaseResult> {
    const clientId = clientIdOf(request.containerId, request.network, request.ifname);
    let lease = this.#leases.get(clientId);
    if (lease && !lease.isValid) {
      await lease.stop({ release: false });
      this.#forget(clientId, lease);
      lease = undefined;
    }
    lease ??= await this.#acquireOnce(clientId, request);
    try {
      return leaseResult(lease.ack, { priority: request.priority });
    } catch (err) {
      await lease.stop({ release: true });
      this.#forget(clientId, lease);
      throw new CniError(ERR_INTERNAL, (err as Error).message, { cause: err });
    }
  }

  /** CHECK: the held lease's result; CniError 3 when no valid lease is held for the attachment. */
  check(request: DaemonRequest): LeaseResult {
    const clientId = clientIdOf(request.containerId, request.network, request.ifname);
    const lease = this.#leases.get(clientId);
    if (!lease?.isValid) {
      throw new CniError(ERR_UNKNOWN_CONTAINER, `DHCP lease for "${clientId}" is not held (${lease?.state ?? "none"})`);
    }
    return leaseResult(lease.ack, { priority: request.priority });
  }

  /** DEL: stops maintaining the lease and releases it; an unknown attachment is success. */
  async release(request: DaemonRequest): Promise<void> {
    const clientId = clientIdOf(request.containerId, request.network, request.ifname);
    await this.#pending.get(clientId)?.catch(() => undefined);
    const lease = this.#leases.get(clientId);
    if (!lease) return;
    this.#forget(clientId, lease);
    await lease.stop({ release: true });
  }

  /** GC: releases this network's leases whose (containerID, ifname) is not in `valid`; returns how many. */
  async gc(network: string, valid: ReadonlyArray<{ containerID: string; ifname: string }>): Promise<number> {
    const keep = new Set(valid.map((a) => clientIdOf(a.containerID, network, a.ifname)));
    const stale = [...this.#leases].filter(([id, lease]) => lease.spec.network === network && !keep.has(id));
    for (const [clientId, lease] of stale) {
      this.#options.log(`${clientId}: not a valid attachment, releasing (GC)`);
      this.#forget(clientId, lease);
      await lease.stop({ release: true });
    }
    return stale.length;
  }

  /** Stops every maintenance task without releasing: the saved table lets the next daemon carry on. */
  async shutdown(): Promise<void> {
    await Promise.all([...this.#leases.values()].map((l) => l.stop({ release: false })));
  }

  #acquireOnce(clientId: string, request: DaemonRequest): Promise<DhcpLease> {
    const pending = this.#pending.get(clientId);
    if (pending) return pending;
    const promise = this.#acquire(clientId, request).finally(() => this.#pending.delete(clientId));
    this.#pending.set(clientId, promise);
    return promise;
  }

  async #acquire(clientId: string, request: DaemonRequest): Promise<DhcpLease> {
    let options;
    try {
      options = prepareClientOptions(request, request.args);
    } catch (err) {
      throw new CniError(ERR_INVALID_NETCONF, (err as Error).message, { cause: err });
    }
    const spec: LeaseSpec = {
      clientId,
      containerId: request.containerId,
      network: request.network,
      ifname: request.ifname,
      netns: this.#options.hostPrefix + request.netns,
      requestList: options.requestList,
      provide: options.provide,
      priority: request.priority,
    };
    this.#options.log(`${clientId}: acquiring lease`);
    let lease: DhcpLease;
    try {
      lease = await DhcpLease.acquire(spec, this.#environment());
    } catch (err) {
      throw new CniError(ERR_INTERNAL, `Cannot acquire a DHCP lease for "${clientId}": ${(err as Error).message}`, {
        cause: err,
      });
    }
    this.#leases.set(clientId, lease);
    this.#options.log(`${clientId}: lease acquired: ${lease.ack.yiaddr}`);
    this.#save();
    return lease;
  }

  #environment(): LeaseEnvironment {
    return {
      ...this.#options,
      onChange: (lease) => {
        if (lease.state === "gone") this.#forget(lease.spec.clientId, lease);
        else this.#save();
      },
    };
  }

  #forget(clientId: string, lease: DhcpLease): void {
    if (this.#leases.get(clientId) === lease) this.#leases.delete(clientId);
    this.#save();
  }

  #save(): void {
    if (!this.#options.stateFile) return;
    const leases = [...this.#leases.values()].map((l) => ({ spec: l.spec, ack: l.ack, boundAt: l.boundAt }));
    try {
      saveLeases(this.#options.stateFile, leases);
    } catch (err) {
      this.#options.log(`cannot save the lease table to "${this.#options.stateFile}": ${(err as Error).message}`);
    }
  }
}
