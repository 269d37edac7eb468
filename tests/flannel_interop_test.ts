/**
 * Interop: flannel's generated delegate config is accepted by Debian's bridge + host-local. The delegate is found by
 * exec as a wrapper that starts Debian's bridge inside a test "host" namespace (nsenter), so the real host is never
 * touched; the container gets an address from the lease's subnet, the lease's MTU and a route to the flannel network.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin } from "../cni/skel.ts";
import { Rtnl } from "../netlink/mod.ts";
import { flannel } from "../plugins/flannel/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const REFERENCE = "/usr/lib/cni";
const hasTools = ["/usr/bin/nsenter", join(REFERENCE, "bridge"), join(REFERENCE, "host-local")].every((path) => {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
});

Deno.test({
  name: "interop: flannel delegates to Debian's bridge and host-local with the lease's subnet, MTU and routes",
  ignore: Deno.uid() !== 0 || !hasTools,
  async fn() {
    using host = createTestNetns("cnit-flih");
    using container = createTestNetns("cnit-flic");
    const work = await Deno.makeTempDir({ prefix: "cnit-fli-" });
    try {
      const binDir = join(work, "bin");
      await Deno.mkdir(binDir);
      await Deno.writeTextFile(
        join(binDir, "cnit-refbridge"),
        `#!/bin/sh\nexec /usr/bin/nsenter --net=${host.path} ${REFERENCE}/bridge\n`,
        { mode: 0o755 },
      );
      await Deno.writeTextFile(join(binDir, "host-local"), `#!/bin/sh\nexec ${REFERENCE}/host-local\n`, {
        mode: 0o755,
      });
      const subnetFile = join(work, "subnet.env");
      await Deno.writeTextFile(
        subnetFile,
        "FLANNEL_NETWORK=10.77.0.0/16\nFLANNEL_SUBNET=10.77.5.1/24\nFLANNEL_MTU=1410\nFLANNEL_IPMASQ=true\n",
      );
      const config = {
        cniVersion: "0.4.0",
        name: "cnit-fli-net",
        type: "flannel",
        subnetFile,
        dataDir: join(work, "flannel"),
        delegate: { type: "cnit-refbridge", bridge: "cnitfli0", isGateway: true },
        ipam: { dataDir: join(work, "ipam") },
      };
      const call = (command: string) =>
        invokePlugin(flannel, {
          env: {
            CNI_COMMAND: command,
            CNI_CONTAINERID: "cnit-fli-ctr",
            CNI_NETNS: container.path,
            CNI_IFNAME: "eth0",
            CNI_PATH: binDir,
          },
          stdin: new TextEncoder().encode(JSON.stringify(config)),
        });

      const added = await call("ADD");
      strictEqual(added.exitCode, 0, added.stdout);
      const result = JSON.parse(added.stdout);
      strictEqual(result.ips[0].address, "10.77.5.2/24");
      strictEqual(result.ips[0].gateway, "10.77.5.1");
      using rtnl = Rtnl.open({ netns: container.path });
      const eth0 = rtnl.linkGet("eth0");
      strictEqual(eth0.mtu, 1410);
      deepStrictEqual(rtnl.addrList({ index: eth0.index, family: 4 }).map((a) => a.prefix), ["10.77.5.2/24"]);
      ok(
        rtnl.routeList({ family: 4 }).some((r) =>
          r.dst?.toString() === "10.77.0.0/16" && r.gateway?.toString() === "10.77.5.1"
        ),
        "a route to the flannel network through the bridge",
      );
      ok(await Deno.stat(join(work, "flannel", "cnit-fli-ctr")).then(() => true, () => false));

      const deleted = await call("DEL");
      strictEqual(deleted.exitCode, 0, deleted.stdout);
      strictEqual(rtnl.linkFind("eth0"), undefined);
      ok(!(await Deno.stat(join(work, "flannel", "cnit-fli-ctr")).then(() => true, () => false)));
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});
