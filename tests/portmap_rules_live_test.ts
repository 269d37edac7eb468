// Live portmap rule tests in the host namespace (no traffic): ADD/CHECK/DEL through the plugin object with both
// backends; DEL must leave the ruleset exactly as it was. Names come from a cnit- network and container ID; shared
// chains/tables this test created are removed in finally.
import assert, { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import type { PluginContext } from "../cni/plugin.ts";
import type { Result } from "../cni/result.ts";
import { Iptables, Nft } from "../netfilter/mod.ts";
import { PortmapConfig } from "../plugins/portmap/config.ts";
import { portmap } from "../plugins/portmap/mod.ts";
import { routableHostInterface } from "../plugins/portmap/routable_host_interface.ts";
import { IP } from "../addr/mod.ts";
import { hasReferencePlugin, runReferencePlugin } from "./netfilter_reference_plugin.ts";

const ignore = Deno.uid() !== 0;

function context(
  config: Record<string, unknown>,
  containerId: string,
  prevResult: Result,
): PluginContext<PortmapConfig> {
  const parsed = PortmapConfig.parse({ cniVersion: "1.1.0", type: "portmap", ...config });
  return {
    command: "ADD",
    config: parsed,
    cniVersion: "1.1.0",
    network: parsed.name,
    containerId,
    netns: "/run/netns/cnit-none",
    ifname: "eth0",
    args: [],
    path: [],
    prevResult,
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
}

function prev(v4: string, v6?: string): Result {
  const ips = [{ address: v4, interface: 1 }];
  if (v6 !== undefined) ips.push({ address: v6, interface: 1 });
  return {
    cniVersion: "1.1.0",
    interfaces: [{ name: "cnit-br" }, { name: "eth0", sandbox: "/run/netns/cnit-none" }],
    ips,
  };
}

const mappings = [
  { hostPort: 18080, containerPort: 80, protocol: "tcp" },
  { hostPort: 18053, containerPort: 53, protocol: "udp", hostIP: "10.255.9.1" },
];

async function snapshot(): Promise<string> {
  const v4 = await new Iptables(4).exec(["-t", "nat", "-S"]);
  const v6 = await new Iptables(6).exec(["-t", "nat", "-S"]);
  // iptables-nft creates empty built-in base chains lazily; they carry no rule, so they are left out.
  const nft = (await new Nft().exec(["-s", "list", "ruleset"])).replace(
    /\n?\tchain \w+ \{\n\t\ttype [^\n]*\n\t\}\n/g,
    "\n",
  );
  return [v4, v6, nft].join("\n---\n");
}

/** Removes the shared portmap structures if this test created them. */
async function removeSharedState(before: string): Promise<void> {
  for (const family of [4, 6] as const) {
    const ipt = new Iptables(family);
    for (const entry of ["PREROUTING", "OUTPUT", "POSTROUTING"]) {
      for (const rule of await ipt.listRules({ table: "nat", chain: entry })) {
        const target = rule.at(-1) ?? "";
        if (target.startsWith("CNI-HOSTPORT-") && !before.includes(`-N ${target}`)) {
          await ipt.deleteRule({ table: "nat", chain: entry }, rule);
        }
      }
    }
    for (const chain of ["CNI-HOSTPORT-DNAT", "CNI-HOSTPORT-SETMARK", "CNI-HOSTPORT-MASQ"]) {
      if (before.includes(`-N ${chain}`)) continue;
      await ipt.clearChain({ table: "nat", chain });
      await ipt.deleteChain({ table: "nat", chain });
    }
  }
  const nft = new Nft();
  for (const family of ["ip", "ip6"]) {
    if (
      !before.includes(`table ${family} cni_hostport`) && (await snapshot()).includes(`table ${family} cni_hostport`)
    ) {
      await nft.exec(["delete", "table", family, "cni_hostport"]);
    }
  }
}

for (const backend of ["iptables", "nftables"] as const) {
  Deno.test({
    name: `portmap with ${backend}: DEL removes exactly the container's rules and CHECK sees them`,
    ignore,
    async fn() {
      const network = `cnit-pm-${crypto.randomUUID().slice(0, 8)}`;
      const config = { name: network, backend, runtimeConfig: { portMappings: mappings } };
      const a = context(config, `${network}-a`, prev("10.255.9.5/24", "fd00:255:9::5/64"));
      const b = context(config, `${network}-b`, prev("10.255.9.6/24", "fd00:255:9::6/64"));
      const localnetIf = routableHostInterface(IP.parse("10.255.9.5"));
      const localnetPath = localnetIf && `/proc/sys/net/ipv4/conf/${localnetIf}/route_localnet`;
      const localnetBefore = localnetPath && Deno.readTextFileSync(localnetPath);
      const before = await snapshot();
      try {
        assertEquals(await portmap.add(a), a.prevResult);
        await portmap.check!(a);
        const s1 = await snapshot();
        await portmap.add(b);
        await portmap.add(b); // repeated ADD adds nothing new
        await portmap.check!(b);
        assert((await snapshot()).includes(`${network}-b`));
        await portmap.del(b);
        assertEquals(await snapshot(), s1);
        await rejects(Promise.resolve(portmap.check!(b)));
        await portmap.del(b); // already gone is success
        await portmap.del(a);
        assert(!(await snapshot()).includes(network));
      } finally {
        await portmap.del(b);
        await portmap.del(a);
        await removeSharedState(before);
        if (localnetPath && localnetBefore !== undefined) Deno.writeTextFileSync(localnetPath, localnetBefore);
      }
      assertEquals(await snapshot(), before);
    },
  });
}

Deno.test({
  name: "portmap (iptables) interoperates with the reference plugin in both directions",
  ignore: ignore || !hasReferencePlugin("portmap"),
  async fn() {
    const network = `cnit-pm-${crypto.randomUUID().slice(0, 8)}`;
    const raw = (n: number) => ({
      cniVersion: "1.0.0",
      name: network,
      type: "portmap",
      capabilities: { portMappings: true },
      runtimeConfig: { portMappings: mappings },
      // IPv4 only: the Debian (1.1.1) CHECK wrongly looks for the IPv4 rules in ip6tables too.
      prevResult: { ...prev(`10.255.9.${n}/24`), cniVersion: "1.0.0" },
    });
    const ours = (id: string, n: number) => context(raw(n), id, prev(`10.255.9.${n}/24`));
    const localnetIf = routableHostInterface(IP.parse("10.255.9.7"));
    const localnetPath = localnetIf && `/proc/sys/net/ipv4/conf/${localnetIf}/route_localnet`;
    const localnetBefore = localnetPath && Deno.readTextFileSync(localnetPath);
    const before = await snapshot();
    const a = `${network}-a`;
    const b = `${network}-b`;
    try {
      // Same container through both implementations: the rulesets must be identical.
      await portmap.add(ours(a, 7));
      const afterOurs = await snapshot();
      const goDel = await runReferencePlugin("portmap", { command: "DEL", containerId: a, config: raw(7) });
      assertEquals(goDel.code, 0, goDel.stdout + goDel.stderr);
      assert(!(await snapshot()).includes(a));
      const goAdd = await runReferencePlugin("portmap", { command: "ADD", containerId: a, config: raw(7) });
      assertEquals(goAdd.code, 0, goAdd.stdout + goAdd.stderr);
      assertEquals(await snapshot(), afterOurs);
      await portmap.check!(ours(a, 7));
      await portmap.del(ours(a, 7));
      assert(!(await snapshot()).includes(a));
      // (The Debian 1.1.1 CHECK also looks for IPv4 chains in ip6tables, so it is not run.)
      const goAddB = await runReferencePlugin("portmap", { command: "ADD", containerId: b, config: raw(8) });
      assertEquals(goAddB.code, 0, goAddB.stdout + goAddB.stderr);
      await portmap.del(ours(b, 8));
      assert(!(await snapshot()).includes(b));
    } finally {
      await portmap.del(ours(a, 7));
      await portmap.del(ours(b, 8));
      await removeSharedState(before);
      if (localnetPath && localnetBefore !== undefined) Deno.writeTextFileSync(localnetPath, localnetBefore);
    }
    assertEquals(await snapshot(), before);
  },
});
