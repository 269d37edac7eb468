/**
 * The tbf (token bucket filter) qdisc's options (linux/pkt_sched.h TCA_TBF_*, struct tc_tbf_qopt), encoded and
 * decoded side by side.
 *
 * @example
 * ```ts
 * import { decodeTbf, encodeTbf } from "./tbf.ts";
 * import { AttributeEncoder } from "../wire/mod.ts";
 * const enc = new AttributeEncoder();
 * encodeTbf(enc, { rate: 125000, buffer: 1600000, limit: 3125 + 12500 });
 * console.assert(decodeTbf(enc.encode()).rate === 125000);
 * ```
 * @module
 */
import { AttributeDecoder, type AttributeEncoder, type RawAttribute, StructReader, StructWriter } from "../wire/mod.ts";
import {
  decodeRateTable,
  encodeRateSpec,
  encodeRateTable,
  type RateSpec,
  readRateSpec,
  TC_RATESPEC_LEN,
  ZERO_RATE_SPEC,
} from "./rate_spec.ts";

const TCA_TBF_PARMS = 1;
const TCA_TBF_RTAB = 2;
const TCA_TBF_PTAB = 3;
const TCA_TBF_RATE64 = 4;
const TCA_TBF_PRATE64 = 5;
const TCA_TBF_BURST = 6;
const TCA_TBF_PBURST = 7;
/** Size of struct tc_tbf_qopt: two rate specs, limit, buffer, mtu. */
const TC_TBF_QOPT_LEN = 2 * TC_RATESPEC_LEN + 12;
const U32_MAX = 0xffffffff;

/** The rate-spec fields other than the rate itself (cell_log, linklayer, overhead, cell_align, mpu). */
export type RateSpecShape = Omit<RateSpec, "rate">;

/** tbf options. Rates are bytes/s, `buffer` and `mtu` are scheduler ticks, `limit` and bursts are bytes. */
export interface TbfOptions {
  /** Token rate in bytes/s; rates of 2^32 and more also travel as TCA_TBF_RATE64. */
  rate: number;
  /** Bucket size as the time to drain it at `rate`, in ticks (tc_tbf_qopt.buffer). */
  buffer: number;
  /** Bytes that may wait in the queue (tc_tbf_qopt.limit). */
  limit: number;
  /** Peak bucket size in ticks (tc_tbf_qopt.mtu); 0 without a peak rate. */
  mtu?: number;
  /** Peak rate in bytes/s; 0 or unset for none. */
  peakrate?: number;
  /** The rate spec's other fields; zeros when unset (the kernel then assumes ethernet). */
  rateSpec?: RateSpecShape;
  /** The peak rate spec's other fields. */
  peakSpec?: RateSpecShape;
  /** Bucket size in bytes (TCA_TBF_BURST); when sent, the kernel derives the buffer from it. */
  burst?: number;
  /** Peak bucket size in bytes (TCA_TBF_PBURST). */
  pburst?: number;
  /** Rate table (TCA_TBF_RTAB, 256 entries), as tc sends; the kernel only uses it to detect the link layer. */
  rateTable?: number[];
  /** Peak rate table (TCA_TBF_PTAB). */
  peakTable?: number[];
  /** Attributes this codec does not know, kept as received. */
  other?: RawAttribute[];
}

function specOf(shape: RateSpecShape | undefined, rate: number): RateSpec {
  return { ...(shape ?? ZERO_RATE_SPEC), rate: Math.min(rate, U32_MAX) };
}

function shapeOf(spec: RateSpec): RateSpecShape {
  const { rate: _rate, ...shape } = spec;
  return shape;
}

/** Writes the TCA_OPTIONS children of a tbf qdisc into `enc`, in tc's order. */
export function encodeTbf(enc: AttributeEncoder, tbf: TbfOptions): void {
  const peakrate = tbf.peakrate ?? 0;
  const parms = new StructWriter(TC_TBF_QOPT_LEN)
    .raw(encodeRateSpec(specOf(tbf.rateSpec, tbf.rate)))
    .raw(encodeRateSpec(specOf(tbf.peakSpec, peakrate)))
    .u32(tbf.limit)
    .u32(tbf.buffer)
    .u32(tbf.mtu ?? 0)
    .bytes();
  enc.bytes(TCA_TBF_PARMS, parms);
  if (tbf.burst !== undefined) enc.u32(TCA_TBF_BURST, tbf.burst);
  if (tbf.rate > U32_MAX) enc.u64(TCA_TBF_RATE64, tbf.rate);
  if (peakrate > U32_MAX) enc.u64(TCA_TBF_PRATE64, peakrate);
  if (tbf.pburst !== undefined) enc.u32(TCA_TBF_PBURST, tbf.pburst);
  if (tbf.rateTable !== undefined) enc.bytes(TCA_TBF_RTAB, encodeRateTable(tbf.rateTable));
  if (tbf.peakTable !== undefined) enc.bytes(TCA_TBF_PTAB, encodeRateTable(tbf.peakTable));
  for (const attr of tbf.other ?? []) enc.bytes(attr.type, attr.data);
}

/** Decodes the TCA_OPTIONS payload of a tbf qdisc; throws RangeError on a malformed attribute. */
export function decodeTbf(data: Uint8Array): TbfOptions {
  const tbf: TbfOptions = { rate: 0, buffer: 0, limit: 0, mtu: 0, peakrate: 0 };
  let rate64: number | undefined;
  let prate64: number | undefined;
  const other: RawAttribute[] = [];
  const dec = new AttributeDecoder(data);
  while (dec.next()) {
    switch (dec.type) {
      case TCA_TBF_PARMS: {
        const r = new StructReader(dec.bytes());
        const rate = readRateSpec(r);
        const peak = readRateSpec(r);
        tbf.rate = rate.rate;
        tbf.peakrate = peak.rate;
        tbf.rateSpec = shapeOf(rate);
        tbf.peakSpec = shapeOf(peak);
        tbf.limit = r.u32();
        tbf.buffer = r.u32();
        tbf.mtu = r.u32();
        break;
      }
      case TCA_TBF_RATE64:
        rate64 = Number(dec.u64());
        break;
      case TCA_TBF_PRATE64:
        prate64 = Number(dec.u64());
        break;
      case TCA_TBF_BURST:
        tbf.burst = dec.u32();
        break;
      case TCA_TBF_PBURST:
        tbf.pburst = dec.u32();
        break;
      case TCA_TBF_RTAB:
        tbf.rateTable = decodeRateTable(dec.bytes());
        break;
      case TCA_TBF_PTAB:
        tbf.peakTable = decodeRateTable(dec.bytes());
        break;
      default:
        other.push(dec.raw());
    }
  }
  dec.finish();
  if (rate64 !== undefined) tbf.rate = rate64;
  if (prate64 !== undefined) tbf.peakrate = prate64;
  if (other.length > 0) tbf.other = other;
  return tbf;
}
