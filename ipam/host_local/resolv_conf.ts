/**
 * Reads a resolv.conf into a result's `dns`, as the reference's `parseResolvConf` does.
 * @module
 */
import { CniError, type DNS, ERR_IO } from "../../cni/mod.ts";

/** Parses resolv.conf text: `nameserver`, `domain`, `search` and `options` lines; comments (`#`, `;`) skipped. */
export function parseResolvConf(text: string): DNS {
  const dns: DNS = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const [key, ...values] = line.split(/\s+/);
    if (values.length === 0) continue;
    if (key === "nameserver") (dns.nameservers ??= []).push(values[0]!);
    else if (key === "domain") dns.domain = values[0]!;
    else if (key === "search") (dns.search ??= []).push(...values);
    else if (key === "options") (dns.options ??= []).push(...values);
  }
  return dns;
}

/** Reads and parses the file at `path`; throws `CniError` 5 when it cannot be read. */
export async function readResolvConf(path: string): Promise<DNS> {
  try {
    return parseResolvConf(await Deno.readTextFile(path));
  } catch (err) {
    throw new CniError(ERR_IO, `Cannot read resolvConf "${path}": ${(err as Error).message}`, { cause: err });
  }
}
