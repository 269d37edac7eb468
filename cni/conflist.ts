/**
 * Network configuration lists (`.conflist`) as libcni reads them, and the per-plugin request config the runtime
 * sends on stdin: the plugin object plus the list's `name`, the negotiated `cniVersion`, `prevResult`,
 * `runtimeConfig` and, for GC, the valid attachments.
 * @module
 */
import * as z from "zod/mini";
import { convertResult } from "./convert.ts";
import { CniError, ERR_INVALID_NETCONF } from "./errors.ts";
import type { Attachment } from "./plugin.ts";
import type { Result } from "./result.ts";
import { validatePluginType } from "./validate.ts";
import { pickVersion } from "./version.ts";
import { zodToCniError } from "./zod_to_cni_error.ts";

/** A boolean that libcni also accepts as the string "true"/"false" in any case. */
const looseBool = z.pipe(
  z.union([z.boolean(), z.string()]),
  z.transform((value, ctx) => {
    if (typeof value === "boolean") return value;
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "false") return lower === "true";
    ctx.issues.push({ code: "custom", message: `invalid value "${lower}": expected true or false`, input: ctx.value });
    return z.NEVER;
  }),
);

/** One plugin object of a list: `type` plus anything the plugin reads (unknown keys kept). */
export const PluginConf = z.looseObject({
  type: z.string(),
  capabilities: z.optional(z.record(z.string(), z.boolean())),
});

/** A plugin object of a list. */
export type PluginConf = z.infer<typeof PluginConf>;

/** Zod schema of a conflist as written on disk (before version negotiation). */
export const ConfListSchema = z.looseObject({
  cniVersion: z.optional(z.string()),
  cniVersions: z.optional(z.array(z.string())),
  name: z.string(),
  disableCheck: z.pipe(z.optional(looseBool), z.transform((v) => v ?? false)),
  disableGC: z.pipe(z.optional(looseBool), z.transform((v) => v ?? false)),
  loadOnlyInlinedPlugins: z.pipe(z.optional(looseBool), z.transform((v) => v ?? false)),
  plugins: z.optional(z.array(PluginConf)),
});

/** A parsed conflist; `cniVersion` is the negotiated version and `plugins` may be empty (drop-ins come later). */
export interface ConfList {
  /** The negotiated version: highest of `cniVersion` ∪ `cniVersions` we support ("0.1.0" when none). */
  cniVersion: string;
  /** The versions the list offers (1.1.0). */
  cniVersions?: string[] | undefined;
  /** Network name. */
  name: string;
  /** Skip CHECK for this network. */
  disableCheck: boolean;
  /** Skip GC for this network. */
  disableGC: boolean;
  /** Ignore plugins from `<confdir>/<name>/*.conf`. */
  loadOnlyInlinedPlugins: boolean;
  /** Plugin objects in order. */
  plugins: PluginConf[];
  /** Unknown keys are kept. */
  [key: string]: unknown;
}

/**
 * Parses a conflist and negotiates its version (highest of `cniVersion` ∪ `cniVersions` we support). Throws
 * CniError 7 with each issue's path, e.g. `plugins[1].type: Invalid input: expected string, received undefined`.
 */
export function parseConfList(json: unknown): ConfList {
  const parsed = ConfListSchema.safeParse(json);
  if (!parsed.success) throw zodToCniError(parsed.error, "network configuration list");
  const list = parsed.data;
  if (list.loadOnlyInlinedPlugins && list.plugins === undefined) {
    throw new CniError(
      ERR_INVALID_NETCONF,
      "Cannot parse network configuration list: loadOnlyInlinedPlugins is true and there is no plugins key",
    );
  }
  if (list.plugins !== undefined && list.plugins.length === 0) {
    throw new CniError(ERR_INVALID_NETCONF, "Cannot parse network configuration list: no plugins in list");
  }
  let cniVersion: string;
  try {
    cniVersion = pickVersion(list.cniVersion, list.cniVersions);
  } catch (err) {
    throw new CniError(ERR_INVALID_NETCONF, `Cannot parse network configuration list: ${(err as Error).message}`);
  }
  for (const plugin of list.plugins ?? []) validatePluginType(plugin.type);
  return { ...list, cniVersion, plugins: list.plugins ?? [] };
}

/**
 * Wraps a single-plugin `.conf` into a list (libcni's `ConfListFromConf`): the list takes the conf's `name` and
 * `cniVersion`, and the conf is its only plugin. Throws CniError 7 when the conf has no `type`.
 */
export function confFromSingle(conf: unknown): ConfList {
  const plugin = PluginConf.safeParse(conf);
  if (!plugin.success) throw zodToCniError(plugin.error, "network configuration");
  const { name, cniVersion } = plugin.data as { name?: unknown; cniVersion?: unknown };
  return parseConfList({
    name: typeof name === "string" ? name : "",
    cniVersion: typeof cniVersion === "string" ? cniVersion : "",
    plugins: [plugin.data],
  });
}

/** Options of {@linkcode buildPluginConfig}. */
export interface BuildPluginConfigOptions {
  /** The previous plugin's result (ADD) or the cached result (CHECK/DEL); converted to the list's version. */
  prevResult?: Result;
  /** Runtime capability arguments; only those the plugin enables in `capabilities` reach `runtimeConfig`. */
  capabilityArgs?: Readonly<Record<string, unknown>>;
  /** GC only: sent as both `cni.dev/valid-attachments` and the older `cni.dev/attachments`, as libcni does. */
  validAttachments?: readonly Attachment[];
}

/**
 * Builds the stdin object for one plugin of `list` (libcni's `buildOneConfig` + `injectRuntimeConfig`). Existing keys
 * keep their position; `name` and `cniVersion` are overwritten. Throws CniError when `prevResult` cannot be expressed
 * in the list's version (e.g. no IP for 0.2.0).
 */
export function buildPluginConfig(
  list: Pick<ConfList, "name" | "cniVersion">,
  plugin: PluginConf,
  options: BuildPluginConfigOptions = {},
): Record<string, unknown> {
  const config: Record<string, unknown> = { ...plugin, name: list.name, cniVersion: list.cniVersion };
  if (options.prevResult !== undefined) config.prevResult = convertResult(options.prevResult, list.cniVersion);
  const runtimeConfig: Record<string, unknown> = {};
  for (const [capability, enabled] of Object.entries(plugin.capabilities ?? {})) {
    if (enabled && options.capabilityArgs && Object.hasOwn(options.capabilityArgs, capability)) {
      runtimeConfig[capability] = options.capabilityArgs[capability];
    }
  }
  if (Object.keys(runtimeConfig).length > 0) config.runtimeConfig = runtimeConfig;
  if (options.validAttachments !== undefined) {
    const attachments = options.validAttachments.map((a) => ({ containerID: a.containerID, ifname: a.ifname }));
    config["cni.dev/valid-attachments"] = attachments;
    config["cni.dev/attachments"] = attachments;
  }
  return config;
}
