import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { defaultBackend, supportsIptables, supportsNftables } from "./backend.ts";

Deno.test("defaultBackend() picks iptables after one probe and does not probe nft", async () => {
  const { run, calls } = fakeRunner();
  assertEquals(await defaultBackend({ run }), "iptables");
  assertEquals(calls.map((c) => [c.binary, ...c.args].join(" ")), ["iptables --wait -t filter -S INPUT 1"]);
});

Deno.test("defaultBackend() picks nftables when only nft works", async () => {
  const { run, calls } = fakeRunner((c) => (c.binary === "iptables" ? { code: 4, stderr: "no iptables" } : {}));
  assertEquals(await defaultBackend({ run }), "nftables");
  assertEquals(calls.map((c) => c.binary), ["iptables", "nft"]);
});

Deno.test("supportsIptables() and supportsNftables() probe once per runner, whatever the answer", async () => {
  const { run, calls } = fakeRunner((c) => (c.binary === "nft" ? { code: 1 } : {}));
  for (let i = 0; i < 3; i++) {
    assertEquals(await defaultBackend({ run }), "iptables");
    assertEquals(await supportsIptables({ run }), true);
    assertEquals(await supportsNftables({ run }), false);
  }
  assertEquals(calls.map((c) => c.binary), ["iptables", "nft"]);
});
