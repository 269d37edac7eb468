/**
 * The header every tc action's parameters start with (tc_gen in linux/pkt_cls.h: index, capab, action, refcnt,
 * bindcnt) and the verdicts an action returns (TC_ACT_*).
 * @module
 */
import type { RawAttribute, StructReader, StructWriter } from "../wire/mod.ts";

/** An action's verdict: what happens to the packet after it (TC_ACT_*); a raw number for jumps and unknown codes. */
export type TcVerdict =
  | "unspec"
  | "ok"
  | "reclassify"
  | "shot"
  | "pipe"
  | "stolen"
  | "queued"
  | "repeat"
  | "redirect"
  | "trap"
  | number;
const VERDICTS: readonly TcVerdict[] = [
  "ok",
  "reclassify",
  "shot",
  "pipe",
  "stolen",
  "queued",
  "repeat",
  "redirect",
  "trap",
];

/** Numeric TC_ACT_* value of `verdict` (TC_ACT_UNSPEC is -1). */
export function verdictCode(verdict: TcVerdict): number {
  if (typeof verdict === "number") return verdict;
  if (verdict === "unspec") return -1;
  const code = VERDICTS.indexOf(verdict);
  if (code < 0) throw new TypeError(`Cannot encode tc action verdict "${verdict}": unknown`);
  return code;
}

/** The verdict named by TC_ACT_* `code`, or the number itself when it has no name. */
export function verdictOf(code: number): TcVerdict {
  if (code === -1) return "unspec";
  return VERDICTS[code] ?? code;
}

/** The tc_gen fields common to all action parameter structs. */
export interface TcGen {
  /** Verdict after the action runs (tc_gen.action). */
  verdict: TcVerdict;
  /** Action index in the kernel's table; 0 lets the kernel pick. */
  index?: number;
  /** Capabilities (unused, 0). */
  capab?: number;
  /** Reference count, reported by the kernel. */
  refcnt?: number;
  /** Bind count, reported by the kernel. */
  bindcnt?: number;
  /** Unknown attributes of the action's options, kept as received. */
  other?: RawAttribute[];
}

/** Writes tc_gen (20 bytes) to `w`. */
export function writeTcGen(w: StructWriter, gen: TcGen): void {
  w.u32(gen.index ?? 0).u32(gen.capab ?? 0).i32(verdictCode(gen.verdict)).i32(gen.refcnt ?? 0).i32(gen.bindcnt ?? 0);
}

/** Reads tc_gen (20 bytes) from `r`; zero-valued optional fields are left out. */
export function readTcGen(r: StructReader): TcGen {
  const index = r.u32();
  const capab = r.u32();
  const gen: TcGen = { verdict: verdictOf(r.i32()) };
  const refcnt = r.i32();
  const bindcnt = r.i32();
  if (index !== 0) gen.index = index;
  if (capab !== 0) gen.capab = capab;
  if (refcnt !== 0) gen.refcnt = refcnt;
  if (bindcnt !== 0) gen.bindcnt = bindcnt;
  return gen;
}
