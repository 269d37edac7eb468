/**
 * Results of spec 0.3.0, 0.3.1 and 0.4.0 (Go's `types/040`): `interfaces`, `ips` with a `version` ("4"/"6"),
 * top-level `routes` (`dst`, `gw`) and `dns`.
 * @module
 */
import * as z from "zod/mini";
import type { DNS, Interface, IPConfig, Result } from "./result.ts";
import { dnsCopy, familyOf, resultFields } from "./_result_fields.ts";
import { buildResult, routeCopy } from "./result_100.ts";

/** Versions printed in this shape. */
export const VERSIONS_040: readonly string[] = ["0.3.0", "0.3.1", "0.4.0"];

/** An interface as 0.4.0 writes it. */
export interface Interface040 {
  /** Interface name. */
  name: string;
  /** MAC address. */
  mac?: string;
  /** Namespace path for container-side interfaces. */
  sandbox?: string;
}

/** An address as 0.4.0 writes it. */
export interface IPConfig040 {
  /** "4" or "6". */
  version: string;
  /** Index into `interfaces`. */
  interface?: number;
  /** Address with prefix length. */
  address: string;
  /** Gateway. */
  gateway?: string;
}

/** A route as 0.4.0 writes it. */
export interface Route040 {
  /** Destination prefix. */
  dst: string;
  /** Next hop. */
  gw?: string;
}

/** A 0.3.0/0.3.1/0.4.0 result object. */
export interface Result040 {
  /** Spec version. */
  cniVersion: string;
  /** Interfaces. */
  interfaces?: Interface040[];
  /** Addresses. */
  ips?: IPConfig040[];
  /** Routes. */
  routes?: Route040[];
  /** DNS, always present (Go prints the struct even when empty). */
  dns: DNS;
}

function buildSchema() {
  const { cidrField, dnsField, intField, ipField, textField } = resultFields();
  const interfaceSchema = z.object({
    name: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? "")),
    mac: textField,
    sandbox: textField,
  });

  const ipSchema = z.object({
    version: z.nullish(z.string()),
    interface: intField,
    address: cidrField,
    gateway: ipField,
  });

  const routeSchema = z.object({ dst: cidrField, gw: ipField });

  return z.object({
    cniVersion: z.optional(z.string()),
    interfaces: z.nullish(z.array(interfaceSchema)),
    ips: z.nullish(z.array(ipSchema)),
    routes: z.nullish(z.array(routeSchema)),
    dns: dnsField,
  });
}

/**
 * Zod schema of a 0.3.x/0.4.0 result body (version checked by the caller). Built on first use: most plugin calls
 * never parse a result, and zod schemas are costly to construct at start-up.
 */
export const Result040Schema = z.lazy(buildSchema);

/** Builds a current-shape Result labelled `version` (the `version` of each IP is dropped, as 1.x does). */
export function fromResult040(body: z.output<typeof Result040Schema>, version: string): Result {
  return buildResult(version, {
    interfaces: body.interfaces ?? [],
    ips: body.ips ?? [],
    routes: body.routes ?? [],
    dns: body.dns,
  });
}

/** Formats a current-shape result as a 0.3.x/0.4.0 object; each IP's `version` comes from its address family. */
export function toResult040(result: Result, version: string): Result040 {
  return {
    cniVersion: version,
    ...(result.interfaces?.length && { interfaces: result.interfaces.map(interfaceTo040) }),
    ...(result.ips?.length && { ips: result.ips.map(ipTo040) }),
    ...(result.routes?.length && { routes: result.routes.map((r): Route040 => routeCopy(r, false)) }),
    dns: dnsCopy(result.dns ?? {}),
  };
}

function interfaceTo040(from: Interface): Interface040 {
  return { name: from.name, ...(from.mac && { mac: from.mac }), ...(from.sandbox && { sandbox: from.sandbox }) };
}

function ipTo040(from: IPConfig): IPConfig040 {
  return {
    version: String(familyOf(from.address)),
    ...(from.interface !== undefined && { interface: from.interface }),
    address: from.address,
    ...(from.gateway && { gateway: from.gateway }),
  };
}
