/**
 * Lower-case hex of a digest, as Go's `hex.EncodeToString` and node's `digest("hex")` write it.
 * @module
 */

const DIGITS = "0123456789abcdef";

/**
 * Returns `bytes` as lower-case hex, two digits per byte.
 *
 * @example
 * ```ts
 * import { toHex } from "./to_hex.ts";
 * toHex(new Uint8Array([0, 15, 255])); // "000fff"
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += DIGITS[byte >> 4]! + DIGITS[byte & 15]!;
  return out;
}
