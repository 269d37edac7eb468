import { deepStrictEqual as assertEquals, rejects } from "node:assert/strict";
import { fakeRunner } from "./_fake_runner.ts";
import { probeOnce } from "./probe_once.ts";

Deno.test("probeOnce() answers each key once per runner, and shares an answer still pending", async () => {
  const { run } = fakeRunner();
  let probes = 0;
  const probe = () => Promise.resolve(++probes === 1);
  assertEquals(await Promise.all([probeOnce(run, "a", probe), probeOnce(run, "a", probe)]), [true, true]);
  assertEquals(await probeOnce(run, "b", probe), false);
  assertEquals(await probeOnce(fakeRunner().run, "a", probe), false);
  assertEquals(probes, 3);
});

Deno.test("probeOnce() forgets a probe that threw", async () => {
  const { run } = fakeRunner();
  await rejects(probeOnce(run, "a", () => Promise.reject(new Error("spawn failed"))), /spawn failed/);
  assertEquals(await probeOnce(run, "a", () => Promise.resolve(true)), true);
});
