/**
 * In-process mode against exec: the same TypeScript plugin, run through the real skel either as a process (a
 * `deno run` wrapper in CNI_PATH) or in-process, must give the same result bytes, cache file and errors.
 */
import { strictEqual } from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CniError, formatResult, type Plugin } from "../cni/mod.ts";
import { CniRuntime, type CniRuntimeOptions, type RuntimeConf } from "../runtime/cni_runtime.ts";
import { confListFromBytes } from "../runtime/conf.ts";
import { cnitTsEcho } from "./fixtures/plugins/cnit_ts_echo.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..");

async function withBin(fn: (bin: string) => Promise<void>): Promise<void> {
  const bin = await Deno.makeTempDir({ prefix: "cnit-inproc-" });
  try {
    const script = `#!/bin/sh\nexec "${Deno.execPath()}" run -A --quiet --config "${join(ROOT, "deno.json")}" ` +
      `"${join(HERE, "fixtures", "plugins", "cnit_ts_echo.ts")}"\n`;
    await Deno.writeTextFile(join(bin, "cnit-ts-echo"), script, { mode: 0o755 });
    await fn(bin);
  } finally {
    await Deno.remove(bin, { recursive: true });
  }
}

/** Runs ADD (then DEL) of `conf` with a fresh cache; returns the printed result (or error text) and cache bytes. */
async function addOnce(conf: unknown, options: CniRuntimeOptions): Promise<{ output: string; cache: string }> {
  const cacheDir = await Deno.makeTempDir({ prefix: "cnit-inproc-cache-" });
  try {
    const runtime = new CniRuntime({ ...options, cacheDir, env: { PATH: Deno.env.get("PATH") ?? "" } });
    const list = confListFromBytes(new TextEncoder().encode(JSON.stringify(conf)));
    const rt: RuntimeConf = {
      containerId: "cnit-ctr",
      netns: "/var/run/netns/cnit-x",
      ifname: "eth0",
      args: [["A", "b"]],
    };
    let output: string;
    try {
      const result = await runtime.addNetworkList(list, rt);
      output = formatResult(result, result.cniVersion);
    } catch (err) {
      output = err instanceof CniError ? `${err.code} ${err.message} | ${err.details ?? ""}` : String(err);
    }
    let cache = "";
    try {
      cache = await Deno.readTextFile(join(cacheDir, "results", "cnit-chain-cnit-ctr-eth0"));
    } catch {
      // no cache after a failed ADD
    }
    await runtime.delNetworkList(list, rt);
    return { output, cache };
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
}

const inProcess = {
  resolveInProcess: (type: string) =>
    Promise.resolve(type === "cnit-ts-echo" ? cnitTsEcho as Plugin<unknown> : undefined),
};

for (const version of ["0.3.1", "0.4.0", "1.0.0", "1.1.0"]) {
  Deno.test(`CniRuntime in-process ADD gives the same result and cache bytes as exec (${version})`, async () => {
    await withBin(async (bin) => {
      const conf = {
        cniVersion: version,
        name: "cnit-chain",
        plugins: [{ type: "cnit-ts-echo" }, { type: "cnit-ts-echo", label: "two" }],
      };
      const exec = await addOnce(conf, { path: [bin] });
      const local = await addOnce(conf, { path: [bin], ...inProcess });
      strictEqual(exec.output.includes('"eth0-two"'), true);
      strictEqual(local.output, exec.output);
      strictEqual(local.cache, exec.cache);
    });
  });
}

Deno.test("CniRuntime in-process ADD fails with the same code, message and details as exec", async () => {
  await withBin(async (bin) => {
    const conf = { cniVersion: "1.0.0", name: "cnit-chain", plugins: [{ type: "cnit-ts-echo", failCode: 117 }] };
    const exec = await addOnce(conf, { path: [bin] });
    const local = await addOnce(conf, { path: [bin], ...inProcess });
    strictEqual(exec.output, '117 plugin type="cnit-ts-echo" failed (add): cnit-ts-echo refuses; cnit<&> | ');
    strictEqual(local.output, exec.output);
  });
});
