/**
 * Policy routing rules (RTM_NEWRULE/DELRULE/GETRULE over struct fib_rule_hdr): the decoded {@linkcode Rule} and
 * its verbs.
 * @module
 */
import { type Family, Prefix } from "../../addr/mod.ts";
import { AttributeDecoder } from "../wire/attribute_decoder.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { NetlinkConn } from "../wire/netlink_conn.ts";
import { NLM_F_CREATE, NLM_F_EXCL } from "../wire/netlink_consts.ts";
import { StructReader } from "../wire/struct_reader.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import {
  FIB_RULE_HDR_LEN,
  FIB_RULE_INVERT,
  FR_ACT_TO_TBL,
  FR_ACT_UNSPEC,
  FRA_DST,
  FRA_FWMARK,
  FRA_FWMASK,
  FRA_IIFNAME,
  FRA_OIFNAME,
  FRA_PRIORITY,
  FRA_SRC,
  FRA_TABLE,
  RT_TABLE_MAIN,
  RT_TABLE_UNSPEC,
  RTM_DELRULE,
  RTM_GETRULE,
  RTM_NEWRULE,
} from "../wire/rtnetlink_consts.ts";
import { afOf, familyOf, ipFromBytes, toPrefix } from "./_family.ts";

/** A rule as the kernel reports it. */
export interface Rule {
  /** 4 or 6. */
  family: Family;
  /** FRA_PRIORITY (`pref`). */
  priority?: number;
  /** The table looked up (FRA_TABLE or the header's table). */
  table: number;
  /** FR_ACT_* (1 lookup table, 6 blackhole, …). */
  action: number;
  /** `from` selector. */
  src?: Prefix;
  /** `to` selector. */
  dst?: Prefix;
  /** `iif` selector. */
  iifName?: string;
  /** `oif` selector. */
  oifName?: string;
  /** `fwmark` selector. */
  fwmark?: number;
  /** `fwmark …/mask`. */
  fwmask?: number;
  /** `not`: the selector is inverted. */
  invert: boolean;
}

/** A rule to add or delete; unset selectors are not sent. */
export interface RuleSpec {
  /** Family, when neither src nor dst gives it. */
  family?: Family;
  /** `pref`. */
  priority?: number;
  /** `lookup <table>` (default main for add; for delete, unset matches any). */
  table?: number;
  /** `from <prefix>`. */
  src?: Prefix | string;
  /** `to <prefix>`. */
  dst?: Prefix | string;
  /** `iif <name>`. */
  iifName?: string;
  /** `oif <name>`. */
  oifName?: string;
  /** `fwmark <mark>`. */
  fwmark?: number;
  /** `fwmark <mark>/<mask>`. */
  fwmask?: number;
  /** `not`. */
  invert?: boolean;
  /** FR_ACT_* (default lookup, 1). */
  action?: number;
}

function ruleFamily(spec: RuleSpec): Family {
  if (spec.src !== undefined) return toPrefix(spec.src).family;
  if (spec.dst !== undefined) return toPrefix(spec.dst).family;
  return spec.family ?? 4;
}

/** Encodes fib_rule_hdr + attributes for RTM_NEWRULE, or RTM_DELRULE when `isDelete`. */
export function encodeRule(spec: RuleSpec, isDelete = false): Uint8Array {
  const family = ruleFamily(spec);
  const src = spec.src === undefined ? undefined : toPrefix(spec.src);
  const dst = spec.dst === undefined ? undefined : toPrefix(spec.dst);
  const table = spec.table ?? (isDelete ? RT_TABLE_UNSPEC : RT_TABLE_MAIN);
  const action = spec.action ?? (isDelete && spec.table === undefined ? FR_ACT_UNSPEC : FR_ACT_TO_TBL);
  const header = new StructWriter(FIB_RULE_HDR_LEN)
    .u8(afOf(family))
    .u8(dst?.bits ?? 0)
    .u8(src?.bits ?? 0)
    .u8(0)
    .u8(table > 255 ? RT_TABLE_UNSPEC : table)
    .u8(0)
    .u8(0)
    .u8(action)
    .u32(spec.invert ? FIB_RULE_INVERT : 0)
    .bytes();
  const enc = new AttributeEncoder(header);
  if (dst !== undefined) enc.bytes(FRA_DST, dst.network().ip.bytes);
  if (src !== undefined) enc.bytes(FRA_SRC, src.network().ip.bytes);
  if (spec.priority !== undefined) enc.u32(FRA_PRIORITY, spec.priority);
  if (table > 255 || (table !== RT_TABLE_UNSPEC && !isDelete)) enc.u32(FRA_TABLE, table);
  if (spec.iifName !== undefined) enc.str(FRA_IIFNAME, spec.iifName);
  if (spec.oifName !== undefined) enc.str(FRA_OIFNAME, spec.oifName);
  if (spec.fwmark !== undefined) enc.u32(FRA_FWMARK, spec.fwmark);
  if (spec.fwmask !== undefined) enc.u32(FRA_FWMASK, spec.fwmask);
  return enc.encode();
}

function prefixFrom(bytes: Uint8Array, bits: number): Prefix | undefined {
  const ip = ipFromBytes(bytes);
  return ip === undefined ? undefined : new Prefix(ip, bits);
}

/** Decodes an RTM_NEWRULE payload; undefined for families other than IPv4/IPv6. */
export function decodeRule(data: Uint8Array): Rule | undefined {
  const r = new StructReader(data);
  const family = familyOf(r.u8());
  const dstLen = r.u8();
  const srcLen = r.u8();
  r.skip(1);
  let table = r.u8();
  r.skip(2);
  const action = r.u8();
  const flags = r.u32();
  if (family === undefined) return undefined;
  const rule: Omit<Rule, "table"> = { family, action, invert: (flags & FIB_RULE_INVERT) !== 0 };
  const dec = new AttributeDecoder(r.rest());
  while (dec.next()) {
    switch (dec.type) {
      case FRA_DST: {
        const p = prefixFrom(dec.bytes(), dstLen);
        if (p) rule.dst = p;
        break;
      }
      case FRA_SRC: {
        const p = prefixFrom(dec.bytes(), srcLen);
        if (p) rule.src = p;
        break;
      }
      case FRA_PRIORITY:
        rule.priority = dec.u32();
        break;
      case FRA_TABLE:
        table = dec.u32();
        break;
      case FRA_IIFNAME:
        rule.iifName = dec.str();
        break;
      case FRA_OIFNAME:
        rule.oifName = dec.str();
        break;
      case FRA_FWMARK:
        rule.fwmark = dec.u32();
        break;
      case FRA_FWMASK:
        rule.fwmask = dec.u32();
        break;
    }
  }
  dec.finish();
  return { ...rule, table };
}

function describe(spec: RuleSpec): string {
  const parts = ["rule"];
  if (spec.priority !== undefined) parts.push(`pref ${spec.priority}`);
  if (spec.src !== undefined) parts.push(`from ${spec.src}`);
  if (spec.dst !== undefined) parts.push(`to ${spec.dst}`);
  if (spec.table !== undefined) parts.push(`lookup ${spec.table}`);
  return parts.join(" ");
}

/** Lists rules of one family, or both (`ip rule show`). */
export function ruleList(conn: NetlinkConn, family?: Family): Rule[] {
  const families: Family[] = family === undefined ? [4, 6] : [family];
  const out: Rule[] = [];
  for (const f of families) {
    const data = new StructWriter(FIB_RULE_HDR_LEN).u8(afOf(f)).bytes();
    for (const msg of conn.dump("list rules", { type: RTM_GETRULE, data })) {
      const rule = decodeRule(msg.data);
      if (rule !== undefined) out.push(rule);
    }
  }
  return out;
}

/** Adds a rule (`ip rule add from <src> lookup <table> pref <priority>`); NetlinkError EEXIST when present. */
export function ruleAdd(conn: NetlinkConn, spec: RuleSpec): void {
  conn.request(`add ${describe(spec)}`, {
    type: RTM_NEWRULE,
    flags: NLM_F_CREATE | NLM_F_EXCL,
    data: encodeRule(spec),
  });
}

/** Deletes the first rule matching `spec` (`ip rule del …`); NetlinkError ENOENT when none matches. */
export function ruleDel(conn: NetlinkConn, spec: RuleSpec): void {
  conn.request(`delete ${describe(spec)}`, { type: RTM_DELRULE, data: encodeRule(spec, true) });
}
