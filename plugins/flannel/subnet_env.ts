/**
 * flannel's `subnet.env`: the node's lease written by flanneld (`FLANNEL_NETWORK`, `FLANNEL_SUBNET`,
 * `FLANNEL_IPV6_NETWORK`, `FLANNEL_IPV6_SUBNET`, `FLANNEL_MTU`, `FLANNEL_IPMASQ`), parsed as the reference does.
 * @module
 */
import { Prefix } from "../../addr/mod.ts";
import { CniError, ERR_INTERNAL, ERR_IO } from "../../cni/mod.ts";

/** Where flanneld writes the file when the config does not say. */
export const DEFAULT_SUBNET_FILE = "/run/flannel/subnet.env";

/** The parsed file. Prefixes are networks (host bits cleared), as Go's `net.ParseCIDR` returns them. */
export interface SubnetEnv {
  /** `FLANNEL_NETWORK`, deduplicated, in file order. */
  networks: Prefix[];
  /** `FLANNEL_SUBNET`: this node's IPv4 subnet. */
  subnet: Prefix | undefined;
  /** `FLANNEL_IPV6_NETWORK`, deduplicated, in file order. */
  ipv6Networks: Prefix[];
  /** `FLANNEL_IPV6_SUBNET`: this node's IPv6 subnet. */
  ipv6Subnet: Prefix | undefined;
  /** `FLANNEL_MTU`. */
  mtu: number;
  /** `FLANNEL_IPMASQ` is `true` (flanneld masquerades, so the delegate must not). */
  ipMasq: boolean;
}

/**
 * Parses subnet.env text; `fileName` is used in messages. Throws CniError 999 for an unparsable value and for missing
 * keys (`<file> is missing FLANNEL_MTU, FLANNEL_IPMASQ`), as the reference does.
 * @example
 * ```ts
 * import { parseSubnetEnv } from "./subnet_env.ts";
 * const env = parseSubnetEnv("FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.17.1/24\nFLANNEL_MTU=1472\nFLANNEL_IPMASQ=true\n", "subnet.env");
 * env.subnet?.toString(); // "10.1.17.0/24"
 * ```
 */
export function parseSubnetEnv(text: string, fileName: string): SubnetEnv {
  let networks: Prefix[] | undefined;
  let ipv6Networks: Prefix[] | undefined;
  let subnet: Prefix | undefined;
  let ipv6Subnet: Prefix | undefined;
  let mtu: number | undefined;
  let ipMasq: boolean | undefined;
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    const key = eq < 0 ? line : line.slice(0, eq);
    const value = eq < 0 ? "" : line.slice(eq + 1);
    switch (key) {
      case "FLANNEL_NETWORK":
        networks = parseNetworks(value, fileName);
        break;
      case "FLANNEL_SUBNET":
        subnet = parseNetwork(value, fileName);
        break;
      case "FLANNEL_IPV6_NETWORK":
        ipv6Networks = parseNetworks(value, fileName);
        break;
      case "FLANNEL_IPV6_SUBNET":
        ipv6Subnet = parseNetwork(value, fileName);
        break;
      case "FLANNEL_MTU":
        if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
          throw new CniError(ERR_INTERNAL, `strconv.ParseUint: parsing "${value}": invalid syntax`);
        }
        mtu = Number(value);
        break;
      case "FLANNEL_IPMASQ":
        ipMasq = value === "true";
        break;
    }
  }
  const missing: string[] = [];
  if (!networks?.length && !ipv6Networks?.length) missing.push("FLANNEL_NETWORK", "FLANNEL_IPV6_NETWORK");
  if (!subnet && !ipv6Subnet) missing.push("FLANNEL_SUBNET", "FLANNEL_IPV6_SUBNET");
  if (mtu === undefined) missing.push("FLANNEL_MTU");
  if (ipMasq === undefined) missing.push("FLANNEL_IPMASQ");
  if (missing.length > 0 || mtu === undefined || ipMasq === undefined) {
    throw new CniError(ERR_INTERNAL, `${fileName} is missing ${missing.join(", ")}`);
  }
  return { networks: networks ?? [], subnet, ipv6Networks: ipv6Networks ?? [], ipv6Subnet, mtu, ipMasq };
}

/** Reads and parses the file at `path`. Throws CniError 5 when it cannot be read, else as {@linkcode parseSubnetEnv}. */
export function loadSubnetEnv(path: string): SubnetEnv {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (err) {
    throw new CniError(ERR_IO, `Cannot read flannel subnet file "${path}": ${(err as Error).message}`, { cause: err });
  }
  return parseSubnetEnv(text, path);
}

function parseNetwork(text: string, fileName: string): Prefix {
  try {
    return Prefix.parse(text).network();
  } catch (err) {
    throw new CniError(ERR_INTERNAL, `Cannot parse "${text}" in ${fileName}: invalid CIDR address`, { cause: err });
  }
}

function parseNetworks(text: string, fileName: string): Prefix[] {
  const out: Prefix[] = [];
  for (const cidr of text.split(",")) {
    const network = parseNetwork(cidr, fileName);
    if (!out.some((seen) => seen.toString() === network.toString())) out.push(network);
  }
  return out;
}
