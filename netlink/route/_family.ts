/** Conversions between addr/ values, strings and kernel address families, private to netlink/route. */
import { type Family, IP, MAC, Prefix } from "../../addr/mod.ts";
import { AF_INET, AF_INET6, AF_UNSPEC } from "../wire/rtnetlink_consts.ts";

/** AF_INET / AF_INET6 for 4 / 6, AF_UNSPEC for undefined. */
export function afOf(family: Family | undefined): number {
  return family === 4 ? AF_INET : family === 6 ? AF_INET6 : AF_UNSPEC;
}

/** 4 / 6 for AF_INET / AF_INET6, undefined otherwise. */
export function familyOf(af: number): Family | undefined {
  return af === AF_INET ? 4 : af === AF_INET6 ? 6 : undefined;
}

/** Parses an IP given as text, or returns it as is. */
export function toIP(value: IP | string): IP {
  return typeof value === "string" ? IP.parse(value) : value;
}

/** Parses a prefix given as text ("10.0.0.1/24"), or returns it as is. */
export function toPrefix(value: Prefix | string): Prefix {
  return typeof value === "string" ? Prefix.parse(value) : value;
}

/** Parses a MAC given as text, or returns it as is. */
export function toMac(value: MAC | string): MAC {
  return typeof value === "string" ? MAC.parse(value) : value;
}

/** Makes an IP from an attribute payload of 4 or 16 bytes, undefined for any other length. */
export function ipFromBytes(bytes: Uint8Array): IP | undefined {
  return bytes.length === 4 || bytes.length === 16 ? new IP(bytes) : undefined;
}

/** Makes a MAC from an attribute payload of 6 bytes, undefined otherwise (tunnels carry 4- or 0-byte addresses). */
export function macFromBytes(bytes: Uint8Array): MAC | undefined {
  return bytes.length === 6 ? new MAC(bytes) : undefined;
}
