// ipMasq interop with Debian's reference ptp plugin (iptables): the chain and POSTROUTING rule the Go plugin makes
// are exactly the ones setupIpMasq() makes, our teardown removes the Go plugin's, and the Go DEL removes ours.
// Runs in the host namespace with a cnit- network name, a cnit- netns and a cnit- host-local data dir.
import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createNamedNetns, deleteNamedNetns } from "../netlink/mod.ts";
import { formatChainName, Iptables, setupIpMasq, teardownIpMasq } from "../netfilter/mod.ts";
import { hasReferencePlugin, runReferencePlugin } from "./netfilter_reference_plugin.ts";

const ignore = Deno.uid() !== 0 || !hasReferencePlugin("ptp") || !hasReferencePlugin("host-local");

async function masqState(network: string, containerId: string): Promise<string[][]> {
  const ipt = new Iptables(4);
  const chain = formatChainName(network, containerId);
  const jumps = (await ipt.listRules({ table: "nat", chain: "POSTROUTING" })).filter((r) => r.includes(chain));
  return [...jumps, ...await ipt.listRules({ table: "nat", chain })];
}

Deno.test({
  name: "ipMasq rules are interchangeable with the reference ptp plugin's",
  ignore,
  async fn() {
    const tag = crypto.randomUUID().slice(0, 6);
    const network = `cnit-ipm-${tag}`;
    const containerId = `cnit-c-${tag}`;
    const netns = createNamedNetns(`cnit-ipm-${tag}`);
    const dataDir = Deno.makeTempDirSync({ prefix: "cnit-ipam-" });
    const config = {
      cniVersion: "1.0.0",
      name: network,
      type: "ptp",
      ipMasq: true,
      ipam: { type: "host-local", subnet: "10.255.41.0/24", dataDir },
    };
    // The reference ptp turns on IPv4 forwarding; put it back afterwards.
    const forwarding = "/proc/sys/net/ipv4/ip_forward";
    const forwardingBefore = Deno.readTextFileSync(forwarding);
    const run = (command: string) => runReferencePlugin("ptp", { command, containerId, config, netns });
    let address = "";
    try {
      const added = await run("ADD");
      assertEquals(added.code, 0, added.stdout + added.stderr);
      address = JSON.parse(added.stdout).ips[0].address;
      const goState = await masqState(network, containerId);
      assertEquals(goState.length, 3);

      const attachment = { network, containerId, ifname: "eth0", ips: [address] };
      await teardownIpMasq(attachment);
      assertEquals(await masqState(network, containerId), []);
      await setupIpMasq({ ...attachment, backend: "iptables" });
      assertEquals(await masqState(network, containerId), goState);

      const deleted = await run("DEL");
      assertEquals(deleted.code, 0, deleted.stdout + deleted.stderr);
      assertEquals(await masqState(network, containerId), []);
    } finally {
      await run("DEL");
      if (address) await teardownIpMasq({ network, containerId, ifname: "eth0", ips: [address] });
      deleteNamedNetns(`cnit-ipm-${tag}`);
      Deno.removeSync(dataDir, { recursive: true });
      Deno.writeTextFileSync(forwarding, forwardingBefore);
    }
    assert(!(await new Iptables(4).exec(["-t", "nat", "-S"])).includes(network));
  },
});
