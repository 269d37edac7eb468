import assert from "node:assert/strict";
import type { PluginContext } from "../../cni/mod.ts";
import { delContainerLink } from "./del_container_link.ts";
import { gcWithIpMasq } from "./gc_with_ip_masq.ts";

function context(command: PluginContext<unknown>["command"]): PluginContext<unknown> {
  return {
    command,
    config: {},
    cniVersion: "1.1.0",
    network: "cnit-attach",
    containerId: command === "DEL" ? "cnit-attach" : "",
    netns: "",
    ifname: command === "DEL" ? "eth0" : "",
    args: [],
    path: ["/nonexistent"],
    prevResult: undefined,
    validAttachments: [{ containerID: "cnit-attach", ifname: "eth0" }],
    stdin: new Uint8Array(),
    env: {},
  };
}

Deno.test("gcWithIpMasq() without ipMasq runs only the IPAM GC, on the same context", async () => {
  const seen: unknown[] = [];
  const ctx = context("GC");
  await gcWithIpMasq(ctx, { ipamGc: (c) => Promise.resolve(void seen.push(c)), ipMasq: false, type: "ptp" });
  assert.deepEqual(seen, [ctx]);
});

Deno.test("gcWithIpMasq() throws the IPAM GC's one failure itself, not wrapped", async () => {
  const failure = new Error("cnit IPAM GC failed");
  await assert.rejects(
    gcWithIpMasq(context("GC"), { ipamGc: () => Promise.reject(failure), ipMasq: false, type: "bridge" }),
    (err: unknown) => err === failure,
  );
});

Deno.test("delContainerLink() with an empty CNI_NETNS has nothing to delete", async () => {
  assert.equal(await delContainerLink(context("DEL")), undefined);
});
