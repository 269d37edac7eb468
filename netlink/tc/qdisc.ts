/**
 * Qdisc messages (RTM_NEWQDISC / RTM_DELQDISC / RTM_GETQDISC payloads: tcmsg, TCA_KIND, TCA_OPTIONS) encoded and
 * decoded side by side, with tbf options decoded and other kinds' options kept raw.
 *
 * @example
 * ```ts
 * import { decodeQdisc, encodeQdisc, ingressQdisc } from "./qdisc.ts";
 * const q = decodeQdisc(encodeQdisc(ingressQdisc(3)));
 * console.assert(q.kind === "ingress" && q.parent === 0xfffffff1 && q.handle === 0xffff0000);
 * ```
 * @module
 */
import { AttributeDecoder, AttributeEncoder, type RawAttribute } from "../wire/mod.ts";
import { decodeTbf, encodeTbf, type TbfOptions } from "./tbf.ts";
import {
  decodeTcmsg,
  encodeTcmsg,
  makeHandle,
  TC_H_CLSACT,
  TC_H_INGRESS,
  TC_H_ROOT,
  TCA_KIND,
  TCA_OPTIONS,
  TCMSG_LEN,
} from "./tcmsg.ts";

/** A queueing discipline on a link. */
export interface Qdisc {
  /** The link's ifindex. */
  index: number;
  /** This qdisc's handle (major:0), e.g. 1:0 or ffff:0; 0 lets the kernel pick. */
  handle: number;
  /** The parent: TC_H_ROOT, TC_H_INGRESS, or a class handle. */
  parent: number;
  /** The kind: "tbf", "ingress", "clsact", "pfifo_fast", "noqueue", … */
  kind: string;
  /** tbf options, when `kind` is "tbf". */
  tbf?: TbfOptions;
  /** The TCA_OPTIONS payload of other kinds, kept raw (empty for ingress and clsact). */
  options?: Uint8Array;
  /** Other attributes (statistics, offload flag, …), kept as received. */
  other?: RawAttribute[];
  /** tcm_info: the kernel reports the qdisc's reference count here; requests send 0 unless set. */
  info?: number;
}

/** A root tbf qdisc with handle 1:0 on link `index`, as the bandwidth plugin creates (`tc qdisc add dev <index> root handle 1: tbf …`). */
export function tbfQdisc(index: number, tbf: TbfOptions): Qdisc {
  return { index, handle: makeHandle(1, 0), parent: TC_H_ROOT, kind: "tbf", tbf };
}

/** The ingress qdisc of link `index` (`tc qdisc add dev <index> ingress`): parent ffff:fff1, handle ffff:0. */
export function ingressQdisc(index: number): Qdisc {
  return { index, handle: makeHandle(0xffff, 0), parent: TC_H_INGRESS, kind: "ingress", options: new Uint8Array(0) };
}

/** The clsact qdisc of link `index` (`tc qdisc add dev <index> clsact`): parent ffff:fff1, handle ffff:0. */
export function clsactQdisc(index: number): Qdisc {
  return { index, handle: makeHandle(0xffff, 0), parent: TC_H_CLSACT, kind: "clsact", options: new Uint8Array(0) };
}

/** Encodes the payload of an RTM_NEWQDISC for `qdisc`: tcmsg, TCA_KIND, TCA_OPTIONS and any kept attributes. */
export function encodeQdisc(qdisc: Qdisc): Uint8Array<ArrayBuffer> {
  const enc = new AttributeEncoder(
    encodeTcmsg({ index: qdisc.index, handle: qdisc.handle, parent: qdisc.parent, info: qdisc.info ?? 0 }),
  );
  enc.str(TCA_KIND, qdisc.kind);
  const tbf = qdisc.tbf;
  if (tbf !== undefined) enc.nested(TCA_OPTIONS, (opts) => encodeTbf(opts, tbf));
  else if (qdisc.options !== undefined) enc.bytes(TCA_OPTIONS, qdisc.options);
  for (const attr of qdisc.other ?? []) enc.bytes(attr.type, attr.data);
  return enc.encode();
}

/** Encodes the payload of an RTM_DELQDISC: the tcmsg naming the qdisc by link, parent and handle. */
export function encodeQdiscRef(qdisc: Pick<Qdisc, "index" | "handle" | "parent">): Uint8Array<ArrayBuffer> {
  return encodeTcmsg({ index: qdisc.index, handle: qdisc.handle, parent: qdisc.parent, info: 0 });
}

/** Decodes an RTM_NEWQDISC payload; throws RangeError when it is malformed. */
export function decodeQdisc(data: Uint8Array): Qdisc {
  const header = decodeTcmsg(data);
  const qdisc: Qdisc = { index: header.index, handle: header.handle, parent: header.parent, kind: "" };
  let options: Uint8Array | undefined;
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data.subarray(TCMSG_LEN));
  while (dec.next()) {
    if (dec.type === TCA_KIND) qdisc.kind = dec.str();
    else if (dec.type === TCA_OPTIONS) options = dec.bytes();
    else other.push(dec.raw());
  }
  dec.finish();
  if (options !== undefined) {
    if (qdisc.kind === "tbf") qdisc.tbf = decodeTbf(options);
    else qdisc.options = options;
  }
  if (other.length > 0) qdisc.other = other;
  if (header.info !== 0) qdisc.info = header.info;
  return qdisc;
}
