import { deepStrictEqual, match, strictEqual, throws } from "node:assert/strict";
import * as z from "zod/mini";
import { netconf, type Plugin } from "../../cni/mod.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { containerIdFor } from "./container_id.ts";
import { cnitoolMain } from "./main.ts";
import { parseCnitoolArgs } from "./network_command.ts";
import { runSchema } from "./schema_command.ts";
import { type PluginLookup, runValidate } from "./validate_command.ts";

function memoryIo(env: Record<string, string> = {}): CnitoolIo & { stdout: string; stderr: string } {
  const io = {
    env,
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

/** A fake built-in plugin "cnit-ranges" with a nested schema, to see field paths. */
const rangesPlugin = {
  type: "cnit-ranges",
  description: "test",
  config: netconf({
    ipam: z.looseObject({
      type: z.string(),
      ranges: z.array(z.array(z.looseObject({ subnet: z.string().check(z.regex(/\/\d+$/, "expected a CIDR")) }))),
    }),
    mtu: z._default(z.number().check(z.int()), 1500),
  }),
  add: () => ({ cniVersion: "1.0.0" }),
  del: () => {},
} as unknown as Plugin<unknown>;

const lookup: PluginLookup = (type) =>
  type === "cnit-ranges" ? { load: () => Promise.resolve(rangesPlugin) } : undefined;

Deno.test("containerIdFor() is cnitool- and the first 20 hex digits of SHA-512 of the absolute path", async () => {
  // sha512("/var/run/netns/cnit-a") starts with 6dae9e0f2c02655293de (computed with Python's hashlib).
  strictEqual(await containerIdFor("/var/run/netns/cnit-a"), "cnitool-6dae9e0f2c02655293de");
  strictEqual(await containerIdFor("/var/run/netns/../netns/cnit-a"), "cnitool-6dae9e0f2c02655293de");
});

Deno.test("parseCnitoolArgs() wants exactly one = and non-empty key and value", () => {
  deepStrictEqual(parseCnitoolArgs("A=1;B=two"), [["A", "1"], ["B", "two"]]);
  for (const bad of ["A", "A=", "=1", "A=1=2", "A=1;"]) throws(() => parseCnitoolArgs(bad), /invalid CNI_ARGS pair/);
});

Deno.test("cnitoolMain() prints usage on no command and rejects unknown commands", async () => {
  const io = memoryIo();
  strictEqual(await cnitoolMain([], io), 2);
  match(io.stderr, /^Usage: cnitool/);
  strictEqual(await cnitoolMain(["frobnicate"], io), 2);
  match(io.stderr, /unknown command "frobnicate"/);
  const help = memoryIo();
  strictEqual(await cnitoolMain(["--help"], help), 0);
  match(help.stdout, /^Usage: cnitool/);
});

Deno.test("runValidate() prints each problem with its path below plugins[i]", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-validate-" });
  try {
    const file = `${dir}/10.conflist`;
    await Deno.writeTextFile(
      file,
      JSON.stringify({
        cniVersion: "1.0.0",
        name: "cnit-v",
        plugins: [
          { type: "cnit-external" },
          { type: "cnit-ranges", mtu: "big", ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0" }]] } },
        ],
      }),
    );
    const io = memoryIo();
    strictEqual(await runValidate(file, { io, lookup }), 1);
    const lines = io.stderr.trim().split("\n");
    deepStrictEqual(lines.slice(0, 2), [
      'plugins[0]: type "cnit-external" is not built in; not checked',
      `Cannot validate "${file}": 2 problem(s)`,
    ]);
    deepStrictEqual(lines.slice(2).sort(), [
      "plugins[1].ipam.ranges[0][0].subnet: expected a CIDR",
      "plugins[1].mtu: Invalid input: expected number, received string",
    ]);
    strictEqual(io.stdout, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runValidate() accepts a good network found by name, folding key case as Go does", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-validate-" });
  try {
    await Deno.writeTextFile(
      `${dir}/10.conflist`,
      JSON.stringify({
        cniVersion: "1.0.0",
        name: "cnit-v",
        plugins: [{ type: "cnit-ranges", IPAM: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24" }]] } }],
      }),
    );
    const io = memoryIo({ NETCONFPATH: dir });
    strictEqual(await runValidate("cnit-v", { io, lookup }), 0);
    strictEqual(io.stdout, 'cnit-v: network "cnit-v" (1.0.0), 1 plugin(s), valid\n');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSchema() prints a JSON Schema generated from the plugin's zod schema", async () => {
  const io = memoryIo();
  strictEqual(await runSchema("cnit-ranges", { io, lookup }), 0);
  const schema = JSON.parse(io.stdout);
  strictEqual(schema.type, "object");
  strictEqual(schema.properties.mtu.default, 1500);
  strictEqual(schema.properties.ipam.properties.ranges.type, "array");
  let failed = "";
  try {
    await runSchema("cnit-nope", { io, lookup });
  } catch (err) {
    failed = (err as Error).message;
  }
  strictEqual(failed, 'Cannot print schema of plugin "cnit-nope": no such built-in plugin');
});
