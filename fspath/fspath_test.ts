import { deepStrictEqual, strictEqual } from "node:assert/strict";
import posix from "node:path/posix";
import { basename, dirname, joinPath, resolvePath } from "./mod.ts";

/** Every string of up to `max` tokens from `/`, `.`, `..`, `a`, `bc`: all the shapes the path code distinguishes. */
function paths(max: number): string[] {
  const tokens = ["/", ".", "..", "a", "bc"];
  let level = [""];
  const all = [""];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((prefix) => tokens.map((token) => prefix + token));
    all.push(...level);
  }
  return all;
}

/** The inputs where ours and node's differ, as `[input, ours, node's]`. */
function mismatches<T>(inputs: T[], ours: (input: T) => string, node: (input: T) => string): [T, string, string][] {
  return inputs.map((input): [T, string, string] => [input, ours(input), node(input)]).filter(([, a, b]) => a !== b);
}

Deno.test("dirname() matches node:path/posix on every path of up to 7 tokens", () => {
  deepStrictEqual(mismatches(paths(7), dirname, posix.dirname), []);
});

Deno.test("basename() matches node:path/posix on every path of up to 7 tokens", () => {
  deepStrictEqual(mismatches(paths(7), basename, posix.basename), []);
});

Deno.test("joinPath() matches node:path/posix join on every pair of paths of up to 3 tokens", () => {
  const short = paths(3);
  const pairs = short.flatMap((base) => short.map((name): [string, string] => [base, name]));
  deepStrictEqual(
    mismatches(pairs, ([base, name]) => joinPath(base, name), ([base, name]) => posix.join(base, name)),
    [],
  );
});

Deno.test("joinPath() matches node:path/posix join on a long base with each short name", () => {
  const pairs = paths(6).flatMap((base) => ["x", "../y", "", "/"].map((name): [string, string] => [base, name]));
  deepStrictEqual(
    mismatches(pairs, ([base, name]) => joinPath(base, name), ([base, name]) => posix.join(base, name)),
    [],
  );
});

Deno.test("resolvePath() matches node:path/posix resolve on every path of up to 6 tokens, from two working dirs", () => {
  for (const cwd of ["/", "/var/lib/cni"]) {
    const ours = (path: string) => resolvePath(path, { cwd });
    const node = (path: string) => posix.resolve(cwd, path);
    deepStrictEqual(mismatches(paths(6), ours, node), []);
  }
});

Deno.test("resolvePath() resolves against the process's working directory by default", () => {
  strictEqual(resolvePath("cnit-x/../y"), posix.resolve("cnit-x/../y"));
  strictEqual(resolvePath(""), posix.resolve(""));
});
