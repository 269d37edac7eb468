/**
 * The daemon's lease table on disk, so a restarted daemon re-attaches to the leases of running containers and keeps
 * renewing them (the reference forgets them: plugins#235). One JSON file, replaced atomically on every change.
 * @module
 */
import * as z from "zod/mini";
import "../../cni/zod_english.ts";
import { dirname } from "../../fspath/mod.ts";
import { decodePacket, type DhcpPacket, encodePacket } from "./packet.ts";
import type { LeaseSpec } from "./lease.ts";

/** Default location of the state file (under `-hostprefix` when given). */
export const DEFAULT_STATE_FILE = "/var/lib/cni/dhcp/leases.json";

/** One saved lease: its spec, last ACK and when it was bound. */
export interface SavedLease {
  /** Who it is for. */
  spec: LeaseSpec;
  /** The last DHCPACK. */
  ack: DhcpPacket;
  /** When it was bound (epoch ms). */
  boundAt: number;
}

const SavedLeaseJson = z.object({
  clientId: z.string(),
  containerId: z.string(),
  network: z.string(),
  ifname: z.string(),
  netns: z.string(),
  requestList: z.array(z.number().check(z.int(), z.minimum(0)).check(z.maximum(255))),
  provide: z.array(z.tuple([z.number().check(z.int(), z.minimum(0)).check(z.maximum(255)), z.string()])),
  priority: z.optional(z.number().check(z.int())),
  ack: z.string(),
  boundAt: z.number(),
});

const StateJson = z.object({ version: z.literal(1), leases: z.array(SavedLeaseJson) });

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** Writes `leases` to `path` (temporary file + rename, mode 0600), creating the directory. */
export function saveLeases(path: string, leases: readonly SavedLease[]): void {
  const json: z.infer<typeof StateJson> = {
    version: 1,
    leases: leases.map(({ spec, ack, boundAt }) => ({
      clientId: spec.clientId,
      containerId: spec.containerId,
      network: spec.network,
      ifname: spec.ifname,
      netns: spec.netns,
      requestList: spec.requestList,
      provide: [...spec.provide].map(([code, value]) => [code, toBase64(value)] as [number, string]),
      ...(spec.priority === undefined ? {} : { priority: spec.priority }),
      ack: toBase64(encodePacket(ack)),
      boundAt,
    })),
  };
  Deno.mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${Deno.pid}`;
  Deno.writeTextFileSync(tmp, JSON.stringify(json, null, 2) + "\n", { mode: 0o600 });
  Deno.renameSync(tmp, path);
}

/** Reads the saved leases; a missing file is an empty table. Throws SyntaxError when the file is not ours. */
export function loadLeases(path: string): SavedLease[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  const parsed = StateJson.safeParse(JSON.parse(text));
  if (!parsed.success) throw new SyntaxError(`Cannot read DHCP lease state "${path}": ${parsed.error.message}`);
  return parsed.data.leases.map((l) => ({
    spec: {
      clientId: l.clientId,
      containerId: l.containerId,
      network: l.network,
      ifname: l.ifname,
      netns: l.netns,
      requestList: l.requestList,
      provide: new Map(l.provide.map(([code, value]) => [code, fromBase64(value)])),
      priority: l.priority,
    },
    ack: decodePacket(fromBase64(l.ack)),
    boundAt: l.boundAt,
  }));
}
