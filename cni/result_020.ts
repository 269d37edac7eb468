/**
 * Results of spec 0.1.0 and 0.2.0 (Go's `types/020`): one `ip4` and one `ip6` object, each `{ip, gateway?, routes?}`,
 * plus `dns`. Going down to this shape keeps the first address of each family and splits routes by family.
 * @module
 */
import * as z from "zod/mini";
import { CniError, ERR_INCOMPATIBLE_VERSION } from "./errors.ts";
import type { DNS, Result } from "./result.ts";
import { dnsCopy, familyOf, resultFields } from "./_result_fields.ts";
import { buildResult, type DecodedResult } from "./result_100.ts";

/** Versions printed in this shape. */
export const VERSIONS_020: readonly string[] = ["0.1.0", "0.2.0"];

/** A route inside `ip4`/`ip6`. */
export interface Route020 {
  /** Destination prefix. */
  dst: string;
  /** Next hop. */
  gw?: string;
}

/** The `ip4` or `ip6` object. */
export interface IPConfig020 {
  /** Address with prefix length. */
  ip: string;
  /** Gateway. */
  gateway?: string;
  /** Routes of this family. */
  routes?: Route020[];
}

/** A 0.1.0/0.2.0 result object. */
export interface Result020 {
  /** Spec version. */
  cniVersion: string;
  /** The IPv4 configuration. */
  ip4?: IPConfig020;
  /** The IPv6 configuration. */
  ip6?: IPConfig020;
  /** DNS, always present (Go prints the struct even when empty). */
  dns: DNS;
}

function buildSchema() {
  const { cidrField, dnsField, ipField } = resultFields();
  const routeSchema = z.object({ dst: cidrField, gw: ipField });

  const ipConfigSchema = z.nullish(z.object({
    ip: cidrField,
    gateway: ipField,
    routes: z.nullish(z.array(routeSchema)),
  }));

  return z.object({
    cniVersion: z.optional(z.string()),
    ip4: ipConfigSchema,
    ip6: ipConfigSchema,
    dns: dnsField,
  });
}

/**
 * Zod schema of a 0.1.0/0.2.0 result body (version checked by the caller). Built on first use: most plugin calls
 * never parse a result, and zod schemas are costly to construct at start-up.
 */
export const Result020Schema = z.lazy(buildSchema);

/** Builds a current-shape Result labelled `version`: `ips` = [ip4, ip6], `routes` = ip4's then ip6's (Go's order). */
export function fromResult020(body: z.output<typeof Result020Schema>, version: string): Result {
  const decoded: DecodedResult & { ips: DecodedResult["ips"][number][]; routes: DecodedResult["routes"][number][] } = {
    interfaces: [],
    ips: [],
    routes: [],
    dns: body.dns,
  };
  for (const config of [body.ip4, body.ip6]) {
    if (!config) continue;
    decoded.ips.push({ address: config.ip, gateway: config.gateway });
    for (const route of config.routes ?? []) decoded.routes.push(route);
  }
  return buildResult(version, decoded);
}

/**
 * Formats a current-shape result as a 0.1.0/0.2.0 object: the first IPv4 and first IPv6 address, each with the
 * routes of its family. Throws CniError 1 `cannot convert: no valid IP addresses` when there is neither.
 */
export function toResult020(result: Result, version: string): Result020 {
  let ip4: IPConfig020 | undefined;
  let ip6: IPConfig020 | undefined;
  for (const ip of result.ips ?? []) {
    const config = { ip: ip.address, ...(ip.gateway && { gateway: ip.gateway }) };
    if (familyOf(ip.address) === 4) ip4 ??= config;
    else ip6 ??= config;
    if (ip4 && ip6) break;
  }
  if (!ip4 && !ip6) throw new CniError(ERR_INCOMPATIBLE_VERSION, "cannot convert: no valid IP addresses");
  for (const route of result.routes ?? []) {
    const target = familyOf(route.dst) === 4 ? ip4 : ip6;
    if (!target) continue;
    (target.routes ??= []).push({ dst: route.dst, ...(route.gw && { gw: route.gw }) });
  }
  return {
    cniVersion: version,
    ...(ip4 && { ip4 }),
    ...(ip6 && { ip6 }),
    dns: dnsCopy(result.dns ?? {}),
  };
}
