/**
 * Results of spec 1.0.0 and 1.1.0 (Go's `types/100`): the current shape from cni/result.ts. 1.1.0 added interface
 * `mtu|socketPath|pciID` and route `mtu|advmss|priority|table|scope`; printing as 1.0.0 leaves those out.
 * @module
 */
import * as z from "zod/mini";
import type { DNS, Interface, IPConfig, Result, Route } from "./result.ts";
import { dnsCopy, resultFields } from "./_result_fields.ts";

/** Versions printed in this shape. */
export const VERSIONS_100: readonly string[] = ["1.0.0", "1.1.0"];

function buildSchema() {
  const { cidrField, dnsField, intField, ipField, textField } = resultFields();
  const interfaceSchema = z.object({
    name: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? "")),
    mac: textField,
    mtu: intField,
    sandbox: textField,
    socketPath: textField,
    pciID: textField,
  });

  const ipSchema = z.object({ interface: intField, address: cidrField, gateway: ipField });

  // A route as 1.x writes it (0.3.x/0.4.0 only know `dst` and `gw`).
  const routeSchema = z.object({
    dst: cidrField,
    gw: ipField,
    mtu: intField,
    advmss: intField,
    priority: intField,
    table: intField,
    scope: intField,
  });

  return z.object({
    cniVersion: z.optional(z.string()),
    interfaces: z.nullish(z.array(interfaceSchema)),
    ips: z.nullish(z.array(ipSchema)),
    routes: z.nullish(z.array(routeSchema)),
    dns: dnsField,
  });
}

/**
 * Zod schema of a 1.0.0/1.1.0 result body (version checked by the caller). Built on first use: most plugin calls
 * never parse a result, and zod schemas are costly to construct at start-up.
 */
export const Result100Schema = z.lazy(buildSchema);

/** Result fields as decoded: an absent optional field may be present as `undefined`. */
export interface DecodedResult {
  /** Interfaces (1.1 fields may be missing). */
  interfaces: ReadonlyArray<{ [K in keyof Interface]?: Interface[K] | undefined } & { name: string }>;
  /** Addresses. */
  ips: ReadonlyArray<{ [K in keyof IPConfig]?: IPConfig[K] | undefined } & { address: string }>;
  /** Routes. */
  routes: ReadonlyArray<{ [K in keyof Route]?: Route[K] | undefined } & { dst: string }>;
  /** DNS. */
  dns: DNS;
}

/** Builds a current-shape Result labelled `version` from a parsed 1.x body. */
export function fromResult100(body: z.output<typeof Result100Schema>, version: string): Result {
  return buildResult(version, {
    interfaces: body.interfaces ?? [],
    ips: body.ips ?? [],
    routes: body.routes ?? [],
    dns: body.dns,
  });
}

/** A Result labelled `version`, with Go's field order and `omitempty` rules (empty lists dropped, `dns` kept). */
export function buildResult(version: string, decoded: DecodedResult): Result {
  return {
    cniVersion: version,
    ...(decoded.interfaces.length > 0 && { interfaces: decoded.interfaces.map((i) => interfaceCopy(i, true)) }),
    ...(decoded.ips.length > 0 && { ips: decoded.ips.map(ipCopy) }),
    ...(decoded.routes.length > 0 && { routes: decoded.routes.map((r) => routeCopy(r, true)) }),
    dns: dnsCopy(decoded.dns),
  };
}

/** Formats a current-shape result as the 1.x JSON object of `version` (1.0.0 drops the 1.1-only fields). */
export function toResult100(result: Result, version: string): Result {
  const full = version !== "1.0.0";
  return {
    cniVersion: version,
    ...(result.interfaces?.length && { interfaces: result.interfaces.map((i) => interfaceCopy(i, full)) }),
    ...(result.ips?.length && { ips: result.ips.map(ipCopy) }),
    ...(result.routes?.length && { routes: result.routes.map((r) => routeCopy(r, full)) }),
    dns: dnsCopy(result.dns ?? {}),
  };
}

function interfaceCopy(from: DecodedResult["interfaces"][number], full: boolean): Interface {
  return {
    name: from.name,
    ...(from.mac && { mac: from.mac }),
    ...(full && from.mtu && { mtu: from.mtu }),
    ...(from.sandbox && { sandbox: from.sandbox }),
    ...(full && from.socketPath && { socketPath: from.socketPath }),
    ...(full && from.pciID && { pciID: from.pciID }),
  };
}

function ipCopy(from: DecodedResult["ips"][number]): IPConfig {
  return {
    ...(from.interface !== undefined && { interface: from.interface }),
    address: from.address,
    ...(from.gateway && { gateway: from.gateway }),
  };
}

/** A route copy in Go's field order; `full` keeps the 1.1.0 fields (zero mtu/advmss/priority dropped). */
export function routeCopy(from: DecodedResult["routes"][number], full: boolean): Route {
  return {
    dst: from.dst,
    ...(from.gw && { gw: from.gw }),
    ...(full && from.mtu && { mtu: from.mtu }),
    ...(full && from.advmss && { advmss: from.advmss }),
    ...(full && from.priority && { priority: from.priority }),
    ...(full && from.table !== undefined && { table: from.table }),
    ...(full && from.scope !== undefined && { scope: from.scope }),
  };
}
