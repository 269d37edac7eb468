import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { CniError, type ExecRequest, findInPath, type Plugin, pluginEnv, type PluginExecutor } from "../cni/mod.ts";
import { encodeCacheEntry } from "./cache.ts";
import { CniRuntime, type CniRuntimeOptions } from "./cni_runtime.ts";
import { confListFromBytes, type NetworkConfigList } from "./conf.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

interface Call {
  type: string;
  command: string;
  stdin: Record<string, unknown>;
  stdinText: string;
  env: Record<string, string>;
}

type Reply = (call: Call) => string | CniError;

/** A fake `invoke.Exec`: plugins are names under /fake, each answering by command. */
class FakeExec implements PluginExecutor {
  calls: Call[] = [];
  replies = new Map<string, Reply>();

  findInPath(type: string, paths: readonly string[]): string {
    if (!this.known.includes(type)) return findInPath(type, paths);
    return `/fake/${type}`;
  }

  execPlugin(pluginPath: string, request: ExecRequest): Promise<Uint8Array> {
    const type = pluginPath.split("/").at(-1) ?? "";
    const stdinText = dec.decode(request.stdin);
    const call = { type, command: request.command, stdin: JSON.parse(stdinText), stdinText, env: pluginEnv(request) };
    this.calls.push(call);
    const reply = this.replies.get(`${type}/${request.command}`) ?? this.replies.get(`*/${request.command}`);
    const out = reply ? reply(call) : "";
    return out instanceof CniError ? Promise.reject(out) : Promise.resolve(enc.encode(out));
  }

  constructor(readonly known: string[]) {}

  /** A plugin that appends an interface to prevResult (or starts a result) on ADD. */
  chainAdd(type: string): void {
    this.replies.set(`${type}/ADD`, (call) => {
      const prev = (call.stdin.prevResult ?? { cniVersion: call.stdin.cniVersion, dns: {} }) as {
        interfaces?: unknown[];
      };
      return JSON.stringify({ ...prev, interfaces: [...(prev.interfaces ?? []), { name: type }] });
    });
  }

  summary(): string[] {
    return this.calls.map((c) => `${c.command} ${c.type}`);
  }
}

function makeList(version: string, types: string[], extra: Record<string, unknown> = {}): NetworkConfigList {
  const plugins = types.map((type) => ({ type, ...(type === "a" && { capabilities: { mac: true, bw: false } }) }));
  return confListFromBytes(enc.encode(JSON.stringify({ cniVersion: version, name: "cnit-net", ...extra, plugins })));
}

async function withRuntime(
  fake: FakeExec,
  fn: (runtime: CniRuntime, cacheDir: string) => Promise<void>,
  options: Partial<CniRuntimeOptions> = {},
): Promise<void> {
  const cacheDir = await Deno.makeTempDir({ prefix: "cnit-rt-" });
  try {
    await fn(new CniRuntime({ path: ["/fake"], cacheDir, exec: fake, ...options }), cacheDir);
  } finally {
    await Deno.remove(cacheDir, { recursive: true });
  }
}

const RT = { containerId: "ctr1", netns: "/var/run/netns/cnit-x", ifname: "eth0" };

Deno.test("CniRuntime.addNetworkList() threads prevResult through the chain and caches the last result", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.chainAdd("a");
  fake.chainAdd("b");
  await withRuntime(fake, async (runtime, cacheDir) => {
    const list = makeList("1.0.0", ["a", "b"]);
    const result = await runtime.addNetworkList(list, {
      ...RT,
      args: [["IgnoreUnknown", "1"]],
      capabilityArgs: { mac: "aa:bb:cc:dd:ee:ff", bw: { rate: 1 } },
    });
    deepStrictEqual(result.interfaces?.map((i) => i.name), ["a", "b"]);
    deepStrictEqual(fake.summary(), ["ADD a", "ADD b"]);
    const [first, second] = fake.calls;
    strictEqual(first?.stdin.prevResult, undefined);
    deepStrictEqual(second?.stdin.prevResult, { cniVersion: "1.0.0", interfaces: [{ name: "a" }], dns: {} });
    // libcni's InjectConf: a Go map, so keys sorted; runtimeConfig only for enabled capabilities.
    strictEqual(
      first?.stdinText,
      '{"capabilities":{"bw":false,"mac":true},"cniVersion":"1.0.0","name":"cnit-net",' +
        '"runtimeConfig":{"mac":"aa:bb:cc:dd:ee:ff"},"type":"a"}',
    );
    deepStrictEqual(
      [first?.env.CNI_COMMAND, first?.env.CNI_CONTAINERID, first?.env.CNI_IFNAME, first?.env.CNI_ARGS],
      ["ADD", "ctr1", "eth0", "IgnoreUnknown=1"],
    );
    strictEqual(first?.env.CNI_PATH, "/fake");
    const cached = await Deno.readTextFile(`${cacheDir}/results/cnit-net-ctr1-eth0`);
    strictEqual(
      cached,
      encodeCacheEntry({
        containerId: "ctr1",
        config: list.bytes,
        ifName: "eth0",
        networkName: "cnit-net",
        netns: RT.netns,
        cniArgs: [["IgnoreUnknown", "1"]],
        capabilityArgs: { mac: "aa:bb:cc:dd:ee:ff", bw: { rate: 1 } },
        result: { cniVersion: "1.0.0", dns: {}, interfaces: [{ name: "a" }, { name: "b" }] },
      }),
    );
  });
});

Deno.test("CniRuntime.addNetworkList() wraps a plugin error with its type and keeps its code", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.chainAdd("a");
  fake.replies.set("b/ADD", () => new CniError(7, "bad config", { details: "no subnet" }));
  await withRuntime(fake, async (runtime, cacheDir) => {
    await rejects(runtime.addNetworkList(makeList("1.0.0", ["a", "b"]), RT), (err) => {
      strictEqual(err instanceof CniError && err.code, 7);
      strictEqual((err as Error).message, 'plugin type="b" failed (add): bad config; no subnet');
      return true;
    });
    await rejects(Deno.stat(`${cacheDir}/results/cnit-net-ctr1-eth0`), Deno.errors.NotFound);
  }, { rollbackOnAddFailure: false });
  deepStrictEqual(fake.summary(), ["ADD a", "ADD b"]);
});

Deno.test("CniRuntime.addNetworkList() rolls a failed chain back with DEL in reverse order", async () => {
  const fake = new FakeExec(["a", "b", "c"]);
  fake.chainAdd("a");
  fake.replies.set("b/ADD", () => new CniError(11, "busy"));
  await withRuntime(fake, async (runtime) => {
    await rejects(runtime.addNetworkList(makeList("1.0.0", ["a", "b", "c"]), RT), /failed \(add\): busy/);
  });
  deepStrictEqual(fake.summary(), ["ADD a", "ADD b", "DEL c", "DEL b", "DEL a"]);
  deepStrictEqual(fake.calls[2]?.stdin.prevResult, { cniVersion: "1.0.0", interfaces: [{ name: "a" }], dns: {} });
});

Deno.test("CniRuntime.addNetworkList() reports a failed rollback in the details", async () => {
  const fake = new FakeExec(["a"]);
  fake.replies.set("a/ADD", () => new CniError(100, "nope"));
  fake.replies.set("a/DEL", () => new CniError(101, "stuck"));
  await withRuntime(fake, async (runtime) => {
    await rejects(runtime.addNetworkList(makeList("1.0.0", ["a"]), RT), (err) => {
      strictEqual(
        err instanceof CniError && err.details,
        'rollback DEL also failed: plugin type="a" failed (delete): stuck',
      );
      strictEqual((err as CniError).code, 100);
      return true;
    });
  });
});

Deno.test("CniRuntime.delNetworkList() runs in reverse with the cached result and removes the cache", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.chainAdd("a");
  fake.chainAdd("b");
  await withRuntime(fake, async (runtime, cacheDir) => {
    const list = makeList("1.0.0", ["a", "b"]);
    await runtime.addNetworkList(list, RT);
    fake.calls = [];
    await runtime.delNetworkList(list, RT);
    deepStrictEqual(fake.summary(), ["DEL b", "DEL a"]);
    const expected = { cniVersion: "1.0.0", interfaces: [{ name: "a" }, { name: "b" }], dns: {} };
    deepStrictEqual(fake.calls.map((c) => c.stdin.prevResult), [expected, expected]);
    await rejects(Deno.stat(`${cacheDir}/results/cnit-net-ctr1-eth0`), Deno.errors.NotFound);
    fake.calls = [];
    await runtime.delNetworkList(list, RT);
    deepStrictEqual(fake.calls.map((c) => c.stdin.prevResult), [undefined, undefined]);
  });
});

Deno.test("CniRuntime.delNetworkList() sends no prevResult below 0.4.0 and survives a corrupt cache file", async () => {
  const fake = new FakeExec(["a"]);
  fake.chainAdd("a");
  await withRuntime(fake, async (runtime, cacheDir) => {
    const old = makeList("0.3.1", ["a"]);
    await runtime.addNetworkList(old, RT);
    await runtime.delNetworkList(old, RT);
    strictEqual(fake.calls.at(-1)?.stdin.prevResult, undefined);

    const list = makeList("1.0.0", ["a"]);
    await Deno.writeTextFile(`${cacheDir}/results/cnit-net-ctr1-eth0`, "");
    fake.calls = [];
    await runtime.delNetworkList(list, RT);
    deepStrictEqual(fake.summary(), ["DEL a"]);
    strictEqual(fake.calls[0]?.stdin.prevResult, undefined);
    await rejects(Deno.stat(`${cacheDir}/results/cnit-net-ctr1-eth0`), Deno.errors.NotFound);
  });
});

Deno.test("CniRuntime.delNetworkList() wraps errors as (delete) and stops at the first", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.replies.set("b/DEL", () => new CniError(3, "gone"));
  await withRuntime(fake, async (runtime) => {
    await rejects(
      runtime.delNetworkList(makeList("1.0.0", ["a", "b"]), RT),
      /^CniError: plugin type="b" failed \(delete\): gone$/,
    );
  });
  deepStrictEqual(fake.summary(), ["DEL b"]);
});

Deno.test("CniRuntime.checkNetworkList() is gated by version and disableCheck and passes the cached result", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.chainAdd("a");
  fake.chainAdd("b");
  await withRuntime(fake, async (runtime) => {
    await rejects(
      runtime.checkNetworkList(makeList("0.3.1", ["a"]), RT),
      /configuration version "0.3.1" does not support the CHECK command/,
    );
    await runtime.checkNetworkList(makeList("1.0.0", ["a"], { disableCheck: true }), RT);
    strictEqual(fake.calls.length, 0);
    const list = makeList("0.4.0", ["a", "b"]);
    await runtime.addNetworkList(list, RT);
    fake.calls = [];
    await runtime.checkNetworkList(list, RT);
    deepStrictEqual(fake.summary(), ["CHECK a", "CHECK b"]);
    const prev = fake.calls[0]?.stdin.prevResult as { cniVersion: string; interfaces: unknown[] };
    strictEqual(prev.cniVersion, "0.4.0");
    strictEqual(prev.interfaces.length, 2);
  });
});

Deno.test("CniRuntime.gcNetworkList() DELs stale attachments of this network, then sends GC with both keys", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.chainAdd("a");
  fake.chainAdd("b");
  await withRuntime(fake, async (runtime) => {
    const list = makeList("1.1.0", ["a", "b"]);
    await runtime.addNetworkList(list, { ...RT, containerId: "keep" });
    await runtime.addNetworkList(list, { ...RT, containerId: "stale", args: [["K", "V"]] });
    const other = confListFromBytes(enc.encode('{"cniVersion":"1.1.0","name":"cnit-other","plugins":[{"type":"a"}]}'));
    await runtime.addNetworkList(other, { ...RT, containerId: "stale" });
    fake.calls = [];
    await runtime.gcNetworkList(list, { validAttachments: [{ containerID: "keep", ifname: "eth0" }] });
    deepStrictEqual(fake.summary(), ["DEL b", "DEL a", "GC a", "GC b"]);
    deepStrictEqual([fake.calls[0]?.env.CNI_CONTAINERID, fake.calls[0]?.env.CNI_ARGS], ["stale", "K=V"]);
    const gc = fake.calls[2];
    deepStrictEqual(gc?.stdin["cni.dev/valid-attachments"], [{ containerID: "keep", ifname: "eth0" }]);
    deepStrictEqual(gc?.stdin["cni.dev/attachments"], [{ containerID: "keep", ifname: "eth0" }]);
    deepStrictEqual([gc?.env.CNI_CONTAINERID, gc?.env.CNI_IFNAME, gc?.env.CNI_NETNS], ["", "", ""]);
    const left = await runtime.getCachedAttachments();
    deepStrictEqual(left.map((e) => `${e.networkName}/${e.containerId}`), ["cnit-net/keep", "cnit-other/stale"]);
  });
});

Deno.test("CniRuntime.gcNetworkList() without a valid set removes everything; GC verb only from 1.1.0; errors joined", async () => {
  const fake = new FakeExec(["a"]);
  fake.chainAdd("a");
  await withRuntime(fake, async (runtime) => {
    const old = makeList("1.0.0", ["a"]);
    await runtime.addNetworkList(old, RT);
    fake.calls = [];
    await runtime.gcNetworkList(old);
    deepStrictEqual(fake.summary(), ["DEL a"]);

    const list = makeList("1.1.0", ["a"]);
    await runtime.addNetworkList(list, RT);
    await runtime.addNetworkList(list, { ...RT, ifname: "eth1" });
    fake.replies.set("a/DEL", () => new CniError(5, "io"));
    fake.replies.set("a/GC", () => new CniError(6, "gc broke"));
    fake.calls = [];
    await rejects(runtime.gcNetworkList(list), (err) => {
      strictEqual(
        (err as Error).message,
        [
          'failed to delete stale attachment ctr1 eth0: plugin type="a" failed (delete): io',
          'failed to delete stale attachment ctr1 eth1: plugin type="a" failed (delete): io',
          "failed to GC plugin a: gc broke",
        ].join("\n"),
      );
      return true;
    });
    strictEqual(fake.calls.at(-1)?.stdin["cni.dev/valid-attachments"], undefined);
    fake.calls = [];
    await runtime.gcNetworkList(makeList("1.1.0", ["a"], { disableGC: true }));
    strictEqual(fake.calls.length, 0);
  });
});

Deno.test("CniRuntime.statusNetworkList() is silent below 1.1.0 and stops at the first error with its code", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.replies.set("a/STATUS", () => new CniError(50, "not ready"));
  await withRuntime(fake, async (runtime) => {
    await runtime.statusNetworkList(makeList("1.0.0", ["a", "b"]));
    strictEqual(fake.calls.length, 0);
    await rejects(runtime.statusNetworkList(makeList("1.1.0", ["a", "b"])), (err) => {
      strictEqual(err instanceof CniError && err.code, 50);
      strictEqual((err as Error).message, "not ready");
      return true;
    });
    deepStrictEqual(fake.summary(), ["STATUS a"]);
    strictEqual(
      fake.calls[0]?.stdinText,
      '{"capabilities":{"bw":false,"mac":true},"cniVersion":"1.1.0","name":"cnit-net","type":"a"}',
    );
  });
});

Deno.test("CniRuntime.validateNetworkList() probes every plugin's versions and returns enabled capabilities", async () => {
  const fake = new FakeExec(["a", "b"]);
  fake.replies.set("a/VERSION", () => '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}');
  fake.replies.set("b/VERSION", () => '{"cniVersion":"0.4.0","supportedVersions":["0.4.0"]}');
  await withRuntime(fake, async (runtime) => {
    deepStrictEqual(await runtime.validateNetworkList(makeList("1.0.0", ["a"])), ["mac"]);
    await rejects(
      runtime.validateNetworkList(makeList("1.0.0", ["a", "b", "missing"])),
      /^CniError: \[plugin b does not support config version "1.0.0" failed to find plugin "missing" in path \[\/fake\]\]$/,
    );
  });
});

Deno.test("CniRuntime in-process mode gives the same bytes and cache as exec", async () => {
  const fake = new FakeExec(["a"]);
  fake.chainAdd("a");
  const plugin = { type: "a" } as Plugin<unknown>;
  const seen: Record<string, string>[] = [];
  const options: Partial<CniRuntimeOptions> = {
    env: { HOME: "/cnit" },
    resolveInProcess: (type) => Promise.resolve(type === "a" ? plugin : undefined),
    invokeInProcess: (_plugin, io) => {
      seen.push(io.env);
      const call = fake.execPlugin("/fake/a", { command: io.env.CNI_COMMAND ?? "", path: [], stdin: io.stdin });
      return call.then((out) => ({ stdout: dec.decode(out), stderr: "", exitCode: 0 }));
    },
  };
  const list = makeList("1.0.0", ["a"]);
  let execCache = "";
  await withRuntime(fake, async (runtime, dir) => {
    await runtime.addNetworkList(list, RT);
    execCache = await Deno.readTextFile(`${dir}/results/cnit-net-ctr1-eth0`);
  }, { env: { HOME: "/cnit" } });
  await withRuntime(fake, async (runtime, dir) => {
    await runtime.addNetworkList(list, RT);
    strictEqual(await Deno.readTextFile(`${dir}/results/cnit-net-ctr1-eth0`), execCache);
  }, options);
  strictEqual(fake.calls[0]?.stdinText, fake.calls[1]?.stdinText);
  deepStrictEqual(seen[0], { ...fake.calls[0]?.env, HOME: "/cnit" });
});

Deno.test("CniRuntime in-process mode decodes a plugin's error JSON like an exec'd one", async () => {
  const plugin = { type: "a" } as Plugin<unknown>;
  await withRuntime(new FakeExec([]), async (runtime) => {
    await rejects(runtime.addNetworkList(makeList("1.0.0", ["a"]), RT), (err) => {
      strictEqual(err instanceof CniError && err.code, 7);
      strictEqual((err as Error).message, 'plugin type="a" failed (add): bad; why');
      return true;
    });
  }, {
    rollbackOnAddFailure: false,
    resolveInProcess: () => Promise.resolve(plugin),
    invokeInProcess: () =>
      Promise.resolve({ stdout: '{"code":7,"msg":"bad","details":"why"}', stderr: "", exitCode: 1 }),
  });
});
