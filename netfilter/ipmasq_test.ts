import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createHash } from "node:crypto";
import { fakeRunner } from "./_fake_runner.ts";
import { ipMasqIptablesRules } from "./ipmasq_iptables.ts";
import { ipMasqComment, ipMasqInstanceHash, ipMasqNftablesScript } from "./ipmasq_nftables.ts";
import { setupIpMasq, teardownIpMasq } from "./ipmasq.ts";

const sha = (s: string) => createHash("sha512").update(s).digest("hex");

Deno.test("ipMasqIptablesRules() builds the reference's chain, rules and POSTROUTING jump", () => {
  const chain = "CNI-" + sha("mynet" + "c1").slice(0, 24);
  const tag = ["-m", "comment", "--comment", 'name: "mynet" id: "c1"'];
  assertEquals(ipMasqIptablesRules("mynet", "c1", "10.1.0.5/24"), {
    chain: { table: "nat", chain },
    chainRules: [["-d", "10.1.0.5/24", "-j", "ACCEPT", ...tag], ["!", "-d", "224.0.0.0/4", "-j", "MASQUERADE", ...tag]],
    jump: ["-s", "10.1.0.5", "-j", chain, ...tag],
    legacyJump: ["-s", "10.1.0.5/24", "-j", chain, ...tag],
  });
  assertEquals(ipMasqIptablesRules("mynet", "c1", "fd00::5/64").chainRules[1]!.slice(0, 3), ["!", "-d", "ff00::/8"]);
});

Deno.test("ipMasqComment() starts with the network and instance hashes and strips quotes", () => {
  const instance = { network: 'my"net', ifname: "eth0", containerId: "c1" };
  const hash = sha('my"net').slice(0, 16) + "-" + sha("eth0:c1").slice(0, 16);
  assertEquals(ipMasqInstanceHash(instance), hash);
  assertEquals(ipMasqComment(instance), `${hash}, net: mynet, if: eth0, id: c1`);
  assertEquals(ipMasqComment({ ...instance, containerId: "x".repeat(200) }).length, 128);
});

Deno.test("ipMasqNftablesScript() sets up the table and one masquerade rule per address", () => {
  const instance = { network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24", "fd00::5/64"] };
  const comment = ipMasqComment(instance);
  const stale = [{ family: "inet" as const, table: "cni_plugins_masquerade", chain: "masq_checks", handle: 7 }];
  assertEquals(
    ipMasqNftablesScript(instance, stale).split("\n"),
    [
      'add table inet cni_plugins_masquerade { comment "Masquerading for plugins from github.com/containernetworking/plugins" ; }',
      'add chain inet cni_plugins_masquerade masq_checks { comment "Masquerade traffic from certain IPs to any (non-multicast) IP outside their subnet" ; }',
      "add chain inet cni_plugins_masquerade postrouting { type nat hook postrouting priority srcnat ; }",
      "flush chain inet cni_plugins_masquerade postrouting",
      "add rule inet cni_plugins_masquerade postrouting ip daddr == 224.0.0.0/4  return",
      "add rule inet cni_plugins_masquerade postrouting ip6 daddr == ff00::/8  return",
      "add rule inet cni_plugins_masquerade postrouting goto masq_checks",
      "delete rule inet cni_plugins_masquerade masq_checks handle 7",
      `add rule inet cni_plugins_masquerade masq_checks ip saddr == 10.1.0.5 ip daddr != 10.1.0.0/24 masquerade comment "${comment}"`,
      `add rule inet cni_plugins_masquerade masq_checks ip6 saddr == fd00::5 ip6 daddr != fd00::/64 masquerade comment "${comment}"`,
      "",
    ],
  );
});

Deno.test("setupIpMasq() with nftables replaces the attachment's earlier rules in one script", async () => {
  const instance = { network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24"] };
  const listing = JSON.stringify({
    nftables: [
      {
        rule: {
          family: "inet",
          table: "cni_plugins_masquerade",
          chain: "masq_checks",
          handle: 3,
          comment: ipMasqComment(instance),
        },
      },
      { rule: { family: "inet", table: "cni_plugins_masquerade", chain: "masq_checks", handle: 4, comment: "other" } },
    ],
  });
  const { run, calls } = fakeRunner((c) => (c.args[0] === "-j" ? { stdout: listing } : {}));
  await setupIpMasq({ ...instance, backend: "nftables", run });
  assertEquals(calls.length, 2);
  assertEquals(calls[1]!.stdin!.includes("handle 3"), true);
  assertEquals(calls[1]!.stdin!.includes("handle 4"), false);
});

Deno.test("teardownIpMasq() removes the iptables jump, old jump and chain, then the nftables rules", async () => {
  const { run, calls } = fakeRunner((c) =>
    c.binary === "nft"
      ? { stdout: '{"nftables":[]}' }
      : c.args.includes("-D")
      ? { code: 1, stderr: "Bad rule (does a matching rule exist in that chain?)" }
      : {}
  );
  await teardownIpMasq({ network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24"], run });
  const verbs = calls.filter((c) => c.binary === "iptables").map((c) => c.args[3]);
  assertEquals(verbs, ["-D", "-D", "-F", "-X"]);
  assertEquals(calls.some((c) => c.binary === "nft" && c.args.includes("masq_checks")), true);
});
