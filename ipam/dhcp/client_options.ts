/**
 * {@linkcode prepareClientOptions}: the config's `request` and `provide` lists as option codes and bytes, as the
 * reference's prepareOptions builds them (`provide` values from `value` or from a CNI_ARGS key named by `fromArg`).
 * @module
 */
import { DhcpOption, encodeText, parseOptionName } from "./options.ts";

/** One `request` entry of the config. */
export interface RequestOption {
  /** Option name or number. */
  option: string;
  /** Do not add the default request list. */
  skipDefault?: boolean | undefined;
}

/** One `provide` entry of the config. */
export interface ProvideOption {
  /** Option name or number. */
  option: string;
  /** Literal value (text). */
  value?: string | undefined;
  /** Take the value from this CNI_ARGS key instead (wins over `value` when the key is present). */
  fromArg?: string | undefined;
}

/** What the client sends: the parameter request list and the provided options. */
export interface ClientOptions {
  /** Option 55's codes. */
  requestList: number[];
  /** Option code → bytes. */
  provide: Map<number, Uint8Array>;
}

/**
 * The options requested unless a `request` entry says `skipDefault`: the reference asks for the subnet mask and
 * routers; we also ask for what the result can carry (DNS servers, domain name and search, static routes).
 */
export const DEFAULT_REQUEST: readonly number[] = [
  DhcpOption.SUBNET_MASK,
  DhcpOption.ROUTER,
  DhcpOption.DNS_SERVERS,
  DhcpOption.DOMAIN_NAME,
  DhcpOption.DOMAIN_SEARCH,
  DhcpOption.CLASSLESS_STATIC_ROUTES,
  DhcpOption.STATIC_ROUTES,
];

/** Builds the client's options; throws RangeError on an unknown option name or a value over 255 bytes. */
export function prepareClientOptions(
  config: { request?: readonly RequestOption[] | undefined; provide?: readonly ProvideOption[] | undefined },
  args: ReadonlyArray<readonly [string, string]>,
): ClientOptions {
  const argMap = new Map(args.map(([k, v]) => [k, v]));
  const provide = new Map<number, Uint8Array>();
  for (const opt of config.provide ?? []) {
    const code = parseOptionName(opt.option);
    const fromArg = opt.fromArg === undefined ? undefined : argMap.get(opt.fromArg);
    const value = fromArg ?? (opt.value ? opt.value : undefined);
    if (value === undefined) continue;
    const bytes = encodeText(value);
    if (bytes.length > 255) {
      const source = fromArg === undefined ? "" : ` from CNI_ARGS "${opt.fromArg}"`;
      throw new RangeError(`Cannot provide option "${opt.option}"${source}: value over 255 bytes`);
    }
    provide.set(code, bytes);
  }
  const requestList: number[] = [];
  let skipDefault = false;
  for (const opt of config.request ?? []) {
    if (opt.skipDefault) skipDefault = true;
    const code = parseOptionName(opt.option);
    if (!requestList.includes(code)) requestList.push(code);
  }
  if (!skipDefault) { for (const code of DEFAULT_REQUEST) if (!requestList.includes(code)) requestList.push(code); }
  return { requestList, provide };
}
