/**
 * SHA-256 and SHA-512 digests, synchronous and dependency-free, for the names the reference derives from hashes
 * (netfilter chain names, bandwidth's IFB name, host-local's cache keys). A leaf module: it imports nothing of ours.
 * @module
 */
export { sha256 } from "./sha256.ts";
export { sha512 } from "./sha512.ts";
export { toHex } from "./to_hex.ts";
