import assert from "node:assert/strict";
import type { PluginContext } from "../../cni/mod.ts";
import type { WithIpam } from "../../ipam/delegate.ts";
import { addIpam } from "./add_ipam.ts";
import { deferBestEffort } from "./defer_best_effort.ts";

function context(ipam: Record<string, unknown>): PluginContext<WithIpam> {
  const config = { cniVersion: "1.1.0", name: "cnit-attach", type: "macvlan", ipam };
  return {
    command: "ADD",
    config: config as WithIpam,
    cniVersion: "1.1.0",
    network: "cnit-attach",
    containerId: "cnit-attach",
    netns: "/var/run/netns/cnit-attach-unused", // static IPAM never opens it
    ifname: "eth0",
    args: [],
    path: ["/nonexistent"],
    prevResult: undefined,
    validAttachments: [],
    stdin: new TextEncoder().encode(JSON.stringify(config)),
    env: {},
  };
}

Deno.test("addIpam() returns the IPAM's addresses and routes", async () => {
  await using undo = new AsyncDisposableStack();
  const ipam = await addIpam(
    context({ type: "static", addresses: [{ address: "10.1.0.5/24" }], routes: [{ dst: "10.2.0.0/16" }] }),
    undo,
  );
  assert.deepEqual(ipam.ips.map((ip) => ip.address), ["10.1.0.5/24"]);
  assert.deepEqual(ipam.routes, [{ dst: "10.2.0.0/16" }]);
  undo.move();
});

Deno.test("addIpam() refuses an IPAM result without addresses", async () => {
  await using undo = new AsyncDisposableStack();
  await assert.rejects(addIpam(context({ type: "static", addresses: [] }), undo), (err: Error) => {
    assert.equal(err.message, "IPAM plugin returned missing IP config");
    return true;
  });
});

Deno.test("addIpam() passes the IPAM's own error through", async () => {
  await using undo = new AsyncDisposableStack();
  await assert.rejects(addIpam(context({ type: "cnit-no-such-ipam" }), undo), /cnit-no-such-ipam/);
});

Deno.test("deferBestEffort() runs undos in reverse and swallows their errors", async () => {
  const ran: string[] = [];
  {
    await using undo = new AsyncDisposableStack();
    deferBestEffort(undo, () => ran.push("first"));
    deferBestEffort(undo, () => {
      ran.push("second");
      throw new Error("already gone");
    });
    deferBestEffort(undo, () => Promise.reject(new Error("async failure")).finally(() => ran.push("third")));
  }
  assert.deepEqual(ran, ["third", "second", "first"]);
});
