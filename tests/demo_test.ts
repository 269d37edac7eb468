/**
 * `deno task demo` end to end (root only): the demo runs as a subprocess, must exit 0 with its summary line, and must
 * leave no bridge, namespace, temp dir, host-local allocation or host nat rule (portmap's shared chains) behind.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { Rtnl } from "../netlink/mod.ts";
import { ROOT } from "./fixtures/launcher.ts";
import { hostTables } from "./fixtures/host_shared_chains.ts";
import { leftoverTestNetns } from "./fixtures/netns.ts";

const isRoot = Deno.uid() === 0;

function demoTempDirs(): string[] {
  const tmp = Deno.env.get("TMPDIR") || "/tmp";
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) => n.startsWith("cnit-demo-")).sort();
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

Deno.test({
  name: "demo.ts runs the chain through cnitool, reaches the gateway and leaves nothing behind",
  ignore: !isRoot,
  async fn() {
    const tempBefore = demoTempDirs();
    const tablesBefore = await hostTables();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "demo.ts")],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    const stderr = new TextDecoder().decode(out.stderr);
    strictEqual(out.code, 0, `${stdout}\n${stderr}`);
    match(stdout, /^demo ok: bridge→.*reached 10\.250\.77\.1 over TCP, checked, deleted; nothing left behind$/m);
    match(stdout, /^NAME\s+INDEX\s+STATE\s+MTU\s+MAC\s+ADDRESSES$/m);
    match(stdout, /^eth0\s+\d+\s+up\s+.*10\.250\.77\.\d+\/24/m);
    match(stdout, /^DEST\s+GATEWAY\s+DEV\s+SRC\s+SCOPE\s+TABLE$/m);
    match(stdout, /^default\s+10\.250\.77\.1\s+eth0\s/m);
    match(stdout, /"gateway": "10\.250\.77\.1"/);
    const netdir = /\(([^)]*)\/net\.d\/10-demo\.conflist\)/.exec(stdout)?.[1];
    ok(netdir !== undefined, "the demo names its temp dir");

    using rtnl = Rtnl.open();
    strictEqual(rtnl.linkFind("cnidemo0"), undefined, "the bridge is gone");
    deepStrictEqual(leftoverTestNetns("cnit-demo"), []);
    strictEqual(exists(netdir), false, "the temp dir with the host-local data is gone");
    deepStrictEqual(demoTempDirs(), tempBefore);
    strictEqual(exists("/var/lib/cni/networks/cnit-demo"), false, "host-local used the demo's dataDir");
    strictEqual(await hostTables(), tablesBefore, "the host's nat and filter tables are as they were");
  },
});
