/**
 * Interop with the reference plugins, all inside throwaway namespaces (the "host" is a test namespace, where
 * Debian's binaries are started): Debian's bridge + host-local make the attachment, then our bandwidth shapes it;
 * Debian's bandwidth shapes it with the same IFB name and tbf parameters, which our CHECK accepts and our DEL removes.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { Rtnl } from "../netlink/mod.ts";
import { qdiscList } from "../netlink/tc/mod.ts";
import { createBandwidth } from "../plugins/bandwidth/mod.ts";
import { ifbName } from "../plugins/bandwidth/ifb_name.ts";
import { createTestNetns } from "./fixtures/netns.ts";
import { runInNetns } from "./fixtures/plugin_in_netns.ts";

const REFERENCE = "/usr/lib/cni";
const hasReference = ["bridge", "host-local", "bandwidth"].every((name) => {
  try {
    return Deno.statSync(join(REFERENCE, name)).isFile;
  } catch {
    return false;
  }
});

const NETWORK = "cnit-bwi-net";
const CONTAINER = "cnit-bwi-ctr";
const LIMITS = { ingressRate: 8_000_000, ingressBurst: 80_000, egressRate: 4_000_000, egressBurst: 40_000 };

function env(command: string, netns: string): Record<string, string> {
  return {
    CNI_COMMAND: command,
    CNI_CONTAINERID: CONTAINER,
    CNI_NETNS: netns,
    CNI_IFNAME: "eth0",
    CNI_PATH: REFERENCE,
  };
}

Deno.test({
  name: "interop: our bandwidth after Debian's bridge, and Debian's bandwidth checked and removed by ours",
  ignore: Deno.uid() !== 0 || !hasReference,
  async fn() {
    using host = createTestNetns("cnit-bwih");
    using container = createTestNetns("cnit-bwic");
    const dataDir = await Deno.makeTempDir({ prefix: "cnit-bwi-" });
    try {
      const bridgeConfig = {
        cniVersion: "0.4.0",
        name: NETWORK,
        type: "bridge",
        bridge: "cnitbwi0",
        isGateway: true,
        ipam: { type: "host-local", subnet: "10.9.7.0/24", dataDir },
      };
      const bridged = await runInNetns(host.path, "bridge", {
        executable: join(REFERENCE, "bridge"),
        env: env("ADD", container.path),
        config: bridgeConfig,
      });
      strictEqual(bridged.code, 0, bridged.stdout + bridged.stderr);
      const prevResult = bridged.json;
      const config = { cniVersion: "0.4.0", name: NETWORK, type: "bandwidth", ...LIMITS, prevResult };
      const ours = createBandwidth({ hostNetns: host.path });
      const call = (command: string, extra: Record<string, unknown> = {}) =>
        invokePlugin(ours, {
          env: env(command, container.path),
          stdin: new TextEncoder().encode(JSON.stringify({ ...config, ...extra })),
        });

      const added = await call("ADD");
      strictEqual(added.exitCode, 0, added.stdout);
      using h = Rtnl.open({ netns: host.path });
      const hostVeth = (prevResult?.interfaces as Array<{ name: string; sandbox?: string }>).find((i) =>
        !i.sandbox && i.name !== "cnitbwi0"
      )!;
      const vethIndex = h.linkGet(hostVeth.name).index;
      const ourTbf = qdiscList(h.conn, vethIndex).find((q) => q.kind === "tbf")?.tbf;
      ok(ourTbf, "our tbf is on the bridge's host veth");
      strictEqual((await call("DEL")).exitCode, 0);
      strictEqual(h.linkFind(ifbName(NETWORK, CONTAINER)), undefined);

      const reference = await runInNetns(host.path, "bandwidth", {
        executable: join(REFERENCE, "bandwidth"),
        env: env("ADD", container.path),
        config,
      });
      strictEqual(reference.code, 0, reference.stdout + reference.stderr);
      const ifb = h.linkGet(ifbName(NETWORK, CONTAINER));
      deepStrictEqual(
        (reference.json?.interfaces as Array<{ name: string }>).at(-1)?.name,
        ifb.name,
        "the reference names the IFB as we do",
      );
      const theirTbf = qdiscList(h.conn, vethIndex).find((q) => q.kind === "tbf")?.tbf;
      deepStrictEqual(
        { rate: theirTbf?.rate, buffer: theirTbf?.buffer, limit: theirTbf?.limit },
        { rate: ourTbf.rate, buffer: ourTbf.buffer, limit: ourTbf.limit },
      );
      const checked = await call("CHECK", { prevResult: reference.json });
      strictEqual(checked.exitCode, 0, checked.stdout);
      strictEqual((await call("DEL", { prevResult: reference.json })).exitCode, 0);
      strictEqual(h.linkFind(ifb.name), undefined);

      const unbridged = await runInNetns(host.path, "bridge", {
        executable: join(REFERENCE, "bridge"),
        env: env("DEL", container.path),
        config: bridgeConfig,
      });
      strictEqual(unbridged.code, 0, unbridged.stdout + unbridged.stderr);
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
