/**
 * flannel end to end with a fake delegate found by exec in a temporary CNI_PATH, so nothing depends on the bridge
 * plugin: ADD saves the generated config and returns the delegate's result, DEL hands the same bytes back and forgets
 * them, and a second DEL (saved state gone) succeeds without calling the delegate.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { SPEC_VERSIONS } from "../cni/version.ts";
import { flannel } from "../plugins/flannel/mod.ts";

const FAKE_DELEGATE = `#!/bin/sh
dir=$(dirname "$0")
cat > "$dir/$CNI_COMMAND.stdin"
echo "$CNI_CONTAINERID $CNI_IFNAME $CNI_NETNS $CNI_ARGS" > "$dir/$CNI_COMMAND.env"
if [ -e "$dir/fail-$CNI_COMMAND" ]; then
  printf '{"code":11,"msg":"fake delegate refuses %s"}' "$CNI_COMMAND"
  exit 1
fi
if [ "$CNI_COMMAND" = ADD ]; then
  printf '{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","mac":"0a:58:0a:01:11:02","sandbox":"%s"}],' "$CNI_NETNS"
  printf '"ips":[{"address":"10.1.17.2/24","gateway":"10.1.17.1","interface":0}],"routes":[{"dst":"10.1.0.0/16"}]}'
fi
`;

interface Sandbox extends AsyncDisposable {
  dir: string;
  binDir: string;
  dataDir: string;
  subnetFile: string;
}

async function sandbox(): Promise<Sandbox> {
  const dir = await Deno.makeTempDir({ prefix: "cnit-flannel-" });
  const binDir = join(dir, "bin");
  await Deno.mkdir(binDir);
  await Deno.writeTextFile(join(binDir, "cnit-fake"), FAKE_DELEGATE, { mode: 0o755 });
  const subnetFile = join(dir, "subnet.env");
  await Deno.writeTextFile(
    subnetFile,
    "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.17.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n",
  );
  return {
    dir,
    binDir,
    dataDir: join(dir, "data"),
    subnetFile,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

function run(box: Sandbox, options: { command: string; cniVersion: string }) {
  const config = {
    cniVersion: options.cniVersion,
    name: "cnit-flannel-net",
    type: "flannel",
    subnetFile: box.subnetFile,
    dataDir: box.dataDir,
    delegate: { type: "cnit-fake", hairpinMode: true },
  };
  return invokePlugin(flannel, {
    env: {
      CNI_COMMAND: options.command,
      CNI_CONTAINERID: "cnit-container-1",
      CNI_NETNS: "/var/run/netns/cnit-flannel-none",
      CNI_IFNAME: "eth0",
      CNI_ARGS: "IgnoreUnknown=1;K8S_POD_NAME=web",
      CNI_PATH: box.binDir,
    },
    stdin: new TextEncoder().encode(JSON.stringify(config)),
  });
}

const exists = (path: string) => Deno.stat(path).then(() => true, () => false);

for (const cniVersion of SPEC_VERSIONS) {
  Deno.test(`flannel ADD then DEL delegates by exec with the saved config (cniVersion ${cniVersion})`, async () => {
    await using box = await sandbox();
    const added = await run(box, { command: "ADD", cniVersion });
    strictEqual(added.exitCode, 0, added.stdout);
    const result = JSON.parse(added.stdout);
    strictEqual(result.cniVersion, cniVersion);
    ok(added.stdout.includes("10.1.17.2"));

    const saved = await Deno.readTextFile(join(box.dataDir, "cnit-container-1"));
    strictEqual(await Deno.readTextFile(join(box.binDir, "ADD.stdin")), saved);
    deepStrictEqual(JSON.parse(saved), {
      cniVersion,
      hairpinMode: true,
      ipMasq: false,
      ipam: { ranges: [[{ subnet: "10.1.17.0/24" }]], routes: [{ dst: "10.1.0.0/16" }], type: "host-local" },
      mtu: 1450,
      name: "cnit-flannel-net",
      type: "cnit-fake",
    });
    strictEqual(
      await Deno.readTextFile(join(box.binDir, "ADD.env")),
      "cnit-container-1 eth0 /var/run/netns/cnit-flannel-none IgnoreUnknown=1;K8S_POD_NAME=web\n",
    );

    // Changing the lease after ADD must not change what DEL hands back.
    await Deno.writeTextFile(box.subnetFile, "FLANNEL_NETWORK=10.9.0.0/16\n");
    const deleted = await run(box, { command: "DEL", cniVersion });
    strictEqual(deleted.exitCode, 0, deleted.stdout);
    strictEqual(await Deno.readTextFile(join(box.binDir, "DEL.stdin")), saved);
    strictEqual(await exists(join(box.dataDir, "cnit-container-1")), false);

    await Deno.remove(join(box.binDir, "DEL.stdin"));
    const again = await run(box, { command: "DEL", cniVersion });
    strictEqual(again.exitCode, 0, again.stdout);
    strictEqual(await exists(join(box.binDir, "DEL.stdin")), false);
  });
}

Deno.test("flannel DEL keeps the saved config when the delegate fails, and reports the delegate's error", async () => {
  await using box = await sandbox();
  strictEqual((await run(box, { command: "ADD", cniVersion: "1.0.0" })).exitCode, 0);
  await Deno.writeTextFile(join(box.binDir, "fail-DEL"), "");
  const failed = await run(box, { command: "DEL", cniVersion: "1.0.0" });
  strictEqual(failed.exitCode, 1);
  const error = JSON.parse(failed.stdout);
  strictEqual(error.code, 11);
  strictEqual(error.msg, "fake delegate refuses DEL");
  ok(await exists(join(box.dataDir, "cnit-container-1")));
});

Deno.test("flannel ADD names the missing subnet.env keys and does not call the delegate", async () => {
  await using box = await sandbox();
  await Deno.writeTextFile(box.subnetFile, "FLANNEL_SUBNET=10.1.17.1/24\n");
  const failed = await run(box, { command: "ADD", cniVersion: "1.0.0" });
  strictEqual(failed.exitCode, 1);
  ok(JSON.parse(failed.stdout).msg.includes("is missing FLANNEL_NETWORK, FLANNEL_IPV6_NETWORK, FLANNEL_MTU"));
  strictEqual(await exists(join(box.binDir, "ADD.stdin")), false);
});

Deno.test("flannel ADD fails with the exec error when the delegate is not in CNI_PATH", async () => {
  await using box = await sandbox();
  await Deno.remove(join(box.binDir, "cnit-fake"));
  const failed = await run(box, { command: "ADD", cniVersion: "1.0.0" });
  strictEqual(failed.exitCode, 1);
  ok(JSON.parse(failed.stdout).msg.includes('failed to find plugin "cnit-fake"'));
});

function runAs(box: Sandbox, command: string, containerId = "") {
  const config = {
    cniVersion: "1.1.0",
    name: "cnit-flannel-net",
    type: "flannel",
    subnetFile: box.subnetFile,
    dataDir: box.dataDir,
    delegate: { type: "cnit-fake" },
  };
  return invokePlugin(flannel, {
    env: {
      CNI_COMMAND: command,
      CNI_CONTAINERID: containerId,
      CNI_NETNS: containerId ? "/var/run/netns/cnit-flannel-none" : "",
      CNI_IFNAME: containerId ? "eth0" : "",
      CNI_PATH: box.binDir,
    },
    stdin: new TextEncoder().encode(JSON.stringify({
      ...config,
      ...(command === "GC" && { "cni.dev/valid-attachments": [{ containerID: "cnit-keep", ifname: "eth0" }] }),
    })),
  });
}

Deno.test("flannel GC forwards the valid attachments to the delegate and forgets other containers' configs", async () => {
  await using box = await sandbox();
  for (const id of ["cnit-keep", "cnit-stale"]) strictEqual((await runAs(box, "ADD", id)).exitCode, 0);
  const collected = await runAs(box, "GC");
  strictEqual(collected.exitCode, 0, collected.stdout);
  const sent = JSON.parse(await Deno.readTextFile(join(box.binDir, "GC.stdin")));
  deepStrictEqual(sent["cni.dev/valid-attachments"], [{ containerID: "cnit-keep", ifname: "eth0" }]);
  strictEqual(sent.type, "cnit-fake");
  ok(await exists(join(box.dataDir, "cnit-keep")));
  strictEqual(await exists(join(box.dataDir, "cnit-stale")), false);
});

Deno.test("flannel STATUS is code 50 until subnet.env is readable, then asks the delegate", async () => {
  await using box = await sandbox();
  const ready = await runAs(box, "STATUS");
  strictEqual(ready.exitCode, 0, ready.stdout);
  ok(await exists(join(box.binDir, "STATUS.stdin")));
  await Deno.remove(box.subnetFile);
  const notReady = await runAs(box, "STATUS");
  strictEqual(notReady.exitCode, 1);
  strictEqual(JSON.parse(notReady.stdout).code, 50);
});
