/**
 * CNI errors: the spec's error codes as named constants and the one error class that crosses the protocol boundary.
 *
 * Codes are chosen by the code that knows the reason (see STYLE.md, "Errors and CNI codes"); the skel passes a
 * {@linkcode CniError} through unchanged and wraps anything else as {@linkcode ERR_INTERNAL}.
 * @module
 */

/** Incompatible CNI version (spec 0.1.0). */
export const ERR_INCOMPATIBLE_VERSION = 1;
/** Unsupported field in the network configuration; the message names key and value (spec 0.2.0). */
export const ERR_UNSUPPORTED_FIELD = 2;
/** Container unknown or does not exist (spec 0.4.0). */
export const ERR_UNKNOWN_CONTAINER = 3;
/** Invalid or missing required environment variables; the message names them (spec 1.0.0). */
export const ERR_INVALID_ENV = 4;
/** I/O failure, e.g. reading stdin (spec 1.0.0). */
export const ERR_IO = 5;
/** Failed to decode content, e.g. malformed JSON (spec 1.0.0). */
export const ERR_DECODE = 6;
/** Invalid network configuration (spec 1.0.0). */
export const ERR_INVALID_NETCONF = 7;
/** CNI_NETNS is the plugin's own network namespace (Go library only). */
export const ERR_INVALID_NETNS = 8;
/** Transient failure: try again later (spec 0.4.0). */
export const ERR_TRY_AGAIN_LATER = 11;
/** STATUS: the plugin cannot service ADD requests (spec 1.1.0). */
export const ERR_PLUGIN_NOT_AVAILABLE = 50;
/** STATUS: not available, and existing containers may have limited connectivity (spec 1.1.0). */
export const ERR_PLUGIN_NOT_AVAILABLE_LIMITED = 51;
/** First plugin-specific code; 100 and up belong to plugins. */
export const ERR_PLUGIN_SPECIFIC = 100;
/** Any failure that is not already a CNI error (Go library convention). */
export const ERR_INTERNAL = 999;

/** Options of a {@linkcode CniError}. */
export interface CniErrorOptions {
  /** Longer explanation, printed as the `details` field. */
  details?: string;
  /** The error that caused this one. */
  cause?: unknown;
}

/** An error with a CNI code, printed by the skel as the spec's error JSON. */
export class CniError extends Error {
  /** The CNI error code (see the `ERR_*` constants). */
  readonly code: number;
  /** Optional longer explanation (`details` in the JSON). */
  readonly details: string | undefined;

  /** Creates an error with `code` and message `msg`. */
  constructor(code: number, msg: string, options: CniErrorOptions = {}) {
    super(msg, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CniError";
    this.code = code;
    this.details = options.details;
  }

  /** The spec's JSON shape: `{cniVersion?, code, msg, details?}`. */
  toJSON(cniVersion?: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (cniVersion) out.cniVersion = cniVersion;
    out.code = this.code;
    out.msg = this.message;
    if (this.details) out.details = this.details;
    return out;
  }
}

/** Returns `err` if it is a {@linkcode CniError}, else wraps it with `code` (default 999) and its message. */
export function asCniError(err: unknown, code: number = ERR_INTERNAL): CniError {
  if (err instanceof CniError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CniError(code, message, { cause: err });
}
