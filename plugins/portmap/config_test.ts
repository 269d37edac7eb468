import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { backendOfConditions, optionsForOtherBackend, PortmapConfig } from "./config.ts";
import { containerIps } from "./container_ips.ts";
import { routeInterfaceFromTable } from "./routable_host_interface.ts";
import { IP } from "../../addr/mod.ts";

const base = { cniVersion: "1.0.0", name: "net", type: "portmap" };

Deno.test("PortmapConfig applies the reference's defaults", () => {
  const conf = PortmapConfig.parse(base);
  assertEquals([conf.snat, conf.masqAll, conf.markMasqBit, conf.runtimeConfig.portMappings], [
    true,
    false,
    undefined,
    [],
  ]);
});

Deno.test("PortmapConfig rejects markMasqBit with externalSetMarkChain, bits over 31 and port 0", () => {
  assert(!PortmapConfig.safeParse({ ...base, markMasqBit: 13, externalSetMarkChain: "X" }).success);
  assert(!PortmapConfig.safeParse({ ...base, markMasqBit: 32 }).success);
  const bad = { hostPort: 0, containerPort: 80, protocol: "tcp" };
  assert(!PortmapConfig.safeParse({ ...base, runtimeConfig: { portMappings: [bad] } }).success);
  const upper = { hostPort: 1, containerPort: 80, protocol: "TCP" };
  assertEquals(
    PortmapConfig.parse({ ...base, runtimeConfig: { portMappings: [upper] } }).runtimeConfig.portMappings[0]!.protocol,
    "tcp",
  );
});

Deno.test("optionsForOtherBackend() names options that belong to the other backend", () => {
  assertEquals(backendOfConditions(["-d", "1.2.3.4"]), "iptables");
  assertEquals(backendOfConditions(["ip", "daddr", "1.2.3.4"]), "nftables");
  assertEquals(backendOfConditions([""]), undefined);
  const conf = PortmapConfig.parse({
    ...base,
    externalSetMarkChain: "K",
    conditionsV4: ["-d", "x"],
    conditionsV6: ["ip6"],
  });
  assertEquals(optionsForOtherBackend(conf, "nftables"), ["externalSetMarkChain", "conditionsV4"]);
  assertEquals(optionsForOtherBackend(conf, "iptables"), ["conditionsV6"]);
});

Deno.test("containerIps() takes the first v4 and v6 on the sandbox interface named ifname", () => {
  const result = {
    cniVersion: "1.1.0",
    interfaces: [{ name: "cni0" }, { name: "eth0", sandbox: "/run/netns/x" }, { name: "eth1", sandbox: "/x" }],
    ips: [
      { address: "10.0.0.1/24", interface: 0 },
      { address: "10.0.1.5/24", interface: 2 },
      { address: "10.0.0.5/24", interface: 1 },
      { address: "fd00::5/64" },
      { address: "10.0.0.6/24", interface: 1 },
    ],
  };
  assertEquals(containerIps(result, "eth0"), { v4: "10.0.0.5/24", v6: "fd00::5/64" });
});

Deno.test("routeInterfaceFromTable() picks the longest matching IPv4 prefix", () => {
  const table = [
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
    "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0",
    "cni0\t0000FF0A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
    "veth1\t0500FF0A\t00000000\t0005\t0\t0\t0\tFFFFFFFF\t0\t0\t0",
  ].join("\n");
  assertEquals(routeInterfaceFromTable(table, IP.parse("10.255.0.5")), "veth1");
  assertEquals(routeInterfaceFromTable(table, IP.parse("10.255.0.6")), "cni0");
  assertEquals(routeInterfaceFromTable(table, IP.parse("8.8.8.8")), "eth0");
  assertEquals(routeInterfaceFromTable(table, IP.parse("fd00::1")), undefined);
});
