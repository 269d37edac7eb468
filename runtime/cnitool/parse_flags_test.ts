import { deepStrictEqual } from "node:assert/strict";
import { parseArgs } from "node:util";
import { type FlagSpec, parseFlags } from "./parse_flags.ts";

// The option tables cnitool uses: its main command line, and `interface add`'s (repeatable, aliases, booleans).
const SPECS: Record<string, Record<string, FlagSpec>> = {
  main: {
    ifname: { type: "string", short: "i" },
    "cache-dir": { type: "string" },
    "in-process": { type: "boolean" },
    help: { type: "boolean", short: "h" },
  },
  interfaceAdd: {
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    mac: { type: "string" },
    name: { type: "string" },
    ip: { type: "string", multiple: true },
    x: { type: "boolean", multiple: true },
  },
};

// Flags, values and positionals of every shape parseArgs distinguishes: lone, grouped and valued short flags, long
// flags with and without `=`, unknown ones, option-like values, `--` and `-`.
const TOKENS = [
  "ns",
  "-",
  "--",
  "-h",
  "-x",
  "-i",
  "-ieth1",
  "-hi",
  "-ih",
  "-hx",
  "-q",
  "--json",
  "--json=1",
  "--help",
  "--name",
  "--name=",
  "--ip",
  "--ip=-1",
  "10.0.0.1/24",
  "-5",
  "--frob",
  "--in-process",
  "--cache-dir",
  "--ifname=eth0",
  "---x",
];

function outcome<T>(fn: () => T): T | { code: unknown; message: string; isTypeError: boolean } {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { code, message: (err as Error).message, isTypeError: err instanceof TypeError };
  }
}

for (const [label, options] of Object.entries(SPECS)) {
  Deno.test(`parseFlags() matches node:util parseArgs on every command line of up to 3 tokens (${label} flags)`, () => {
    const mismatches: unknown[] = [];
    let lines: string[][] = [[]];
    for (let length = 0; length <= 3; length++) {
      for (const args of lines) {
        const ours = outcome(() => parseFlags(args, options));
        const node = outcome(() => parseArgs({ args, options, strict: true, allowPositionals: true }));
        try {
          deepStrictEqual(ours, node);
        } catch {
          mismatches.push({ args, ours, node });
        }
      }
      lines = lines.flatMap((line) => TOKENS.map((token) => [...line, token]));
    }
    deepStrictEqual(mismatches.slice(0, 5), []);
  });
}
