/**
 * The plugin ↔ daemon protocol: HTTP/1.1 with JSON bodies over the daemon's unix socket. The reference speaks Go
 * net/rpc (gob) instead, so neither side interoperates with the reference's: ship ours together (see README.md).
 *
 * - `POST /v1/allocate` {@linkcode DaemonRequest} → 200 `{ result: LeaseResult }`: get or reuse the lease.
 * - `POST /v1/check` same body → 200 `{ result }` when the lease is held, else an error.
 * - `POST /v1/release` same body → 200 `{}`; an unknown container is success.
 * - `POST /v1/gc` {@linkcode GcRequest} → 200 `{ released: n }`: release the network's leases not listed.
 * - `GET /v1/status` → 200 `{ leases: n }`.
 * - Errors: 4xx/5xx `{ error: { code, msg, details? } }` with a CNI error code.
 * @module
 */
import * as z from "zod/mini";
import "../../cni/zod_english.ts";

/** Default daemon socket, as the reference's. */
export const DEFAULT_SOCKET_PATH = "/run/cni/dhcp.sock";

/** What the plugin sends for allocate, check and release. */
export const DaemonRequest = z.object({
  containerId: z.string(),
  network: z.string(),
  ifname: z.string(),
  netns: z.string(),
  args: z._default(z.array(z.tuple([z.string(), z.string()])), []),
  request: z.optional(z.array(z.object({ option: z.string(), skipDefault: z.optional(z.boolean()) }))),
  provide: z.optional(
    z.array(z.object({ option: z.string(), value: z.optional(z.string()), fromArg: z.optional(z.string()) })),
  ),
  priority: z.optional(z.number().check(z.int())),
});

/** The parsed request type. */
export type DaemonRequest = z.infer<typeof DaemonRequest>;

/** What the plugin sends for GC: the network and the attachments to keep. */
export const GcRequest = z.object({
  network: z.string(),
  validAttachments: z.array(z.object({ containerID: z.string(), ifname: z.string() })),
});

/** The parsed GC request type. */
export type GcRequest = z.infer<typeof GcRequest>;

/** The error body of a failed call. */
export const DaemonError = z.object({
  error: z.object({ code: z.number().check(z.int()), msg: z.string(), details: z.optional(z.string()) }),
});

/** The IPAM part of a result, as it crosses the socket. */
export const LeaseResultJson = z.object({
  ips: z.array(z.object({ address: z.string(), gateway: z.optional(z.string()) })),
  routes: z.array(
    z.object({ dst: z.string(), gw: z.optional(z.string()), priority: z.optional(z.number().check(z.int())) }),
  ),
  dns: z.object({
    nameservers: z.optional(z.array(z.string())),
    domain: z.optional(z.string()),
    search: z.optional(z.array(z.string())),
  }),
});

/** The body of a successful allocate or check. */
export const DaemonResultReply = z.object({ result: LeaseResultJson });
