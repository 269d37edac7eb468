/**
 * {@linkcode DhcpLease}: one bound lease and the background task that keeps it (RFC 2131 §4.4.5): renew by unicast
 * from T1, rebind by broadcast from T2, start over after a NAK or expiry, and stop when the container's namespace or
 * interface is gone. Each exchange opens the packet socket afresh, as the reference does.
 * @module
 */
import { abortableSleep, DhcpClient, DhcpNakError } from "./client.ts";
import { decodeU32, DhcpOption } from "./options.ts";
import type { DhcpPacket } from "./packet.ts";
import type { DhcpTransport } from "./packet_socket.ts";

/** Who the lease is for and what the client asks for. */
export interface LeaseSpec {
  /** Client identifier text: `<containerID>/<network>/<ifname>`, truncated to 254 bytes. */
  clientId: string;
  /** CNI_CONTAINERID. */
  containerId: string;
  /** Network name. */
  network: string;
  /** CNI_IFNAME. */
  ifname: string;
  /** Namespace path as the daemon opens it (host prefix applied). */
  netns: string;
  /** Option 55 codes. */
  requestList: number[];
  /** Provided options, code → bytes. */
  provide: Map<number, Uint8Array>;
  /** Route metric for the result. */
  priority?: number | undefined;
}

/** Where a lease stands. */
export type LeaseState = "bound" | "renewing" | "rebinding" | "expired" | "gone" | "stopped";

/** What a lease needs from the daemon. */
export interface LeaseEnvironment {
  /** `-timeout`, in ms. */
  timeoutMs: number;
  /** `-resendmax`, in ms. */
  resendMaxMs: number;
  /** `-broadcast`. */
  isBroadcast: boolean;
  /** How often the task checks that the namespace and interface still exist, in ms. */
  checkIntervalMs: number;
  /** Opens the client's link (a packet socket in production). */
  openTransport(netns: string, ifname: string): DhcpTransport;
  /** True while `ifname` exists in `netns`. */
  isAttached(netns: string, ifname: string): boolean;
  /** Called after the lease changed (bound, renewed, gone) so the daemon can persist its table. */
  onChange(lease: DhcpLease): void;
  /** Diagnostics. */
  log(message: string): void;
  /** Backoff sleep; tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** The lease's timers as epoch milliseconds. */
export interface LeaseTimes {
  /** Start renewing (T1). */
  renewAt: number;
  /** Start rebinding (T2). */
  rebindAt: number;
  /** The lease ends. */
  expiresAt: number;
}

/** Computes T1, T2 and expiry of `ack` bound at `boundAt`; defaults 50 % and 87.5 % (RFC 2131 §4.4.5). */
export function leaseTimes(ack: DhcpPacket, boundAt: number): LeaseTimes {
  const lease = decodeU32(ack.options.get(DhcpOption.LEASE_TIME)) ?? 0xffffffff;
  let rebind = decodeU32(ack.options.get(DhcpOption.REBINDING_TIME));
  if (rebind === undefined || rebind > lease) rebind = lease * 0.875;
  let renew = decodeU32(ack.options.get(DhcpOption.RENEWAL_TIME));
  if (renew === undefined || renew > rebind) renew = lease / 2;
  return { renewAt: boundAt + renew * 1000, rebindAt: boundAt + rebind * 1000, expiresAt: boundAt + lease * 1000 };
}

/** A DHCP lease with its maintenance task. */
export class DhcpLease {
  /** Who it is for. */
  readonly spec: LeaseSpec;
  /** The last DHCPACK. */
  ack: DhcpPacket;
  /** When that ACK arrived (epoch ms). */
  boundAt: number;
  /** Current state. */
  state: LeaseState = "bound";
  #env: LeaseEnvironment;
  #abort = new AbortController();
  #task: Promise<void> | undefined;
  #nextTry = 0;

  private constructor(spec: LeaseSpec, ack: DhcpPacket, boundAt: number, env: LeaseEnvironment) {
    this.spec = spec;
    this.ack = ack;
    this.boundAt = boundAt;
    this.#env = env;
  }

  /** Runs INIT for `spec` and starts maintaining the lease; throws when no lease could be had. */
  static async acquire(spec: LeaseSpec, env: LeaseEnvironment): Promise<DhcpLease> {
    const ack = await exchange(spec, env, undefined, (client) => client.acquire());
    const lease = new DhcpLease(spec, ack, Date.now(), env);
    lease.#start();
    return lease;
  }

  /** Re-attaches to a lease bound earlier (from the daemon's state file) and maintains it from where it is. */
  static resume(spec: LeaseSpec, ack: DhcpPacket, boundAt: number, env: LeaseEnvironment): DhcpLease {
    const lease = new DhcpLease(spec, ack, boundAt, env);
    lease.#start();
    return lease;
  }

  /** The current timers. */
  times(): LeaseTimes {
    return leaseTimes(this.ack, this.boundAt);
  }

  /** True while the lease holds its address (bound, renewing or rebinding, and not past expiry). */
  get isValid(): boolean {
    return ["bound", "renewing", "rebinding"].includes(this.state) && Date.now() < this.times().expiresAt;
  }

  /** Stops the task; with `release`, sends DHCPRELEASE (failure to send is logged, not thrown). */
  async stop(options: { release: boolean }): Promise<void> {
    this.#abort.abort(new Error("lease stopped"));
    await this.#task;
    const wasHeld = this.isValid;
    this.state = "stopped";
    if (!options.release || !wasHeld) return;
    try {
      using transport = this.#env.openTransport(this.spec.netns, this.spec.ifname);
      new DhcpClient(transport, clientOptions(this.spec, this.#env)).release(this.ack);
      this.#env.log(`${this.spec.clientId}: released ${this.ack.yiaddr}`);
    } catch (err) {
      this.#env.log(`${this.spec.clientId}: cannot send DHCPRELEASE: ${(err as Error).message}`);
    }
  }

  #start(): void {
    this.#task = this.#maintain(this.#abort.signal).catch((err) => {
      if (!this.#abort.signal.aborted) this.#env.log(`${this.spec.clientId}: maintenance failed: ${err}`);
    });
  }

  async #maintain(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (!this.#env.isAttached(this.spec.netns, this.spec.ifname)) {
        this.state = "gone";
        this.#env.log(`${this.spec.clientId}: interface or namespace gone, forgetting the lease`);
        this.#env.onChange(this);
        return;
      }
      const now = Date.now();
      const { renewAt } = this.times();
      if (now >= renewAt && now >= this.#nextTry) await this.#extend(signal);
      const wake = Math.max(this.state === "bound" ? this.times().renewAt : this.#nextTry, Date.now() + 1);
      await abortableSleep(Math.min(wake - Date.now(), this.#env.checkIntervalMs), signal);
    }
  }

  /** One step past T1: renew, rebind or start over, depending on the time. */
  async #extend(signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const { rebindAt, expiresAt } = this.times();
    this.state = now < rebindAt ? "renewing" : now < expiresAt ? "rebinding" : "expired";
    try {
      const ack = await exchange(this.spec, this.#env, signal, (client) => {
        if (this.state === "renewing") return client.renew(this.ack);
        if (this.state === "rebinding") return client.rebind(this.ack);
        return client.acquire();
      });
      const done = { renewing: "renewed", rebinding: "rebound", expired: "reacquired" } as Record<string, string>;
      this.#bind(ack, `lease ${done[this.state] ?? "bound"}`);
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof DhcpNakError) {
        this.#env.log(`${this.spec.clientId}: ${err.message}; starting over`);
        try {
          this.#bind(await exchange(this.spec, this.#env, signal, (client) => client.acquire()), "lease reacquired");
        } catch (again) {
          if (signal.aborted) return;
          this.state = "expired";
          this.#retryLater(now, expiresAt, again);
        }
        return;
      }
      this.#retryLater(now, this.state === "renewing" ? rebindAt : expiresAt, err);
    }
  }

  #bind(ack: DhcpPacket, what: string): void {
    this.ack = ack;
    this.boundAt = Date.now();
    this.state = "bound";
    this.#nextTry = 0;
    this.#env.log(
      `${this.spec.clientId}: ${what}: ${ack.yiaddr} until ${new Date(this.times().expiresAt).toISOString()}`,
    );
    this.#env.onChange(this);
  }

  /** RFC 2131 §4.4.5: wait half the time left until the next deadline, at least a second and at most a minute. */
  #retryLater(now: number, deadline: number, err: unknown): void {
    this.#env.log(`${this.spec.clientId}: ${this.state} failed: ${(err as Error).message ?? err}`);
    this.#nextTry = now + Math.min(60_000, Math.max(1_000, (deadline - now) / 2));
  }
}

function clientOptions(spec: LeaseSpec, env: LeaseEnvironment, signal?: AbortSignal) {
  return {
    clientId: spec.clientId,
    requestList: spec.requestList,
    provide: spec.provide,
    isBroadcast: env.isBroadcast,
    timeoutMs: env.timeoutMs,
    resendMaxMs: env.resendMaxMs,
    log: env.log,
    ...(signal ? { signal } : {}),
    ...(env.sleep ? { sleep: env.sleep } : {}),
  };
}

async function exchange(
  spec: LeaseSpec,
  env: LeaseEnvironment,
  signal: AbortSignal | undefined,
  run: (client: DhcpClient) => Promise<DhcpPacket>,
): Promise<DhcpPacket> {
  using transport = env.openTransport(spec.netns, spec.ifname);
  return await run(new DhcpClient(transport, clientOptions(spec, env, signal)));
}
