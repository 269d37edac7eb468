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
import * as z from "zod";

/** Default daemon socket, as the reference's. */
export const DEFAULT_SOCKET_PATH = "/run/cni/dhcp.sock";

/** What the plugin sends for allocate, check and release. */
export const DaemonRequest = z.object({
  containerId: z.string(),
  network: z.string(),
  ifname: z.string(),
  netns: z.string(),
  args: z.array(z.tuple([z.string(), z.string()])).default([]),
  request: z.array(z.object({ option: z.string(), skipDefault: z.boolean().optional() })).optional(),
  provide: z.array(z.object({ option: z.string(), value: z.string().optional(), fromArg: z.string().optional() }))
    .optional(),
  priority: z.number().int().optional(),
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
  error: z.object({ code: z.number().int(), msg: z.string(), details: z.string().optional() }),
});

/** The IPAM part of a result, as it crosses the socket. */
export const LeaseResultJson = z.object({
  ips: z.array(z.object({ address: z.string(), gateway: z.string().optional() })),
  routes: z.array(z.object({ dst: z.string(), gw: z.string().optional(), priority: z.number().int().optional() })),
  dns: z.object({
    nameservers: z.array(z.string()).optional(),
    domain: z.string().optional(),
    search: z.array(z.string()).optional(),
  }),
});

/** The body of a successful allocate or check. */
export const DaemonResultReply = z.object({ result: LeaseResultJson });
