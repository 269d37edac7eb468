/**
 * {@linkcode callDaemon}: one HTTP/1.1 request to the DHCP daemon over its unix socket, written by hand on a
 * `Deno.connect({ transport: "unix" })` stream (fetch cannot dial a unix socket without an unstable client).
 * @module
 */

/** A reply from the daemon: status code and parsed JSON body. */
export interface DaemonReply {
  /** HTTP status. */
  status: number;
  /** The body, parsed as JSON (undefined when empty). */
  body: unknown;
}

/** The daemon is not there: no socket file, or nobody listening on it. */
export class DaemonUnreachableError extends Error {
  /** Creates the error for `socketPath`. */
  constructor(socketPath: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`Cannot reach the DHCP daemon at "${socketPath}": ${reason}`, options);
    this.name = "DaemonUnreachableError";
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sends `method path` with a JSON `body` to the daemon at `socketPath` and returns its reply.
 * Throws {@linkcode DaemonUnreachableError} when it cannot connect, SyntaxError on a malformed reply.
 */
export async function callDaemon(
  socketPath: string,
  request: { method: "GET" | "POST"; path: string; body?: unknown },
): Promise<DaemonReply> {
  let conn: Deno.UnixConn;
  try {
    conn = await Deno.connect({ transport: "unix", path: socketPath });
  } catch (err) {
    throw new DaemonUnreachableError(socketPath, { cause: err });
  }
  try {
    const payload = request.body === undefined ? new Uint8Array() : encoder.encode(JSON.stringify(request.body));
    const head = `${request.method} ${request.path} HTTP/1.1\r\nHost: dhcp-daemon\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
    await writeAll(conn, encoder.encode(head));
    await writeAll(conn, payload);
    return parseReply(await readAll(conn));
  } finally {
    conn.close();
  }
}

async function writeAll(conn: Deno.Conn, data: Uint8Array): Promise<void> {
  let at = 0;
  while (at < data.length) at += await conn.write(data.subarray(at));
}

async function readAll(conn: Deno.Conn): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(16 * 1024);
  for (;;) {
    const n = await conn.read(buffer);
    if (n === null) break;
    chunks.push(buffer.slice(0, n));
  }
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Parses a whole HTTP/1.1 response: status line, headers, then a body sized by Content-Length or chunked. */
function parseReply(data: Uint8Array): DaemonReply {
  const text = decoder.decode(data);
  const split = text.indexOf("\r\n\r\n");
  if (split === -1) throw new SyntaxError("Cannot parse the DHCP daemon's reply: no end of headers");
  const [statusLine = "", ...headerLines] = text.slice(0, split).split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) throw new SyntaxError(`Cannot parse the DHCP daemon's reply: "${statusLine}"`);
  const headers = new Map(headerLines.map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()] as const;
  }));
  let body = text.slice(split + 4);
  if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") body = dechunk(body);
  return { status: Number(status), body: body.trim() === "" ? undefined : JSON.parse(body) };
}

function dechunk(body: string): string {
  let out = "";
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (lineEnd === -1 || !Number.isFinite(size) || size === 0) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
