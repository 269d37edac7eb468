/**
 * struct tc_ratespec (linux/pkt_sched.h) and the rate table tc computes for it (`tc_calc_rtable` in iproute2's
 * tc_core.c): the time, in scheduler ticks, to send a packet of each size class at the given rate.
 *
 * @example
 * ```ts
 * import { calcRateTable, decodeRateSpec, encodeRateSpec } from "./rate_spec.ts";
 * const { spec, table } = calcRateTable({ rate: 125000 }, { tickInUsec: 15.625 });
 * console.assert(spec.cellLog === 3 && table.length === 256);
 * console.assert(decodeRateSpec(encodeRateSpec(spec)).rate === 125000);
 * ```
 * @module
 */
import { StructReader, StructWriter } from "../wire/mod.ts";

/** Size of struct tc_ratespec. */
export const TC_RATESPEC_LEN = 12;
/** Size of a rate table (TCA_TBF_RTAB and friends): 256 u32 entries. */
export const TC_RTAB_SIZE = 1024;

/** Link layer of a rate spec: how packet sizes are rounded before computing their send time. */
export type LinkLayer = "unaware" | "ethernet" | "atm";
const LINK_LAYERS: readonly LinkLayer[] = ["unaware", "ethernet", "atm"];
/** Microseconds per second: tc's TIME_UNITS_PER_SEC. */
export const TIME_UNITS_PER_SEC = 1_000_000;

/** struct tc_ratespec: a rate in bytes/s and how packet sizes map to cells. */
export interface RateSpec {
  /** cell_log: log2 of the rate table's cell size. */
  cellLog: number;
  /** linklayer: TC_LINKLAYER_* (0 unaware, 1 ethernet, 2 atm). */
  linklayer: number;
  /** overhead: bytes added to each packet. */
  overhead: number;
  /** cell_align: alignment correction (tc writes -1). */
  cellAlign: number;
  /** mpu: minimum packet unit, bytes. */
  mpu: number;
  /** rate: bytes per second, capped at 2^32-1 (larger rates travel in a separate u64 attribute). */
  rate: number;
}

/** A rate spec of all zeros, as the kernel sends for an unset peak rate. */
export const ZERO_RATE_SPEC: Readonly<RateSpec> = {
  cellLog: 0,
  linklayer: 0,
  overhead: 0,
  cellAlign: 0,
  mpu: 0,
  rate: 0,
};

/** Encodes a struct tc_ratespec. */
export function encodeRateSpec(spec: RateSpec): Uint8Array<ArrayBuffer> {
  return new StructWriter(TC_RATESPEC_LEN)
    .u8(spec.cellLog)
    .u8(spec.linklayer)
    .u16(spec.overhead)
    .u16(spec.cellAlign & 0xffff)
    .u16(spec.mpu)
    .u32(spec.rate)
    .bytes();
}

/** Reads a struct tc_ratespec from `r`. */
export function readRateSpec(r: StructReader): RateSpec {
  const cellLog = r.u8();
  const linklayer = r.u8();
  const overhead = r.u16();
  const align = r.u16();
  return {
    cellLog,
    linklayer,
    overhead,
    cellAlign: align >= 0x8000 ? align - 0x10000 : align,
    mpu: r.u16(),
    rate: r.u32(),
  };
}

/** Decodes a struct tc_ratespec; throws RangeError when `data` is too short. */
export function decodeRateSpec(data: Uint8Array): RateSpec {
  return readRateSpec(new StructReader(data));
}

/** Encodes a 256-entry rate table as the 1024 bytes the kernel expects. */
export function encodeRateTable(table: readonly number[]): Uint8Array<ArrayBuffer> {
  if (table.length !== 256) throw new RangeError(`Cannot encode rate table: ${table.length} entries, want 256`);
  const w = new StructWriter(TC_RTAB_SIZE);
  for (const v of table) w.u32(v);
  return w.bytes();
}

/** Decodes a 1024-byte rate table into its 256 entries. */
export function decodeRateTable(data: Uint8Array): number[] {
  if (data.length !== TC_RTAB_SIZE) throw new RangeError(`Cannot decode rate table: ${data.length} bytes, want 1024`);
  const r = new StructReader(data);
  return Array.from({ length: 256 }, () => r.u32());
}

/** Options of {@linkcode calcRateTable}. */
export interface RateTableOptions {
  /** Scheduler ticks per microsecond, from {@linkcode pschedClock} (15.625 on current kernels). */
  tickInUsec: number;
  /** Largest packet the table must cover, bytes; tc's default 0 means 2047. */
  mtu?: number;
  /** log2 of the cell size; computed from `mtu` when omitted (tc's -1). */
  cellLog?: number;
  /** Link layer used to round sizes; "ethernet" by default, as tc. */
  linkLayer?: LinkLayer;
}

/**
 * Send time in ticks of `size` bytes at `rate` bytes/s, as tc's `tc_calc_xmittime`: microseconds truncated to an
 * unsigned int, then converted to ticks and truncated again.
 */
export function xmitTime(rate: number, size: number, tickInUsec: number): number {
  const usec = toUint32(TIME_UNITS_PER_SEC * (size / rate));
  return toUint32(usec * tickInUsec);
}

/** Converts a double to uint32 as C and Go do on x86_64 for in-range values: truncate, keep the low 32 bits. */
export function toUint32(v: number): number {
  if (!Number.isFinite(v) || v <= 0) return 0;
  return Number(BigInt(Math.trunc(v)) & 0xffffffffn);
}

function adjustSize(size: number, mpu: number, linkLayer: LinkLayer): number {
  const sz = Math.max(size, mpu);
  if (linkLayer !== "atm") return sz;
  const cells = Math.ceil(sz / 48);
  return cells * 53;
}

/**
 * Computes the rate table for `spec` as tc's `tc_calc_rtable` does, and returns the spec with cell_log,
 * cell_align (-1) and linklayer filled in.
 */
export function calcRateTable(
  spec: Pick<RateSpec, "rate"> & Partial<RateSpec>,
  options: RateTableOptions,
): { spec: RateSpec; table: number[] } {
  const mtu = options.mtu === undefined || options.mtu === 0 ? 2047 : options.mtu;
  let cellLog = options.cellLog ?? -1;
  if (cellLog < 0) {
    cellLog = 0;
    while ((mtu >> cellLog) > 255) cellLog++;
  }
  const linkLayer = options.linkLayer ?? "ethernet";
  const mpu = spec.mpu ?? 0;
  const table = Array.from(
    { length: 256 },
    (_, i) => xmitTime(spec.rate, adjustSize((i + 1) << cellLog, mpu, linkLayer), options.tickInUsec),
  );
  return {
    spec: {
      cellLog,
      linklayer: LINK_LAYERS.indexOf(linkLayer),
      overhead: spec.overhead ?? 0,
      cellAlign: -1,
      mpu,
      rate: spec.rate,
    },
    table,
  };
}
