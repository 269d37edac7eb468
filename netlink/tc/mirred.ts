/**
 * The mirred action's parameters (linux/tc_act/tc_mirred.h: struct tc_mirred, TCA_MIRRED_*): mirror or redirect
 * a packet to another device.
 *
 * @example
 * ```ts
 * import { decodeMirred, encodeMirred } from "./mirred.ts";
 * import { AttributeEncoder } from "../wire/mod.ts";
 * const enc = new AttributeEncoder();
 * encodeMirred(enc, { direction: "egress-redirect", ifindex: 7, verdict: "stolen" });
 * console.assert(decodeMirred(enc.encode()).ifindex === 7);
 * ```
 * @module
 */
import { AttributeDecoder, type AttributeEncoder, type RawAttribute, StructReader, StructWriter } from "../wire/mod.ts";
import { readTcGen, type TcGen, writeTcGen } from "./tc_gen.ts";

const TCA_MIRRED_PARMS = 2;
/** struct tc_mirred: tc_gen (20 bytes), eaction, ifindex. */
const TC_MIRRED_LEN = 28;

const TCA_EGRESS_REDIR = 1;
const TCA_EGRESS_MIRROR = 2;
const TCA_INGRESS_REDIR = 3;
const TCA_INGRESS_MIRROR = 4;

/** What mirred does with the packet: tc's `egress redirect`, `egress mirror`, `ingress redirect`, `ingress mirror`. */
export type MirredDirection = "egress-redirect" | "egress-mirror" | "ingress-redirect" | "ingress-mirror";
const DIRECTIONS: ReadonlyMap<MirredDirection, number> = new Map([
  ["egress-redirect", TCA_EGRESS_REDIR],
  ["egress-mirror", TCA_EGRESS_MIRROR],
  ["ingress-redirect", TCA_INGRESS_REDIR],
  ["ingress-mirror", TCA_INGRESS_MIRROR],
]);

/** A mirred action's parameters. */
export interface Mirred extends TcGen {
  /** Mirror or redirect, towards egress or ingress of the target; a raw TCA_*_REDIR number when unknown. */
  direction: MirredDirection | number;
  /** Target device's ifindex. */
  ifindex: number;
}

/** Writes the TCA_ACT_OPTIONS children of a mirred action into `enc`. */
export function encodeMirred(enc: AttributeEncoder, mirred: Mirred): void {
  const direction = typeof mirred.direction === "number" ? mirred.direction : DIRECTIONS.get(mirred.direction);
  if (direction === undefined) {
    throw new TypeError(`Cannot encode mirred action: unknown direction "${mirred.direction}"`);
  }
  const w = new StructWriter(TC_MIRRED_LEN);
  writeTcGen(w, mirred);
  w.i32(direction).u32(mirred.ifindex);
  enc.bytes(TCA_MIRRED_PARMS, w.bytes());
  for (const attr of mirred.other ?? []) enc.bytes(attr.type, attr.data);
}

/** Decodes the TCA_ACT_OPTIONS payload of a mirred action; throws when TCA_MIRRED_PARMS is missing or short. */
export function decodeMirred(data: Uint8Array): Mirred {
  let mirred: Mirred | undefined;
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data);
  while (dec.next()) {
    if (dec.type === TCA_MIRRED_PARMS) {
      const r = new StructReader(dec.bytes());
      const gen = readTcGen(r);
      const raw = r.i32();
      const direction = [...DIRECTIONS].find(([, v]) => v === raw)?.[0] ?? raw;
      mirred = { ...gen, direction, ifindex: r.u32() };
    } else {
      other.push(dec.raw());
    }
  }
  dec.finish();
  if (mirred === undefined) throw new RangeError("Cannot decode mirred action: no TCA_MIRRED_PARMS");
  if (other.length > 0) mirred.other = other;
  return mirred;
}
