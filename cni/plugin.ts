/**
 * The contract between the skel and a plugin. A plugin is one object with a zod schema and one method per verb;
 * it never reads the environment, never prints and never exits: the skel does all of that.
 * @module
 */
import type * as z from "zod/mini";
import type { Result } from "./result.ts";

/** One attachment named in GC's `cni.dev/valid-attachments`. */
export interface Attachment {
  /** Container ID of the attachment. */
  containerID: string;
  /** Interface name of the attachment. */
  ifname: string;
}

/** Everything a verb needs, already validated by the skel. */
export interface PluginContext<C> {
  /** The CNI verb being run (`ADD`, `DEL`, `CHECK`, `GC`, `STATUS`). */
  command: "ADD" | "DEL" | "CHECK" | "GC" | "STATUS";
  /** The plugin's config, parsed by its schema (unknown keys kept). */
  config: C;
  /** The config's `cniVersion` (what the result will be printed as). */
  cniVersion: string;
  /** The network name (`name` of the config). */
  network: string;
  /** `CNI_CONTAINERID`; empty for GC and STATUS. */
  containerId: string;
  /** `CNI_NETNS`; may be empty on DEL. */
  netns: string;
  /** `CNI_IFNAME`; empty for GC and STATUS. */
  ifname: string;
  /** `CNI_ARGS` as ordered key/value pairs. */
  args: ReadonlyArray<readonly [string, string]>;
  /** `CNI_PATH` split into directories. */
  path: readonly string[];
  /** `prevResult`, converted to the current result shape; undefined when absent. */
  prevResult: Result | undefined;
  /** GC only: the attachments that must be kept. */
  validAttachments: readonly Attachment[];
  /** The exact stdin bytes, for delegating to another plugin. */
  stdin: Uint8Array;
  /** The environment the plugin was started with (for delegation by exec). */
  env: Readonly<Record<string, string>>;
}

/** A CNI plugin: its type name, schema, and verbs. Verbs throw `CniError` (or anything, which becomes code 999). */
export interface Plugin<C = unknown> {
  /** The CNI `type` string, e.g. `"bridge"`. */
  readonly type: string;
  /** One line for `cni --help`. */
  readonly description: string;
  /** The zod schema of the plugin's config. */
  readonly config: z.ZodMiniType<C>;
  /** Versions this plugin supports; defaults to every version the skel knows. */
  readonly supportedVersions?: readonly string[];
  /** ADD: returns a current-shape result (the skel converts it to the config's version). */
  add(ctx: PluginContext<C>): Promise<Result> | Result;
  /** DEL: idempotent; a vanished netns, link or lease is success. */
  del(ctx: PluginContext<C>): Promise<void> | void;
  /** CHECK: compares `ctx.prevResult` with reality; absent means "nothing to check". */
  check?(ctx: PluginContext<C>): Promise<void> | void;
  /** GC: releases what `ctx.validAttachments` does not name; absent means a no-op. */
  gc?(ctx: PluginContext<C>): Promise<void> | void;
  /** STATUS: throws `CniError` 50/51 when not ready; absent means ready. */
  status?(ctx: PluginContext<C>): Promise<void> | void;
  /** Optional alternative entry point: `dhcp daemon …` style subcommands; returns an exit code. */
  main?(argv: string[]): Promise<number>;
}
