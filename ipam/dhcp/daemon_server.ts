/**
 * {@linkcode serveDaemon}: the HTTP side of the protocol in protocol.ts, served with `Deno.serve({ path })` on a
 * unix socket, each route calling the {@linkcode DhcpDaemon}.
 * @module
 */
import type * as z from "zod/mini";
import { asCniError, CniError, ERR_DECODE, ERR_INVALID_NETCONF } from "../../cni/mod.ts";
import type { DhcpDaemon } from "./daemon.ts";
import { DaemonRequest, GcRequest } from "./protocol.ts";

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

function errorReply(err: unknown): Response {
  const cni = asCniError(err);
  const error: Record<string, unknown> = { code: cni.code, msg: cni.message };
  if (cni.details) error.details = cni.details;
  return reply(cni.code === ERR_DECODE || cni.code === ERR_INVALID_NETCONF ? 400 : 500, { error });
}

function readRequest(req: Request): Promise<DaemonRequest> {
  return parseBody(req, DaemonRequest);
}

async function parseBody<T>(
  req: Request,
  schema: { safeParse(v: unknown): z.core.util.SafeParseResult<T> },
): Promise<T> {
  let json: unknown;
  try {
    json = await req.json();
  } catch (err) {
    throw new CniError(ERR_DECODE, `Cannot parse the request to the DHCP daemon: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CniError(ERR_INVALID_NETCONF, `Invalid DHCP daemon request: ${parsed.error.message}`);
  return parsed.data;
}

/** Answers one request of the protocol against `daemon`. */
export async function handleDaemonRequest(daemon: DhcpDaemon, req: Request): Promise<Response> {
  const { pathname } = new URL(req.url);
  try {
    if (req.method === "GET" && pathname === "/v1/status") return reply(200, { leases: daemon.size });
    if (req.method !== "POST") return reply(405, { error: { code: 999, msg: `method ${req.method} not allowed` } });
    switch (pathname) {
      case "/v1/allocate":
        return reply(200, { result: await daemon.allocate(await readRequest(req)) });
      case "/v1/check":
        return reply(200, { result: daemon.check(await readRequest(req)) });
      case "/v1/gc": {
        const gc = await parseBody(req, GcRequest);
        return reply(200, { released: await daemon.gc(gc.network, gc.validAttachments) });
      }
      case "/v1/release":
        await daemon.release(await readRequest(req));
        return reply(200, {});
      default:
        return reply(404, { error: { code: 999, msg: `no such endpoint "${pathname}"` } });
    }
  } catch (err) {
    return errorReply(err);
  }
}

/** Serves `daemon` on the unix socket `path` until `signal` aborts; resolves once listening. */
export function serveDaemon(daemon: DhcpDaemon, options: { path: string; signal: AbortSignal }): Deno.HttpServer {
  return Deno.serve(
    { path: options.path, signal: options.signal, onListen: () => {} },
    (req) => handleDaemonRequest(daemon, req),
  );
}
