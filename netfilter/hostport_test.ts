import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { createHash } from "node:crypto";
import { fakeRunner, type RecordedCall } from "./_fake_runner.ts";
import type { HostportSpec } from "./hostport.ts";
import {
  dnatChain,
  dnatChainName,
  forwardPortsIptables,
  markDefinition,
  markMasqChain,
  oldSnatChain,
  setMarkChain,
  splitPortList,
  trimComment,
  unforwardPortsIptables,
} from "./hostport_iptables.ts";
import { checkPortsNftables, hostportNftablesScript, unforwardPortsNftables } from "./hostport_nftables.ts";

const spec: HostportSpec = {
  network: "mynet",
  containerId: "c1",
  containerIp: "10.1.0.5/24",
  mappings: [
    { hostPort: 8080, containerPort: 80, protocol: "tcp" },
    { hostPort: 8443, containerPort: 443, protocol: "tcp", hostIP: "192.0.2.1" },
    { hostPort: 53, containerPort: 53, protocol: "udp", hostIP: "fd00::1" },
  ],
  snat: true,
  masqAll: false,
  conditions: [],
};

Deno.test("dnatChain() builds the reference's CNI-DN chain, entry and DNAT rules", () => {
  const name = "CNI-DN-" + createHash("sha512").update("mynetc1").digest("hex").slice(0, 21);
  const comment = ["-m", "comment", "--comment", 'dnat name: "mynet" id: "c1"'];
  assertEquals(dnatChain(spec, { markMasqBit: 13 }), {
    name,
    entryChains: ["CNI-HOSTPORT-DNAT"],
    entryRules: [
      [...comment, "-m", "multiport", "-p", "tcp", "--destination-ports", "8080,8443"],
      [...comment, "-m", "multiport", "-p", "udp", "--destination-ports", "53"],
    ],
    rules: [
      ["-p", "tcp", "--dport", "8080", "-s", "10.1.0.5/24", "-j", "CNI-HOSTPORT-SETMARK"],
      ["-p", "tcp", "--dport", "8080", "-s", "127.0.0.1", "-j", "CNI-HOSTPORT-SETMARK"],
      ["-p", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "10.1.0.5:80"],
      ["-p", "tcp", "--dport", "8443", "-d", "192.0.2.1", "-s", "10.1.0.5/24", "-j", "CNI-HOSTPORT-SETMARK"],
      ["-p", "tcp", "--dport", "8443", "-d", "192.0.2.1", "-s", "127.0.0.1", "-j", "CNI-HOSTPORT-SETMARK"],
      ["-p", "tcp", "--dport", "8443", "-d", "192.0.2.1", "-j", "DNAT", "--to-destination", "10.1.0.5:443"],
    ],
    prependEntry: false,
  });
});

Deno.test("dnatChain() for IPv6 with masqAll, conditions and an external mark chain", () => {
  const v6 = { ...spec, containerIp: "fd00::5/64", masqAll: true, conditions: ["!", "-d", "fd00::9"] };
  const chain = dnatChain(v6, { markMasqBit: 13, externalSetMarkChain: "KUBE-MARK-MASQ" });
  assertEquals(chain.entryRules[0]!.slice(-4), ["8080,8443", "!", "-d", "fd00::9"]);
  assertEquals(chain.rules, [
    ["-p", "tcp", "--dport", "8080", "-s", "::/0", "-j", "KUBE-MARK-MASQ"],
    ["-p", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "[fd00::5]:80"],
    ["-p", "udp", "--dport", "53", "-d", "fd00::1", "-s", "::/0", "-j", "KUBE-MARK-MASQ"],
    ["-p", "udp", "--dport", "53", "-d", "fd00::1", "-j", "DNAT", "--to-destination", "[fd00::5]:53"],
  ]);
});

Deno.test("dnatChain() without snat has only DNAT rules; an unspecified hostIP matches every address", () => {
  const chain = dnatChain({
    ...spec,
    snat: false,
    mappings: [{ hostPort: 1, containerPort: 2, protocol: "sctp", hostIP: "0.0.0.0" }],
  }, { markMasqBit: 13 });
  assertEquals(chain.rules, [["-p", "sctp", "--dport", "1", "-j", "DNAT", "--to-destination", "10.1.0.5:2"]]);
});

Deno.test("markDefinition(), setMarkChain() and markMasqChain() match the reference's shared chains", () => {
  assertEquals(markDefinition(13), "0x2000/0x2000");
  assertEquals(markDefinition(0), "0x1/0x1");
  assertEquals(markDefinition(31), "0x80000000/0x80000000");
  assertEquals(setMarkChain(13).rules, [[
    "-m",
    "comment",
    "--comment",
    "CNI portfwd masquerade mark",
    "-j",
    "MARK",
    "--set-xmark",
    "0x2000/0x2000",
  ]]);
  const masq = markMasqChain(14);
  assertEquals(masq.rules, [["-m", "mark", "--mark", "0x4000/0x4000", "-j", "MASQUERADE"]]);
  assertEquals(masq.prependEntry, true);
});

Deno.test("splitPortList() cuts at 15 ports and trimComment() at 255 characters", () => {
  const ports = Array.from({ length: 17 }, (_, i) => i + 1);
  assertEquals(splitPortList(ports), ["1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", "16,17"]);
  assertEquals(trimComment("x".repeat(300)), "x".repeat(253) + "...");
});

const dn = dnatChainName("mynet", "c1");
const show = (calls: RecordedCall[]) => calls.map((c) => [c.binary, ...c.args.slice(1)].join(" "));
const entry = (protocol: string, ports: string) =>
  `-m comment --comment dnat name: "mynet" id: "c1" -m multiport -p ${protocol} --destination-ports ${ports} -j ${dn}`;

Deno.test("forwardPortsIptables() on a fresh host: -N the shared chains, -A without -C, one restore for CNI-DN", async () => {
  const missing = { code: 1, stderr: "iptables: No chain/target/match by that name.\n" };
  const { run, calls } = fakeRunner((c) => (c.args.includes("-C") || c.stdin?.includes("\n-C ") ? missing : {}));
  await forwardPortsIptables(spec, { markMasqBit: 13, run });
  const mark = "-m comment --comment CNI portfwd masquerade mark -j MARK --set-xmark 0x2000/0x2000";
  const masq = "-m mark --mark 0x2000/0x2000 -j MASQUERADE";
  const local = "-m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT";
  assertEquals(calls[0]!.stdin!.split("\n"), [
    "*nat",
    `-C CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000`,
    `-C CNI-HOSTPORT-MASQ ${masq}`,
    `-C POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ`,
    `-C PREROUTING ${local}`,
    `-C OUTPUT ${local}`,
    "COMMIT",
    "",
  ]);
  assertEquals(show(calls), [
    "iptables-restore --wait",
    `iptables -t nat -C CNI-HOSTPORT-SETMARK ${mark}`,
    "iptables -t nat -N CNI-HOSTPORT-SETMARK",
    `iptables -t nat -A CNI-HOSTPORT-SETMARK ${mark}`,
    `iptables -t nat -C CNI-HOSTPORT-MASQ ${masq}`,
    "iptables -t nat -N CNI-HOSTPORT-MASQ",
    `iptables -t nat -A CNI-HOSTPORT-MASQ ${masq}`,
    "iptables -t nat -I POSTROUTING 1 -m comment --comment CNI portfwd requiring masquerade -j CNI-HOSTPORT-MASQ",
    `iptables -t nat -C PREROUTING ${local}`,
    "iptables -t nat -N CNI-HOSTPORT-DNAT",
    `iptables -t nat -A PREROUTING ${local}`,
    `iptables -t nat -A OUTPUT ${local}`,
    `iptables -t nat -C CNI-HOSTPORT-DNAT ${entry("tcp", "8080,8443")}`,
    `iptables -t nat -C CNI-HOSTPORT-DNAT ${entry("udp", "53")}`,
    "iptables-restore --wait",
  ]);
  const tag = `-m comment --comment "dnat name: \\"mynet\\" id: \\"c1\\""`;
  assertEquals(calls.at(-1)!.stdin!.split("\n"), [
    "*nat",
    `:${dn} - [0:0]`,
    `-A ${dn} -p tcp --dport 8080 -s 10.1.0.5/24 -j CNI-HOSTPORT-SETMARK`,
    `-A ${dn} -p tcp --dport 8080 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK`,
    `-A ${dn} -p tcp --dport 8080 -j DNAT --to-destination 10.1.0.5:80`,
    `-A ${dn} -p tcp --dport 8443 -d 192.0.2.1 -s 10.1.0.5/24 -j CNI-HOSTPORT-SETMARK`,
    `-A ${dn} -p tcp --dport 8443 -d 192.0.2.1 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK`,
    `-A ${dn} -p tcp --dport 8443 -d 192.0.2.1 -j DNAT --to-destination 10.1.0.5:443`,
    `-A CNI-HOSTPORT-DNAT ${tag} -m multiport -p tcp --destination-ports 8080,8443 -j ${dn}`,
    // The IPv6-only udp mapping adds no DNAT rule here but keeps its port in the entry rule, as in the reference.
    `-A CNI-HOSTPORT-DNAT ${tag} -m multiport -p udp --destination-ports 53 -j ${dn}`,
    "COMMIT",
    "",
  ]);
});

Deno.test("forwardPortsIptables() when the shared chains exist: one restore of -C lines, one -C per entry, one restore", async () => {
  const { run, calls } = fakeRunner();
  await forwardPortsIptables(spec, { markMasqBit: 13, run });
  assertEquals(show(calls).map((c) => c.split(" -m ")[0]), [
    "iptables-restore --wait",
    "iptables -t nat -C CNI-HOSTPORT-DNAT",
    "iptables -t nat -C CNI-HOSTPORT-DNAT",
    "iptables-restore --wait",
  ]);
  assertEquals(calls[0]!.stdin!.split("\n").filter((l) => l.startsWith("-C ")).length, 5);
  assertEquals(show(calls)[2], `iptables -t nat -C CNI-HOSTPORT-DNAT ${entry("udp", "53")}`);
  assertEquals(calls.at(-1)!.stdin!.includes("-A CNI-HOSTPORT-DNAT"), false);
});

Deno.test("forwardPortsIptables() with an external mark chain and no snat touches no mark chain", async () => {
  const { run, calls } = fakeRunner();
  await forwardPortsIptables({ ...spec, snat: false }, { markMasqBit: 13, externalSetMarkChain: "KUBE-MARK", run });
  assertEquals(show(calls).map((c) => c.split(" -m ")[0]), [
    "iptables-restore --wait",
    "iptables -t nat -C CNI-HOSTPORT-DNAT",
    "iptables -t nat -C CNI-HOSTPORT-DNAT",
    "iptables-restore --wait",
  ]);
  assertEquals(calls[0]!.stdin!.split("\n").filter((l) => l.startsWith("-C ")), [
    "-C PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
    "-C OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
  ]);
});

Deno.test("unforwardPortsIptables() per family: list CNI-HOSTPORT-DNAT, one restore, one -F of the old chain", async () => {
  const noChain = { code: 1, stderr: "iptables: No chain/target/match by that name.\n" };
  const listing = `-N CNI-HOSTPORT-DNAT\n-A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8080 -j ${dn}\n`;
  const { run, calls } = fakeRunner((c) => {
    if (c.binary === "ip6tables") return noChain; // IPv6 never had portmap chains
    if (c.args.includes("CNI-HOSTPORT-DNAT")) return { stdout: listing };
    return c.args.includes("-F") ? noChain : {};
  });
  await unforwardPortsIptables({ network: "mynet", containerId: "c1" }, { run });
  // No probe: both families answered.
  assertEquals(show(calls), [
    "iptables -t nat -S CNI-HOSTPORT-DNAT",
    "iptables-restore --wait",
    `iptables -t nat -F ${oldSnatChain("mynet", "c1").name}`,
    "ip6tables -t nat -S CNI-HOSTPORT-DNAT",
  ]);
  assertEquals(calls[1]!.stdin!.split("\n"), [
    "*nat",
    `:${dn} - [0:0]`,
    `-D CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8080 -j ${dn}`,
    `-X ${dn}`,
    "COMMIT",
    "",
  ]);
});

Deno.test("unforwardPortsIptables() skips a family whose iptables cannot read the nat table", async () => {
  const { run, calls } = fakeRunner((c) =>
    c.binary === "ip6tables" ? { code: 3, stderr: "can't initialize ip6tables table `nat'" } : {}
  );
  await unforwardPortsIptables({ network: "mynet", containerId: "c1" }, { run });
  // Its listing fails, the probe after it says the table cannot be read, and nothing more runs for IPv6.
  assertEquals(show(calls.filter((c) => c.binary.startsWith("ip6tables"))), [
    "ip6tables -t nat -S CNI-HOSTPORT-DNAT",
    "ip6tables -t nat -S OUTPUT 1",
  ]);
});

Deno.test("unforwardPortsIptables() reports a failure of a family that is usable", async () => {
  const listing = `-A CNI-HOSTPORT-DNAT -p tcp -m multiport --dports 8080 -j ${dn}\n`;
  const { run, calls } = fakeRunner((c) => {
    if (c.args.includes("CNI-HOSTPORT-DNAT")) return { stdout: listing };
    if (c.binary === "iptables-restore") return { code: 4, stderr: "iptables-restore: line 2 failed: Resource busy" };
    return {}; // the probe: the nat table can be read
  });
  await rejects(unforwardPortsIptables({ network: "mynet", containerId: "c1" }, { run }), /Resource busy/);
  assertEquals(show(calls).at(-1), "iptables -t nat -S OUTPUT 1");
});

Deno.test("unforwardPortsIptables() fails only when neither family is usable", async () => {
  const { run } = fakeRunner(() => ({ code: 3, stderr: "Table does not exist" }));
  await rejects(unforwardPortsIptables({ network: "mynet", containerId: "c1" }, { run }), /neither iptables nor/);
});

Deno.test("hostportNftablesScript() writes the v1.9 table layout and per-container rules", () => {
  const script = hostportNftablesScript({ ...spec, conditions: ["ip", "saddr", "!=", "192.0.2.9"] }).split("\n");
  assertEquals(script, [
    'add table ip cni_hostport { comment "CNI portmap plugin" ; }',
    "add chain ip cni_hostport hostports",
    "add chain ip cni_hostport hostip_hostports",
    "add chain ip cni_hostport hostports_all",
    "flush chain ip cni_hostport hostports_all",
    "add rule ip cni_hostport hostports_all jump hostip_hostports",
    "add rule ip cni_hostport hostports_all jump hostports",
    "add chain ip cni_hostport prerouting { type nat hook prerouting priority dstnat ; }",
    "flush chain ip cni_hostport prerouting",
    "add rule ip cni_hostport prerouting ip saddr != 192.0.2.9 fib daddr type local jump hostports_all",
    "add chain ip cni_hostport output { type nat hook output priority -100 ; }",
    "flush chain ip cni_hostport output",
    "add rule ip cni_hostport output ip saddr != 192.0.2.9 fib daddr type local jump hostports_all",
    "add chain ip cni_hostport masquerading { type nat hook postrouting priority srcnat ; }",
    'add rule ip cni_hostport hostports tcp dport 8080 dnat to 10.1.0.5:80 comment "c1"',
    'add rule ip cni_hostport hostports ip daddr 192.0.2.1 tcp dport 8443 dnat to 10.1.0.5:443 comment "c1"',
    'add rule ip cni_hostport masquerading ip saddr 10.1.0.5 ip daddr 10.1.0.5 masquerade comment "c1"',
    'add rule ip cni_hostport masquerading ip saddr 127.0.0.1 ip daddr 10.1.0.5 masquerade comment "c1"',
    "",
  ]);
});

Deno.test("hostportNftablesScript() for IPv6 with masqAll uses ip6, brackets and one masquerade rule", () => {
  const lines = hostportNftablesScript({ ...spec, containerIp: "fd00::5/64", masqAll: true }).split("\n");
  assertEquals(lines.filter((l) => l.startsWith("add rule ip6 cni_hostport hostports ")), [
    'add rule ip6 cni_hostport hostports tcp dport 8080 dnat to [fd00::5]:80 comment "c1"',
    'add rule ip6 cni_hostport hostports ip6 daddr fd00::1 udp dport 53 dnat to [fd00::5]:53 comment "c1"',
  ]);
  assertEquals(lines.filter((l) => l.includes(" masquerading ") && l.startsWith("add rule")), [
    'add rule ip6 cni_hostport masquerading ip6 saddr ::/0 ip6 daddr fd00::5 masquerade comment "c1"',
  ]);
});

const listing = (chain: string, comments: string[]) =>
  JSON.stringify({
    nftables: comments.map((comment, i) => ({
      rule: { family: "ip", table: "cni_hostport", chain, handle: 10 + i, comment },
    })),
  });

Deno.test("unforwardPortsNftables() deletes exactly the container's rules by handle", async () => {
  const { run, calls } = fakeRunner((c) => {
    if (c.args[0] !== "-j") return {};
    if (c.args[3] !== "ip") return { stdout: '{"nftables":[]}' };
    return { stdout: listing(c.args[5]!, ["c1", "other"]) };
  });
  await unforwardPortsNftables("c1", { run });
  const script = calls.find((c) => c.stdin?.startsWith("delete"))!.stdin!;
  assertEquals(script.trim().split("\n"), [
    "delete rule ip cni_hostport hostports handle 10",
    "delete rule ip cni_hostport hostip_hostports handle 10",
    "delete rule ip cni_hostport masquerading handle 10",
  ]);
});

Deno.test("checkPortsNftables() fails when a masquerade rule is missing", async () => {
  const { run } = fakeRunner((c) => ({
    stdout: listing(c.args[5]!, c.args[5] === "masquerading" ? ["c1"] : ["c1", "c1"]),
  }));
  await rejects(checkPortsNftables(spec, { run }), /masquerading/);
  await checkPortsNftables({ ...spec, masqAll: true }, { run });
});
