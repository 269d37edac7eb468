import { deepStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../cni/mod.ts";
import {
  confFiles,
  confListFromBytes,
  loadConfList,
  NoConfigsFoundError,
  NotFoundError,
  pluginConfFromBytes,
} from "./conf.ts";

const enc = new TextEncoder();

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "cnit-conf-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function list(name: string, types: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ cniVersion: "1.0.0", name, ...extra, plugins: types.map((type) => ({ type })) });
}

Deno.test("confFiles() lists matching files sorted, skips directories, and a missing dir is empty", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/b.conf`, "");
    await Deno.writeTextFile(`${dir}/a.json`, "");
    await Deno.writeTextFile(`${dir}/c.conflist`, "");
    await Deno.mkdir(`${dir}/d.conf`);
    deepStrictEqual(await confFiles(dir, [".conf", ".json"]), [`${dir}/a.json`, `${dir}/b.conf`]);
    deepStrictEqual(await confFiles(`${dir}/missing`, [".conf"]), []);
  });
});

Deno.test("loadConfList() takes the first conflist by name in lexical order before any .conf", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/20-b.conflist`, list("net", ["second"]));
    await Deno.writeTextFile(`${dir}/10-a.conflist`, list("net", ["first"]));
    await Deno.writeTextFile(`${dir}/00.conf`, JSON.stringify({ cniVersion: "1.0.0", name: "net", type: "single" }));
    const found = await loadConfList(dir, "net");
    deepStrictEqual(found.plugins.map((p) => p.type), ["first"]);
    strictEqual(new TextDecoder().decode(found.bytes), list("net", ["first"]));
  });
});

Deno.test("loadConfList() aborts on a broken conflist sorted before the match", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/10-broken.conflist`, "{");
    await Deno.writeTextFile(`${dir}/20-good.conflist`, list("net", ["ok"]));
    await rejects(
      loadConfList(dir, "net"),
      (err) => err instanceof CniError && err.message.includes("10-broken.conflist"),
    );
  });
});

Deno.test("loadConfList() wraps a single .conf into a list and reports missing networks by kind", async () => {
  await withDir(async (dir) => {
    await rejects(loadConfList(dir, "net"), (err) => err instanceof NoConfigsFoundError && err.dir === dir);
    await Deno.writeTextFile(`${dir}/10.conflist`, list("other", ["x"]));
    await rejects(
      loadConfList(dir, "net"),
      (err) => err instanceof NotFoundError && err.message === `no net configuration with name "net" in ${dir}`,
    );
    await Deno.writeTextFile(
      `${dir}/50.json`,
      JSON.stringify({ cniVersion: "0.4.0", name: "net", type: "bridge", bridge: "cnit0" }),
    );
    const found = await loadConfList(dir, "net");
    strictEqual(found.cniVersion, "0.4.0");
    strictEqual(
      new TextDecoder().decode(found.bytes),
      '{"cniVersion":"0.4.0","name":"net","plugins":[{"bridge":"cnit0","cniVersion":"0.4.0","name":"net","type":"bridge"}]}',
    );
  });
});

Deno.test("loadConfList() appends drop-in plugins from <dir>/<name>/*.conf unless loadOnlyInlinedPlugins", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/10.conflist`, list("net", ["inline"]));
    await Deno.mkdir(`${dir}/net`);
    await Deno.writeTextFile(`${dir}/net/20-b.conf`, JSON.stringify({ type: "dropB" }));
    await Deno.writeTextFile(`${dir}/net/10-a.conf`, JSON.stringify({ type: "dropA" }));
    deepStrictEqual((await loadConfList(dir, "net")).plugins.map((p) => p.type), ["inline", "dropA", "dropB"]);
    await Deno.writeTextFile(`${dir}/10.conflist`, list("net", ["inline"], { loadOnlyInlinedPlugins: "TRUE" }));
    deepStrictEqual((await loadConfList(dir, "net")).plugins.map((p) => p.type), ["inline"]);
  });
});

Deno.test("loadConfList() accepts a conflist without plugins when drop-ins provide them", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/10.conflist`, JSON.stringify({ cniVersion: "1.1.0", name: "net" }));
    await rejects(loadConfList(dir, "net"), /no plugin configs found/);
    await Deno.mkdir(`${dir}/net`);
    await Deno.writeTextFile(`${dir}/net/a.conf`, JSON.stringify({ type: "drop" }));
    deepStrictEqual((await loadConfList(dir, "net")).plugins.map((p) => p.type), ["drop"]);
  });
});

Deno.test("confListFromBytes() negotiates cniVersions and keeps the bytes", () => {
  const text = JSON.stringify({
    cniVersion: "0.4.0",
    cniVersions: ["1.0.0", "2.0.0", "0.3.1"],
    name: "n",
    disableCheck: "True",
    plugins: [{ type: "a", capabilities: { portMappings: true, mac: false } }],
  });
  const parsed = confListFromBytes(enc.encode(text));
  strictEqual(parsed.cniVersion, "1.0.0");
  strictEqual(parsed.disableCheck, true);
  strictEqual(parsed.disableGC, false);
  deepStrictEqual(parsed.plugins[0]?.capabilities, { portMappings: true, mac: false });
  strictEqual(new TextDecoder().decode(parsed.bytes), text);
});

Deno.test("loadConfList() names the file that does not parse", async () => {
  await withDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/10.conflist`, '{"name":"net","plugins":[{"name":"x"}]}');
    await rejects(loadConfList(dir, "net"), (err) => {
      strictEqual(err instanceof CniError && err.code, 7);
      strictEqual((err as Error).message.startsWith(`Cannot load "${dir}/10.conflist": `), true);
      strictEqual((err as Error).message.includes("plugins[0].type"), true);
      return true;
    });
    await Deno.writeTextFile(`${dir}/10.conflist`, "{");
    await rejects(loadConfList(dir, "net"), (err) => err instanceof CniError && err.code === 6);
  });
});

Deno.test("pluginConfFromBytes() requires a type", () => {
  strictEqual(pluginConfFromBytes(enc.encode('{"type":"bridge"}')).type, "bridge");
  throws(() => pluginConfFromBytes(enc.encode('{"name":"x"}')), /type/);
});
