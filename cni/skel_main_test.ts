import assert from "node:assert/strict";

// pluginMain() is the only part of the skel that touches the process; run it in a child Deno with real pipes.
const skelUrl = new URL("./skel.ts", import.meta.url).href;
const netconfUrl = new URL("./netconf.ts", import.meta.url).href;

const SCRIPT = `
import * as z from "zod/mini";
import { pluginMain } from "${skelUrl}";
import { netconf } from "${netconfUrl}";
const plugin = {
  type: "cnit-echo",
  description: "test",
  config: netconf({ fail: z.optional(z.boolean()) }),
  add(ctx) {
    if (ctx.config.fail) throw new Error("asked to fail");
    return { cniVersion: ctx.cniVersion, ips: [{ address: "10.9.0.2/24" }] };
  },
  del() {},
};
Deno.exit(await pluginMain(plugin, { version: "v0.0.0-test" }));
`;

async function runChild(
  env: Record<string, string>,
  stdin: Uint8Array,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = Deno.makeTempDirSync({ prefix: "cnit-skel-main-" });
  try {
    const script = `${dir}/cnit-plugin.ts`;
    Deno.writeTextFileSync(script, SCRIPT);
    const config = new URL("../deno.json", import.meta.url).pathname;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--config", config, script],
      env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(stdin).catch(() => {});
    await writer.close().catch(() => {});
    const out = await child.output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

const ENV = {
  CNI_COMMAND: "ADD",
  CNI_CONTAINERID: "cnit-main",
  CNI_NETNS: "/var/run/netns/cnit-main",
  CNI_IFNAME: "eth0",
  HOME: Deno.env.get("HOME") ?? "/root",
  DENO_DIR: Deno.env.get("DENO_DIR") ?? `${Deno.env.get("HOME") ?? "/root"}/.cache/deno`,
};

function bytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

Deno.test("pluginMain() reads stdin, prints the result in the config's version and exits 0", async () => {
  const out = await runChild(ENV, bytes({ cniVersion: "0.2.0", name: "cnit-net", type: "cnit-echo" }));
  assert.equal(out.code, 0, out.stderr);
  assert.equal(
    out.stdout,
    '{\n    "cniVersion": "0.2.0",\n    "ip4": {\n        "ip": "10.9.0.2/24"\n    },\n    "dns": {}\n}',
  );
});

Deno.test("pluginMain() prints the error JSON and exits 1", async () => {
  const out = await runChild(ENV, bytes({ cniVersion: "1.0.0", name: "cnit-net", type: "cnit-echo", fail: true }));
  assert.equal(out.code, 1);
  assert.deepEqual(JSON.parse(out.stdout), { cniVersion: "1.0.0", code: 999, msg: "asked to fail" });
});

Deno.test("pluginMain() refuses stdin over 16 MiB with code 5", async () => {
  const out = await runChild(ENV, new Uint8Array(16 * 1024 * 1024 + 10).fill(0x20));
  assert.equal(out.code, 1);
  assert.equal(JSON.parse(out.stdout).code, 5);
});

Deno.test("pluginMain() without CNI_COMMAND prints the about text with the build version on stderr", async () => {
  const { CNI_COMMAND: _, ...env } = ENV;
  const out = await runChild(env, new Uint8Array());
  assert.equal(out.code, 0);
  assert.equal(out.stdout, "");
  assert.match(out.stderr, /^CNI cnit-echo plugin v0\.0\.0-test\nCNI protocol versions supported: 0\.1\.0, /);
});
