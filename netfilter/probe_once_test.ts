import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { probeOnce } from "./probe_once.ts";

Deno.test("probeOnce() answers each key once per runner, and shares an answer still pending", async () => {
  const { run } = fakeRunner();
  let probes = 0;
  const ask = () => Promise.resolve(++probes === 1);
  const a = { name: "a", ask };
  assertEquals(await Promise.all([probeOnce(run, a), probeOnce(run, a)]), [true, true]);
  assertEquals(await probeOnce(run, { name: "b", ask }), false);
  assertEquals(await probeOnce(fakeRunner().run, a), false);
  assertEquals(probes, 3);
});

Deno.test("probeOnce() forgets a probe that threw", async () => {
  const { run } = fakeRunner();
  await rejects(probeOnce(run, { name: "a", ask: () => Promise.reject(new Error("spawn failed")) }), /spawn failed/);
  assertEquals(await probeOnce(run, { name: "a", ask: () => Promise.resolve(true) }), true);
});
