/**
 * Zod pieces shared by the result generations (private to cni/). Like Go's decoder they accept `null` for an absent
 * field, reparse addresses and print them back in Go's form, and drop unknown keys (Go's result structs keep none).
 * @module
 */
import * as z from "zod/mini";
import "./zod_english.ts";
import { IP, Prefix } from "../addr/mod.ts";
import type { DNS } from "./result.ts";

function buildFields() {
  /** `address/length`, reprinted in Go's form (`2001:DB8::1/64` → `2001:db8::1/64`). */
  const cidrField = z.pipe(
    z.string(),
    z.transform((text, ctx) => {
      const prefix = Prefix.tryParse(text);
      if (prefix === undefined) {
        ctx.issues.push({ code: "custom", message: `invalid CIDR address "${text}"`, input: ctx.value });
        return z.NEVER;
      }
      return prefix.toString();
    }),
  );

  /** A bare IP address, reprinted in Go's form; `null` or `""` means absent. */
  const ipField = z.pipe(
    z.nullish(z.string()),
    z.transform((text, ctx) => {
      if (text === null || text === undefined || text === "") return undefined;
      const ip = IP.tryParse(text);
      if (ip === undefined) {
        ctx.issues.push({ code: "custom", message: `invalid IP address "${text}"`, input: ctx.value });
        return z.NEVER;
      }
      return ip.toString();
    }),
  );

  /** An optional string; `null` and `""` mean absent (Go's `omitempty`). */
  const textField = z.pipe(z.nullish(z.string()), z.transform((v) => (v ? v : undefined)));

  /** An optional integer; `null` means absent. Zero is kept (callers drop it where Go's `omitempty` would). */
  const intField = z.pipe(z.nullish(z.number().check(z.int())), z.transform((v) => v ?? undefined));

  /** An optional string list; `null` and `[]` mean absent. */
  const textListField = z.pipe(z.nullish(z.array(z.string())), z.transform((v) => (v && v.length > 0 ? v : undefined)));

  /** The `dns` object shared by every generation. */
  const dnsField = z.pipe(
    z.nullish(z.object({
      nameservers: textListField,
      domain: textField,
      search: textListField,
      options: textListField,
    })),
    z.transform((d): DNS => dnsCopy(d ?? {})),
  );
  return { cidrField, ipField, textField, intField, textListField, dnsField };
}

/** The shared field schemas. */
export type ResultFields = ReturnType<typeof buildFields>;

let fields: ResultFields | undefined;

/**
 * The shared field schemas, built on first use: most plugin calls never parse a result, and zod schemas are costly to
 * construct at start-up (bench/README.md).
 */
export function resultFields(): ResultFields {
  return fields ??= buildFields();
}

/** A copy of `dns` in Go's field order with empty members left out (`{}` when empty). */
export function dnsCopy(dns: { [K in keyof DNS]?: DNS[K] | undefined }): DNS {
  const out: DNS = {};
  if (dns.nameservers?.length) out.nameservers = [...dns.nameservers];
  if (dns.domain) out.domain = dns.domain;
  if (dns.search?.length) out.search = [...dns.search];
  if (dns.options?.length) out.options = [...dns.options];
  return out;
}

/** 4 or 6 for an address or CIDR, treating IPv4-mapped IPv6 as 4 (Go's `To4() != nil`). */
export function familyOf(text: string): 4 | 6 {
  const ip = IP.tryParse(text.split("/")[0] ?? "");
  if (ip === undefined) return text.includes(":") ? 6 : 4;
  if (ip.family === 4) return 4;
  const b = ip.bytes;
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  return mapped ? 4 : 6;
}
