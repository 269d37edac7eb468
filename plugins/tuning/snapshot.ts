/**
 * The link settings tuning saves before changing them, stored as `<dataDir>/<containerID>_<ifname>.json` in the
 * reference's format (Go `json.MarshalIndent` with a one-space indent, fields in the reference's order), so a DEL by
 * either implementation restores what the other's ADD changed.
 * @module
 */
import { joinPath } from "../../fspath/mod.ts";

/** Saved link settings; a field is present only when tuning changed it. */
export interface LinkSnapshot {
  /** Previous MAC address, lower-case colon form. */
  mac?: string;
  /** Previous promiscuous mode. */
  promisc?: boolean;
  /** Previous MTU. */
  mtu?: number;
  /** Previous all-multicast mode. */
  allmulti?: boolean;
  /** Previous transmit queue length. */
  txQLen?: number;
}

/** The snapshot file of one attachment. */
export function snapshotPath(dataDir: string, options: { containerId: string; ifname: string }): string {
  return joinPath(dataDir, `${options.containerId}_${options.ifname}.json`);
}

/** Formats a snapshot byte-for-byte as the reference writes it (Go omits zero and empty values). */
export function formatSnapshot(snapshot: LinkSnapshot): string {
  const ordered: LinkSnapshot = {};
  if (snapshot.mac) ordered.mac = snapshot.mac;
  if (snapshot.promisc !== undefined) ordered.promisc = snapshot.promisc;
  if (snapshot.mtu) ordered.mtu = snapshot.mtu;
  if (snapshot.allmulti !== undefined) ordered.allmulti = snapshot.allmulti;
  if (snapshot.txQLen !== undefined) ordered.txQLen = snapshot.txQLen;
  return JSON.stringify(ordered, null, 1);
}

/** Parses a snapshot file's text; returns undefined for text that is not a snapshot (the reference ignores it). */
export function parseSnapshot(text: string): LinkSnapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const raw = value as Record<string, unknown>;
  const snapshot: LinkSnapshot = {};
  if (typeof raw.mac === "string" && raw.mac !== "") snapshot.mac = raw.mac;
  if (typeof raw.promisc === "boolean") snapshot.promisc = raw.promisc;
  if (typeof raw.mtu === "number" && raw.mtu !== 0) snapshot.mtu = raw.mtu;
  if (typeof raw.allmulti === "boolean") snapshot.allmulti = raw.allmulti;
  if (typeof raw.txQLen === "number") snapshot.txQLen = raw.txQLen;
  return snapshot;
}

/** Writes the snapshot (creating `dataDir`), synchronously so it can run inside `withNetns`. */
export function writeSnapshot(path: string, snapshot: LinkSnapshot): void {
  Deno.mkdirSync(joinPath(path, ".."), { recursive: true, mode: 0o700 });
  Deno.writeTextFileSync(path, formatSnapshot(snapshot), { mode: 0o600 });
}

/** Reads the snapshot at `path`; undefined when the file is absent or unreadable as a snapshot. */
export function readSnapshot(path: string): LinkSnapshot | undefined {
  try {
    return parseSnapshot(Deno.readTextFileSync(path));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}
