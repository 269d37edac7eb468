/**
 * `cnitool schema PLUGIN`: prints the JSON Schema of a built-in plugin's config, generated from its zod schema with
 * zod 4's `z.toJSONSchema` (input side: what a config file may contain; parts zod cannot express become `{}`).
 * @module
 */
import * as z from "zod/mini";
import { findPlugin } from "../../plugins/registry.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import type { PluginLookup } from "./validate_command.ts";

/** Prints the schema; throws when the plugin is unknown. */
export async function runSchema(
  type: string | undefined,
  options: { io: CnitoolIo; lookup?: PluginLookup },
): Promise<number> {
  const { io, lookup = findPlugin } = options;
  if (type === undefined) throw new Error("schema requires a plugin type");
  const entry = lookup(type);
  if (entry === undefined) throw new Error(`Cannot print schema of plugin "${type}": no such built-in plugin`);
  const plugin = await entry.load();
  const schema = z.toJSONSchema(plugin.config, { io: "input", unrepresentable: "any" });
  io.out(`${JSON.stringify({ ...schema, title: `CNI ${type} plugin configuration` }, null, 2)}\n`);
  return 0;
}
