import { deepStrictEqual as assertEquals, throws as assertThrows } from "node:assert/strict";
import { CniError } from "./errors.ts";
import {
  decodePluginOutcome,
  decodeVersionInfo,
  type ExecRequest,
  findInPath,
  getVersionInfo,
  pluginEnv,
  type PluginExecutor,
} from "./invoke.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function outcome(stdout: string, stderr: string, exitCode: number) {
  return { stdout: enc.encode(stdout), stderr: enc.encode(stderr), exitCode };
}

function cniError(fn: () => unknown): CniError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CniError) return err;
    throw err;
  }
  throw new Error("expected a CniError");
}

Deno.test("findInPath() returns the first regular file and skips directories of the same name", () => {
  const a = Deno.makeTempDirSync({ prefix: "cnit-find-" });
  const b = Deno.makeTempDirSync({ prefix: "cnit-find-" });
  const c = Deno.makeTempDirSync({ prefix: "cnit-find-" });
  try {
    Deno.mkdirSync(`${a}/plug`);
    Deno.writeTextFileSync(`${b}/plug`, "");
    Deno.writeTextFileSync(`${c}/plug`, "");
    assertEquals(findInPath("plug", [`${a}/missing`, a, b, c]), `${b}/plug`);
  } finally {
    for (const d of [a, b, c]) Deno.removeSync(d, { recursive: true });
  }
});

Deno.test("findInPath() rejects empty names, names with a slash, and reports the searched path", () => {
  assertEquals(cniError(() => findInPath("", ["/x"])).message, "no plugin name provided");
  assertEquals(cniError(() => findInPath("a/b", ["/x"])).message, "invalid plugin name: a/b");
  assertEquals(
    cniError(() => findInPath("cnit-nope", ["/cnit-a", "/cnit-b"])).message,
    'failed to find plugin "cnit-nope" in path [/cnit-a /cnit-b]',
  );
});

Deno.test("pluginEnv() puts CNI_* after the base environment, later wins, empty values kept", () => {
  const env = pluginEnv({
    command: "ADD",
    containerId: "c1",
    args: [["IgnoreUnknown", "1"], ["IP", "10.0.0.5"]],
    path: ["/opt/cni/bin", "/usr/lib/cni"],
    env: { HOME: "/root", CNI_COMMAND: "DEL", CNI_NETNS: "/old" },
  });
  assertEquals(env, {
    HOME: "/root",
    CNI_COMMAND: "ADD",
    CNI_CONTAINERID: "c1",
    CNI_NETNS: "",
    CNI_ARGS: "IgnoreUnknown=1;IP=10.0.0.5",
    CNI_IFNAME: "",
    CNI_PATH: "/opt/cni/bin:/usr/lib/cni",
  });
});

Deno.test("decodePluginOutcome() returns stdout on success and forwards stderr", () => {
  const forwarded: string[] = [];
  const out = decodePluginOutcome(outcome('{"cniVersion":"1.0.0"}', "log line\n", 0), {
    onStderr: (b) => forwarded.push(dec.decode(b)),
  });
  assertEquals(dec.decode(out), '{"cniVersion":"1.0.0"}');
  assertEquals(forwarded, ["log line\n"]);
});

Deno.test("decodePluginOutcome() turns the plugin's error JSON into a CniError with its code, msg and details", () => {
  const err = cniError(() =>
    decodePluginOutcome(outcome('{"code": 7, "msg": "bad config", "details": "no subnet"}', "", 1))
  );
  assertEquals([err.code, err.message, err.details], [7, "bad config", "no subnet"]);
  const folded = cniError(() => decodePluginOutcome(outcome('{"Code": 11, "MSG": "busy"}', "", 1)));
  assertEquals([folded.code, folded.message], [11, "busy"]);
});

Deno.test("decodePluginOutcome() quotes stderr when stdout is empty, and stdout when it is not JSON", () => {
  assertEquals(
    cniError(() => decodePluginOutcome(outcome("", 'oops "x"\n', 2))).message,
    'netplugin failed: "oops \\"x\\"\\n": exit status 2',
  );
  assertEquals(
    cniError(() => decodePluginOutcome(outcome("", "", 3))).message,
    "netplugin failed with no error message: exit status 3",
  );
  const garbage = cniError(() => decodePluginOutcome(outcome("not json\t", "", 1))).message;
  assertEquals(garbage.startsWith('netplugin failed but error parsing its diagnostic message "not json\\t": '), true);
  const wrongType = cniError(() => decodePluginOutcome(outcome('{"code":"7"}', "", 1))).message;
  assertEquals(wrongType.startsWith('netplugin failed but error parsing its diagnostic message "{\\"code\\"'), true);
});

Deno.test("decodePluginOutcome() treats death by signal as failure", () => {
  const err = cniError(() => decodePluginOutcome({ ...outcome("", "", 137), signal: "SIGKILL" }));
  assertEquals(err.message, "netplugin failed with no error message: signal: killed");
});

Deno.test("decodeVersionInfo() follows Go's PluginDecoder", () => {
  assertEquals(decodeVersionInfo(enc.encode('{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0"]}')), {
    cniVersion: "1.0.0",
    supportedVersions: ["0.4.0", "1.0.0"],
  });
  assertEquals(decodeVersionInfo(enc.encode('{"cniVersion":"0.2.0"}')).supportedVersions, ["0.1.0", "0.2.0"]);
  assertThrows(() => decodeVersionInfo(enc.encode('{"cniVersion":"0.3.0"}')), /missing field supportedVersions/);
  assertThrows(() => decodeVersionInfo(enc.encode("{}")), /missing field cniVersion/);
  assertThrows(() => decodeVersionInfo(enc.encode("{")), /^CniError: decoding version info: /);
});

Deno.test("getVersionInfo() sends libcni's probe and maps an unknown VERSION command to 0.1.0", async () => {
  const seen: ExecRequest[] = [];
  const answering: PluginExecutor = {
    findInPath: (t) => t,
    execPlugin: (_p, request) => {
      seen.push(request);
      return Promise.resolve(enc.encode('{"cniVersion":"1.1.0","supportedVersions":["1.1.0"]}'));
    },
  };
  assertEquals((await getVersionInfo("/x", { executor: answering })).supportedVersions, ["1.1.0"]);
  const request = seen[0];
  assertEquals(dec.decode(request?.stdin), '{"cniVersion":"1.1.0"}');
  assertEquals(pluginEnv(request ?? { command: "", path: [] }), {
    CNI_COMMAND: "VERSION",
    CNI_CONTAINERID: "",
    CNI_NETNS: "dummy",
    CNI_ARGS: "",
    CNI_IFNAME: "dummy",
    CNI_PATH: "dummy",
  });

  const ancient: PluginExecutor = {
    findInPath: (t) => t,
    execPlugin: () => Promise.reject(new CniError(4, "unknown CNI_COMMAND: VERSION")),
  };
  assertEquals((await getVersionInfo("/x", { executor: ancient })).supportedVersions, ["0.1.0"]);
});
