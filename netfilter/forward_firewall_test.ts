import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { isolationRules } from "./bridge_isolation.ts";
import {
  adminJumpRule,
  checkForwardFirewall,
  forwardJumpRule,
  forwardRules,
  hostCidr,
  setupForwardFirewall,
} from "./forward_firewall.ts";

Deno.test("forwardRules() accepts RELATED,ESTABLISHED to the address and everything from it", () => {
  assertEquals(hostCidr("10.0.0.5/24"), "10.0.0.5/32");
  assertEquals(hostCidr("fd00::5/64"), "fd00::5/128");
  assertEquals(forwardRules("10.0.0.5/24"), [
    ["-d", "10.0.0.5/32", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
    ["-s", "10.0.0.5/32", "-j", "ACCEPT"],
  ]);
  assertEquals(forwardJumpRule(), ["-m", "comment", "--comment", "CNI firewall plugin rules", "-j", "CNI-FORWARD"]);
  assertEquals(adminJumpRule("X"), ["-m", "comment", "--comment", "CNI firewall plugin admin overrides", "-j", "X"]);
});

Deno.test("setupForwardFirewall() inserts the jumps first and appends per-address rules per family", async () => {
  const { run, calls } = fakeRunner((c) => (c.args.includes("-C") ? { code: 1 } : { stdout: "-P FORWARD ACCEPT\n" }));
  await setupForwardFirewall({ ips: ["10.0.0.5/24", "fd00::5/64"], run });
  const writes = calls.filter((c) => ["-N", "-A", "-I"].includes(c.args[3]!)).map((c) =>
    [c.binary, ...c.args.slice(3, 5)].join(" ")
  );
  assertEquals(writes, [
    "iptables -N CNI-FORWARD",
    "iptables -N CNI-ADMIN",
    "iptables -I FORWARD",
    "iptables -I CNI-FORWARD",
    "iptables -A CNI-FORWARD",
    "iptables -A CNI-FORWARD",
    "ip6tables -N CNI-FORWARD",
    "ip6tables -N CNI-ADMIN",
    "ip6tables -I FORWARD",
    "ip6tables -I CNI-FORWARD",
    "ip6tables -A CNI-FORWARD",
    "ip6tables -A CNI-FORWARD",
  ]);
});

Deno.test("checkForwardFirewall() names the missing rule", async () => {
  const { run } = fakeRunner((c) =>
    c.args.includes("-C") && c.args.includes("-s") ? { code: 1 } : { stdout: "-N CNI-FORWARD\n-N CNI-ADMIN\n" }
  );
  await rejects(checkForwardFirewall({ ips: ["10.0.0.5/24"], run }), /-s 10\.0\.0\.5\/32 -j ACCEPT/);
});

Deno.test("isolationRules() builds the reference's same-bridge and isolated rules", () => {
  const same = "CNI firewall plugin rules (ingressPolicy: same-bridge)";
  const dflt = "CNI firewall plugin rules (ingressPolicy: same-bridge|isolated)";
  const c = (comment: string) => ["-m", "comment", "--comment", comment];
  assertEquals(isolationRules("cni0", { isolated: false }), [
    { chain: "FORWARD", rule: ["-j", "CNI-ISOLATION-STAGE-1", ...c(dflt)], prepend: true },
    {
      chain: "CNI-ISOLATION-STAGE-1",
      rule: ["-i", "cni0", "!", "-o", "cni0", "-j", "CNI-ISOLATION-STAGE-2", ...c(same)],
      prepend: true,
    },
    { chain: "CNI-ISOLATION-STAGE-1", rule: ["-j", "RETURN", ...c(dflt)], prepend: false },
    { chain: "CNI-ISOLATION-STAGE-2", rule: ["-o", "cni0", "-j", "DROP", ...c(dflt)], prepend: true },
    { chain: "CNI-ISOLATION-STAGE-2", rule: ["-j", "RETURN", ...c(dflt)], prepend: false },
  ]);
  const isolated = isolationRules("cni0", { isolated: true });
  assertEquals(isolated[2], {
    chain: "CNI-ISOLATION-STAGE-1",
    rule: ["-i", "cni0", "-o", "cni0", "-j", "DROP", ...c("CNI firewall plugin rules (ingressPolicy: isolated)")],
    prepend: true,
  });
});
