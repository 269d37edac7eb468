// Live firewall tests in the host namespace (filter table, no traffic): ADD/CHECK/DEL through the plugin object,
// interop with Debian's reference firewall in both directions, and the same-bridge isolation rules. Shared chains
// this test created are removed in finally.
import assert, { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import type { PluginContext } from "../cni/plugin.ts";
import type { Result } from "../cni/result.ts";
import { Iptables } from "../netfilter/mod.ts";
import { FirewallConfig } from "../plugins/firewall/config.ts";
import { firewall } from "../plugins/firewall/mod.ts";
import { hasReferencePlugin, runReferencePlugin } from "./netfilter_reference_plugin.ts";

const ignore = Deno.uid() !== 0;

function prev(n: number): Result {
  return {
    cniVersion: "1.0.0",
    interfaces: [{ name: "cnit-br0" }, { name: "eth0", sandbox: "/run/netns/cnit-x" }],
    ips: [{ address: `10.255.8.${n}/24`, interface: 1 }, { address: `fd00:255:8::${n}/64`, interface: 1 }],
  };
}

function rawConfig(n: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { cniVersion: "1.0.0", name: "cnit-fw", type: "firewall", backend: "iptables", prevResult: prev(n), ...extra };
}

function context(n: number, extra: Record<string, unknown> = {}): PluginContext<FirewallConfig> {
  return {
    command: "ADD",
    config: FirewallConfig.parse(rawConfig(n, extra)),
    cniVersion: "1.0.0",
    network: "cnit-fw",
    containerId: `cnit-fw-${n}`,
    netns: "/run/netns/cnit-x",
    ifname: "eth0",
    args: [],
    path: [],
    prevResult: prev(n),
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
}

async function snapshot(): Promise<string> {
  return (await new Iptables(4).exec(["-t", "filter", "-S"])) + (await new Iptables(6).exec(["-t", "filter", "-S"]));
}

async function removeShared(before: string): Promise<void> {
  for (const family of [4, 6] as const) {
    const ipt = new Iptables(family);
    for (const rule of await ipt.listRules({ table: "filter", chain: "FORWARD" })) {
      const target = rule.at(-1) === "CNI-FORWARD" ? "CNI-FORWARD" : rule.includes("CNI-ISOLATION-STAGE-1") ? "1" : "";
      if (target === "CNI-FORWARD" && !before.includes("-N CNI-FORWARD")) {
        await ipt.deleteRule({ table: "filter", chain: "FORWARD" }, rule);
      }
      if (target === "1" && !before.includes("-N CNI-ISOLATION-STAGE-1")) {
        await ipt.deleteRule({ table: "filter", chain: "FORWARD" }, rule);
      }
    }
    for (const chain of ["CNI-FORWARD", "CNI-ADMIN", "CNI-ISOLATION-STAGE-1", "CNI-ISOLATION-STAGE-2"]) {
      if (before.includes(`-N ${chain}`)) continue;
      await ipt.clearChain({ table: "filter", chain });
      await ipt.deleteChain({ table: "filter", chain });
    }
  }
}

Deno.test({
  name: "firewall ADD opens both families, CHECK passes, DEL removes exactly the container's rules",
  ignore,
  async fn() {
    const before = await snapshot();
    try {
      await firewall.add(context(1));
      await firewall.check!(context(1));
      const s1 = await snapshot();
      await firewall.add(context(2));
      await firewall.add(context(2));
      assert((await snapshot()).includes("-A CNI-FORWARD -s 10.255.8.2/32 -j ACCEPT"));
      assert((await snapshot()).includes("-A CNI-FORWARD -s fd00:255:8::2/128 -j ACCEPT"));
      await firewall.del(context(2));
      assertEquals(await snapshot(), s1);
      await rejects(Promise.resolve(firewall.check!(context(2))), /10\.255\.8\.2/);
      await firewall.del(context(2));
    } finally {
      await firewall.del(context(1));
      await firewall.del(context(2));
      await removeShared(before);
    }
    assertEquals(await snapshot(), before);
  },
});

Deno.test({
  name: "firewall interoperates with the reference plugin in both directions",
  ignore: ignore || !hasReferencePlugin("firewall"),
  async fn() {
    const before = await snapshot();
    try {
      await firewall.add(context(3));
      const goCheck = await runReferencePlugin("firewall", {
        command: "CHECK",
        containerId: "cnit-fw-3",
        config: rawConfig(3),
      });
      assertEquals(goCheck.code, 0, goCheck.stdout + goCheck.stderr);
      const goDel = await runReferencePlugin("firewall", {
        command: "DEL",
        containerId: "cnit-fw-3",
        config: rawConfig(3),
      });
      assertEquals(goDel.code, 0, goDel.stdout);
      assert(!(await snapshot()).includes("10.255.8.3/32"));

      const goAdd = await runReferencePlugin("firewall", {
        command: "ADD",
        containerId: "cnit-fw-4",
        config: rawConfig(4),
      });
      assertEquals(goAdd.code, 0, goAdd.stdout + goAdd.stderr);
      await firewall.check!(context(4));
      await firewall.del(context(4));
      assert(!(await snapshot()).includes("10.255.8.4/32"));
    } finally {
      await firewall.del(context(3));
      await firewall.del(context(4));
      await removeShared(before);
    }
    assertEquals(await snapshot(), before);
  },
});

Deno.test({
  name: "firewall ingressPolicy same-bridge adds the isolation chains for prevResult's bridge",
  ignore,
  async fn() {
    const before = await snapshot();
    try {
      await firewall.add(context(5, { ingressPolicy: "same-bridge" }));
      const ipt = new Iptables(4);
      const stage1 = await ipt.listRules({ table: "filter", chain: "CNI-ISOLATION-STAGE-1" });
      assertEquals(stage1.map((r) => r.at(-1)), ["CNI-ISOLATION-STAGE-2", "RETURN"]);
      assertEquals(stage1[0]!.slice(0, 5), ["-i", "cnit-br0", "!", "-o", "cnit-br0"]);
      const forward = await ipt.listRules({ table: "filter", chain: "FORWARD" });
      assertEquals(forward[0]!.at(-1), "CNI-ISOLATION-STAGE-1");
      await firewall.del(context(5, { ingressPolicy: "same-bridge" }));
    } finally {
      await firewall.del(context(5));
      await removeShared(before);
    }
    assertEquals(await snapshot(), before);
  },
});
