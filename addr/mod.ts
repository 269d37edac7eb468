/**
 * IP, prefix and MAC values: parse, format, compare and step. Pure; no I/O.
 * @module
 */
export { type Family, IP } from "./ip.ts";
export { Prefix } from "./prefix.ts";
export { MAC } from "./mac.ts";
