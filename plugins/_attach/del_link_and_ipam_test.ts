import assert from "node:assert/strict";
import { CniError, ERR_INVALID_NETCONF, type PluginContext } from "../../cni/mod.ts";
import type { WithIpam } from "../../ipam/delegate.ts";
import { delContainerLink } from "./del_container_link.ts";
import { delLinkAndIpam } from "./del_link_and_ipam.ts";
import { forwardGcToIpam, forwardStatusToIpam } from "./forward_to_ipam.ts";
import { gcWithIpMasq } from "./gc_with_ip_masq.ts";

function context(config: WithIpam, command: PluginContext<WithIpam>["command"]): PluginContext<WithIpam> {
  const stdin = new TextEncoder().encode(JSON.stringify({ cniVersion: "1.1.0", name: "cnit", type: "x", ...config }));
  return {
    command,
    config,
    cniVersion: "1.1.0",
    network: "cnit",
    containerId: command === "DEL" ? "cnit-attach" : "",
    netns: "",
    ifname: command === "DEL" ? "eth0" : "",
    args: [],
    path: ["/nonexistent"],
    prevResult: undefined,
    validAttachments: [],
    stdin,
    env: {},
  };
}

Deno.test("delLinkAndIpam() without ipam and without a netns has nothing to do", async () => {
  await delLinkAndIpam(context({}, "DEL"));
});

Deno.test("delLinkAndIpam() with isIpamRequired runs IPAM DEL even without ipam.type, failing with code 7", async () => {
  await assert.rejects(delLinkAndIpam(context({}, "DEL"), { isIpamRequired: true }), (err: CniError) => {
    assert.ok(err instanceof CniError);
    assert.equal(err.code, ERR_INVALID_NETCONF);
    return true;
  });
});

Deno.test("delLinkAndIpam() releases through the configured IPAM plugin and reports its failure", async () => {
  const ctx = context({ ipam: { type: "cnit-no-such-ipam" } }, "DEL");
  await assert.rejects(delLinkAndIpam(ctx), /cnit-no-such-ipam/);
});

Deno.test("forwardGcToIpam() and forwardStatusToIpam() are no-ops without ipam.type", async () => {
  await forwardGcToIpam(context({}, "GC"));
  await forwardStatusToIpam(context({}, "STATUS"));
});

Deno.test("forwardGcToIpam() and forwardStatusToIpam() reach the configured IPAM plugin", async () => {
  const ipam = { ipam: { type: "cnit-no-such-ipam" } };
  await assert.rejects(forwardGcToIpam(context(ipam, "GC")), /cnit-no-such-ipam/);
  await assert.rejects(forwardStatusToIpam(context(ipam, "STATUS")), /cnit-no-such-ipam/);
});

Deno.test("delContainerLink() with an empty CNI_NETNS has nothing to delete", async () => {
  assert.equal(await delContainerLink(context({}, "DEL")), undefined);
});

Deno.test("gcWithIpMasq() without ipMasq runs only the IPAM GC, on the same context", async () => {
  const seen: unknown[] = [];
  const ctx = context({}, "GC");
  await gcWithIpMasq(ctx, { ipamGc: (c) => Promise.resolve(void seen.push(c)), ipMasq: false, type: "ptp" });
  assert.deepEqual(seen, [ctx]);
});

Deno.test("gcWithIpMasq() throws the IPAM GC's one failure itself, not wrapped", async () => {
  const failure = new Error("cnit IPAM GC failed");
  await assert.rejects(
    gcWithIpMasq(context({}, "GC"), { ipamGc: () => Promise.reject(failure), ipMasq: false, type: "bridge" }),
    (err: unknown) => err === failure,
  );
});
