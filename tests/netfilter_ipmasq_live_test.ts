// Live ipMasq tests: real iptables/nft in the host namespace, names derived from a cnit- network, removed in finally.
import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { gcIpMasq, Iptables, Nft, setupIpMasq, teardownIpMasq } from "../netfilter/mod.ts";
import { formatChainName } from "../netfilter/chain_name.ts";
import { IPMASQ_CHAIN, IPMASQ_TABLE } from "../netfilter/ipmasq_nftables.ts";

const ignore = Deno.uid() !== 0;
const unique = () => `cnit-${crypto.randomUUID().slice(0, 8)}`;

async function saveAll(): Promise<string> {
  const ipt = new Iptables(4);
  const ip6t = new Iptables(6);
  return (await ipt.exec(["-t", "nat", "-S"])) + (await ip6t.exec(["-t", "nat", "-S"]));
}

Deno.test({
  name: "setupIpMasq() with iptables adds the reference chain and teardownIpMasq() removes it",
  ignore,
  async fn() {
    const network = unique();
    const a = { network, containerId: "c1", ifname: "eth0", ips: ["10.255.7.5/24", "fd00:cafe::5/64"] };
    const before = await saveAll();
    try {
      await setupIpMasq({ ...a, backend: "iptables" });
      await setupIpMasq({ ...a, backend: "iptables" }); // idempotent
      const chain = formatChainName(network, "c1");
      const ipt = new Iptables(4);
      const rules = await ipt.listRules({ table: "nat", chain });
      assertEquals(rules.length, 2);
      assert(
        await ipt.ruleExists({ table: "nat", chain: "POSTROUTING" }, [
          "-s",
          "10.255.7.5",
          "-j",
          chain,
          "-m",
          "comment",
          "--comment",
          `name: "${network}" id: "c1"`,
        ]),
      );
      assertEquals((await new Iptables(6).listRules({ table: "nat", chain })).length, 2);
      await teardownIpMasq(a);
      await teardownIpMasq(a); // already gone is success
      assertEquals(await saveAll(), before);
    } finally {
      await teardownIpMasq(a);
    }
  },
});

Deno.test({
  name: "setupIpMasq() with nftables tags rules per attachment; teardown and GC delete only their own",
  ignore,
  async fn() {
    const network = unique();
    const a = { network, containerId: "c1", ifname: "eth0", ips: ["10.255.7.5/24"] };
    const b = { network, containerId: "c2", ifname: "eth0", ips: ["10.255.7.6/24", "fd00:cafe::6/64"] };
    const nft = new Nft();
    const hadTable = (await nft.exec(["list", "tables"])).includes(`inet ${IPMASQ_TABLE}`);
    const mine = async () =>
      (await nft.listRules("inet", { table: IPMASQ_TABLE, chain: IPMASQ_CHAIN }))
        .filter((r) => r.comment?.includes(network));
    try {
      await setupIpMasq({ ...a, backend: "nftables" });
      await setupIpMasq({ ...a, backend: "nftables" }); // replaces, does not duplicate
      await setupIpMasq({ ...b, backend: "nftables" });
      assertEquals((await mine()).length, 3);
      await teardownIpMasq(a);
      assertEquals((await mine()).length, 2);
      await gcIpMasq(network, []);
      assertEquals((await mine()).length, 0);
    } finally {
      await teardownIpMasq(a);
      await teardownIpMasq(b);
      if (!hadTable) await nft.exec(["delete", "table", "inet", IPMASQ_TABLE]);
    }
  },
});
