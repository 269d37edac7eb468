import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createHash } from "node:crypto";
import { fakeRunner, type RecordedCall } from "./_fake_runner.ts";
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

const chain = "CNI-" + sha("n" + "c").slice(0, 24);
const tag = `-m comment --comment "name: \\"n\\" id: \\"c\\""`;
const show = (calls: RecordedCall[]) => calls.map((c) => [c.binary, ...c.args].join(" "));

Deno.test("setupIpMasq() probes iptables once, then per family one -C per jump and one iptables-restore", async () => {
  const missing = { code: 2, stderr: `iptables v1.8.9 (nf_tables): Chain '${chain}' does not exist\n` };
  const { run, calls } = fakeRunner((c) => (c.args.includes("-C") ? missing : {}));
  await setupIpMasq({ network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24", "fd00::5/64"], run });
  const comment = 'name: "n" id: "c"';
  assertEquals(show(calls), [
    "iptables --wait -t filter -S INPUT 1",
    `iptables --wait -t nat -C POSTROUTING -s 10.1.0.5 -j ${chain} -m comment --comment ${comment}`,
    "iptables-restore --noflush --wait",
    `ip6tables --wait -t nat -C POSTROUTING -s fd00::5 -j ${chain} -m comment --comment ${comment}`,
    "ip6tables-restore --noflush --wait",
  ]);
  assertEquals(calls[2]!.stdin!.split("\n"), [
    "*nat",
    `:${chain} - [0:0]`,
    `-A ${chain} -d 10.1.0.5/24 -j ACCEPT ${tag}`,
    `-A ${chain} ! -d 224.0.0.0/4 -j MASQUERADE ${tag}`,
    `-A POSTROUTING -s 10.1.0.5 -j ${chain} ${tag}`,
    "COMMIT",
    "",
  ]);
  assertEquals(calls[4]!.stdin!.includes(`-A ${chain} ! -d ff00::/8 -j MASQUERADE`), true);
});

Deno.test("setupIpMasq() with two addresses of one family writes the rules -C/-A would have kept", async () => {
  const { run, calls } = fakeRunner(); // every jump already there
  const ips = ["10.1.0.5/24", "10.1.0.6/24", "10.2.0.5/16"];
  await setupIpMasq({ network: "n", ifname: "eth0", containerId: "c", ips, backend: "iptables", run });
  assertEquals(show(calls).map((c) => c.split(" -j ")[0]), [
    "iptables --wait -t nat -C POSTROUTING -s 10.1.0.5",
    "iptables --wait -t nat -C POSTROUTING -s 10.1.0.6",
    "iptables --wait -t nat -C POSTROUTING -s 10.2.0.5",
    "iptables-restore --noflush --wait",
  ]);
  // 10.1.0.6/24 is the same rule as 10.1.0.5/24 once iptables masks it; the MASQUERADE rule is shared by all.
  assertEquals(calls[3]!.stdin!.split("\n"), [
    "*nat",
    `:${chain} - [0:0]`,
    `-A ${chain} -d 10.1.0.5/24 -j ACCEPT ${tag}`,
    `-A ${chain} ! -d 224.0.0.0/4 -j MASQUERADE ${tag}`,
    `-A ${chain} -d 10.2.0.5/16 -j ACCEPT ${tag}`,
    "COMMIT",
    "",
  ]);
});

Deno.test("teardownIpMasq() lists POSTROUTING, deletes every jump and the chain in one restore, then nftables", async () => {
  const listing = [
    "-P POSTROUTING ACCEPT",
    `-A POSTROUTING -s 10.1.0.5/32 ${tag} -j ${chain}`,
    `-A POSTROUTING -s 10.1.0.0/24 ${tag} -j ${chain}`,
  ].join("\n");
  const { run, calls } = fakeRunner((c) =>
    c.binary === "nft" ? { stdout: '{"nftables":[]}' } : c.args.includes("-S") ? { stdout: listing } : {}
  );
  await teardownIpMasq({ network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24"], run });
  assertEquals(show(calls), [
    "iptables --wait -t nat -S POSTROUTING",
    "iptables-restore --noflush --wait",
    "nft -j list chain inet cni_plugins_masquerade masq_checks",
  ]);
  assertEquals(calls[1]!.stdin!.split("\n"), [
    "*nat",
    `:${chain} - [0:0]`,
    `-D POSTROUTING -s 10.1.0.5/32 ${tag} -j ${chain}`,
    `-D POSTROUTING -s 10.1.0.0/24 ${tag} -j ${chain}`,
    `-X ${chain}`,
    "COMMIT",
    "",
  ]);
});

Deno.test("teardownIpMasq() when everything is gone runs one listing and one -F per family, and succeeds", async () => {
  const { run, calls } = fakeRunner((c) =>
    c.binary === "nft"
      ? { code: 1, stderr: "Error: No such file or directory" }
      : c.args.includes("-F")
      ? { code: 1, stderr: "iptables: No chain/target/match by that name." }
      : {}
  );
  await teardownIpMasq({ network: "n", ifname: "eth0", containerId: "c", ips: ["10.1.0.5/24", "fd00::5/64"], run });
  assertEquals(show(calls), [
    "iptables --wait -t nat -S POSTROUTING",
    `iptables --wait -t nat -F ${chain}`,
    "ip6tables --wait -t nat -S POSTROUTING",
    `ip6tables --wait -t nat -F ${chain}`,
    "nft -j list chain inet cni_plugins_masquerade masq_checks",
  ]);
});
