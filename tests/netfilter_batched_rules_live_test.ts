// The batched iptables setup (one iptables-restore per owned chain, `-C` only where a shared chain may already hold
// the rule) must leave exactly the rules of the reference's one-exec-per-rule sequence. Both run in throwaway
// namespaces (iptables state is per netns); their iptables-save listings of the nat tables are compared after setup,
// after a second setup, and after teardown.
import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { withNetns } from "../netlink/mod.ts";
import {
  type CommandRunner,
  dnatChainName,
  formatChainName,
  forwardPortsIptables,
  type HostportSpec,
  Iptables,
  IptablesBatch,
  setupIpMasq,
  teardownIpMasq,
  unforwardPortsIptables,
} from "../netfilter/mod.ts";
import { createTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;
const NETWORK = "cnit-eq";
const IDS = ["cnit-eq-c1", "cnit-eq-c2"];
const V4 = ["10.255.60.5/24", "10.255.60.6/24"];
const V6 = "fd00:255:60::5/64";

/** The iptables flavours to compare with: the default one, and legacy when its binaries are installed. */
const FLAVOURS = ["default", "legacy"] as const;
const hasLegacy = (() => {
  try {
    return Deno.statSync("/usr/sbin/iptables-legacy-restore").isFile;
  } catch {
    return false;
  }
})();

/** Runs binaries inside `netns` (the child is spawned while the JS thread is in it), legacy ones if asked. */
function runnerIn(netns: string, flavour: (typeof FLAVOURS)[number]): CommandRunner {
  return async (binary, args, stdin) => {
    const name = flavour === "legacy" ? binary.replace(/^(ip6?tables)/, "$1-legacy") : binary;
    const child = withNetns(netns, () =>
      new Deno.Command(name, {
        args: [...args],
        stdin: stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: "piped",
        env: { LC_ALL: "C" },
      }).spawn());
    if (stdin !== undefined) {
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(stdin));
      await writer.close();
    }
    const out = await child.output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  };
}

/** The nat tables of both families as iptables-save prints them, without the dated comment lines. */
async function natListing(run: CommandRunner): Promise<string> {
  const parts: string[] = [];
  for (const binary of ["iptables-save", "ip6tables-save"]) {
    const out = await run(binary, ["-t", "nat"]);
    assertEquals(out.code, 0, out.stderr);
    parts.push(out.stdout.split("\n").filter((line) => !line.startsWith("#")).join("\n"));
  }
  return parts.join("---\n");
}

/** The reference's sequence (go-iptables: one exec per `NewChain`/`Append`/`Insert`), written out by hand. */
function referenceSequence(): string[][] {
  const masq = formatChainName(NETWORK, IDS[0]!);
  const tag = ["-m", "comment", "--comment", `name: "${NETWORK}" id: "${IDS[0]}"`];
  const nat = (binary: string, ...args: string[]) => [binary, "--wait", "-t", "nat", ...args];
  const steps = [
    nat("iptables", "-N", masq),
    nat("iptables", "-A", masq, "-d", V4[0]!, "-j", "ACCEPT", ...tag),
    nat("iptables", "-A", masq, "!", "-d", "224.0.0.0/4", "-j", "MASQUERADE", ...tag),
    nat("iptables", "-A", "POSTROUTING", "-s", V4[0]!.split("/")[0]!, "-j", masq, ...tag),
    nat("ip6tables", "-N", masq),
    nat("ip6tables", "-A", masq, "-d", V6, "-j", "ACCEPT", ...tag),
    nat("ip6tables", "-A", masq, "!", "-d", "ff00::/8", "-j", "MASQUERADE", ...tag),
    nat("ip6tables", "-A", "POSTROUTING", "-s", V6.split("/")[0]!, "-j", masq, ...tag),
    nat("iptables", "-N", "CNI-HOSTPORT-SETMARK"),
    nat("iptables", "-A", "CNI-HOSTPORT-SETMARK", "-m", "comment", "--comment", "CNI portfwd masquerade mark")
      .concat(["-j", "MARK", "--set-xmark", "0x2000/0x2000"]),
    nat("iptables", "-N", "CNI-HOSTPORT-MASQ"),
    nat("iptables", "-A", "CNI-HOSTPORT-MASQ", "-m", "mark", "--mark", "0x2000/0x2000", "-j", "MASQUERADE"),
    nat("iptables", "-I", "POSTROUTING", "1", "-m", "comment", "--comment", "CNI portfwd requiring masquerade")
      .concat(["-j", "CNI-HOSTPORT-MASQ"]),
    nat("iptables", "-N", "CNI-HOSTPORT-DNAT"),
    nat("iptables", "-A", "PREROUTING", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
    nat("iptables", "-A", "OUTPUT", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "CNI-HOSTPORT-DNAT"),
  ];
  IDS.forEach((id, i) => {
    const chain = dnatChainName(NETWORK, id);
    const ip = V4[i]!;
    const address = ip.split("/")[0]!;
    const comment = ["-m", "comment", "--comment", `dnat name: "${NETWORK}" id: "${id}"`];
    steps.push(nat("iptables", "-N", chain));
    for (
      const [match, port] of [[["-p", "tcp", "--dport", "8080"], 80], [[
        "-p",
        "udp",
        "--dport",
        "8053",
        "-d",
        "10.255.60.1",
      ], 53]] as const
    ) {
      steps.push(nat("iptables", "-A", chain, ...match, "-s", ip, "-j", "CNI-HOSTPORT-SETMARK"));
      steps.push(nat("iptables", "-A", chain, ...match, "-s", "127.0.0.1", "-j", "CNI-HOSTPORT-SETMARK"));
      steps.push(nat("iptables", "-A", chain, ...match, "-j", "DNAT", "--to-destination", `${address}:${port}`));
    }
    for (const [protocol, ports] of [["tcp", "8080"], ["udp", "8053"]]) {
      steps.push(
        nat("iptables", "-A", "CNI-HOSTPORT-DNAT", ...comment, "-m", "multiport", "-p", protocol!)
          .concat(["--destination-ports", ports!, "-j", chain]),
      );
    }
  });
  return steps;
}

function hostportSpec(i: number): HostportSpec {
  return {
    network: NETWORK,
    containerId: IDS[i]!,
    containerIp: V4[i]!,
    mappings: [
      { hostPort: 8080, containerPort: 80, protocol: "tcp" },
      { hostPort: 8053, containerPort: 53, protocol: "udp", hostIP: "10.255.60.1" },
    ],
    snat: true,
    masqAll: false,
    conditions: [],
  };
}

/** ipMasq for the first container, then port mappings for both, through the batched code. */
async function batchedSetup(run: CommandRunner): Promise<void> {
  await setupIpMasq({
    network: NETWORK,
    containerId: IDS[0]!,
    ifname: "eth0",
    ips: [V4[0]!, V6],
    backend: "iptables",
    run,
  });
  for (const i of [0, 1]) await forwardPortsIptables(hostportSpec(i), { markMasqBit: 13, run });
}

async function batchedTeardown(run: CommandRunner): Promise<void> {
  await teardownIpMasq({ network: NETWORK, containerId: IDS[0]!, ifname: "eth0", ips: [V4[0]!, V6], run });
  for (const id of IDS) await unforwardPortsIptables({ network: NETWORK, containerId: id }, { run });
}

for (const flavour of FLAVOURS) {
  Deno.test({
    name: `batched ipMasq and portmap setup leaves the nat tables the reference's exec sequence leaves (${flavour})`,
    ignore: ignore || (flavour === "legacy" && !hasLegacy),
    async fn() {
      using referenceNs = createTestNetns();
      using batchedNs = createTestNetns();
      const reference = runnerIn(referenceNs.path, flavour);
      const batched = runnerIn(batchedNs.path, flavour);
      for (const [binary, ...args] of referenceSequence()) {
        const out = await reference(binary!, args);
        assertEquals(out.code, 0, `${binary} ${args.join(" ")}: ${out.stderr}`);
      }
      const expected = await natListing(reference);
      assert(expected.includes(dnatChainName(NETWORK, IDS[1]!)), "the reference sequence ran");

      await batchedSetup(batched);
      assertEquals(await natListing(batched), expected);
      await batchedSetup(batched); // a repeated ADD adds nothing
      assertEquals(await natListing(batched), expected);

      // Teardown removes the same things whichever implementation made them.
      await batchedTeardown(reference);
      await batchedTeardown(batched);
      const left = await natListing(batched);
      assertEquals(await natListing(reference), left);
      assert(!left.includes(formatChainName(NETWORK, IDS[0]!)) && !left.includes("CNI-DN-"), left);
      await batchedTeardown(batched); // already gone is success
      assertEquals(await natListing(batched), left);
    },
  });
}

Deno.test({
  name: "Iptables.restore() writes a comment with quotes, apostrophes and backslashes that -S gives back unchanged",
  ignore,
  async fn() {
    using ns = createTestNetns();
    const ipt = new Iptables(4, { run: runnerIn(ns.path, "default") });
    const rule = ["-m", "comment", "--comment", `it's "x" a\\b #c`, "-j", "ACCEPT"];
    await ipt.restore(new IptablesBatch("nat").declareChain("CNI-QUOTES").append("CNI-QUOTES", rule));
    assertEquals(await ipt.listRules({ table: "nat", chain: "CNI-QUOTES" }), [rule]);
    assert(await ipt.ruleExists({ table: "nat", chain: "CNI-QUOTES" }, rule));
  },
});
