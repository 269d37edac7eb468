/**
 * Seeded fuzzing of CNI_ARGS: random strings over the characters that matter (`;`, `=`, NUL, unicode, spaces) go
 * through `parseArgs` and, as the real environment, through the skel with the static IPAM plugin (which reads `IP`
 * from CNI_ARGS and touches nothing on the host). A string is either split losslessly into pairs or refused with
 * code 4; the skel answers JSON and never 999. Replay with `CNI_FUZZ_SEED=<seed>`.
 * @module
 */
import assert from "node:assert/strict";
import { CniError, invokePlugin, parseArgs } from "../cni/mod.ts";
import { staticIpam } from "../ipam/static/mod.ts";
import { fuzzBudget, fuzzLoop, type Prng } from "./fixtures/prng.ts";

const PIECES = [
  "IP",
  "=",
  ";",
  "10.1.2.3",
  "/24",
  "IgnoreUnknown",
  "1",
  "true",
  "K8S_POD_NAME",
  "\u0000",
  "é",
  " ",
  "",
];

function argsText(prng: Prng): string {
  let text = "";
  for (let n = prng.int(12); n > 0; n--) {
    text += prng.chance(0.8) ? prng.pick(PIECES) : String.fromCharCode(prng.int(0x3000));
  }
  return prng.chance(0.05) ? text.repeat(2000) : text;
}

Deno.test("args fuzz: parseArgs splits losslessly into key=value pairs or refuses with code 4", async () => {
  const rounds = await fuzzLoop("args fuzz", (prng) => {
    const text = argsText(prng);
    let pairs;
    try {
      pairs = parseArgs(text);
    } catch (err) {
      assert.ok(err instanceof CniError && err.code === 4, `parseArgs(${JSON.stringify(text)}) threw ${err}`);
      return;
    }
    for (const [key, value] of pairs) assert.ok(!`${key}${value}`.includes("=") && !`${key}${value}`.includes(";"));
    assert.equal(pairs.map(([k, v]) => `${k}=${v}`).join(";"), text);
  }, { budget: fuzzBudget({ iterations: 5000, ms: 5_000 }) });
  assert.ok(rounds > 0);
});

Deno.test("args fuzz: the skel answers JSON for any CNI_ARGS and never 999", async () => {
  const stdin = new TextEncoder().encode(JSON.stringify({
    cniVersion: "1.0.0",
    name: "cnit-args",
    type: "static",
    ipam: { type: "static", addresses: [{ address: "10.9.0.2/24" }] },
    args: { cni: { ips: ["10.9.0.3/24"] } },
  }));
  const rounds = await fuzzLoop("skel args fuzz", async (prng) => {
    const args = argsText(prng);
    const outcome = await invokePlugin(staticIpam, {
      env: {
        CNI_COMMAND: "ADD",
        CNI_CONTAINERID: "cnit-a",
        CNI_NETNS: "/nonexistent",
        CNI_IFNAME: "eth0",
        CNI_ARGS: args,
      },
      stdin,
    });
    const json = JSON.parse(outcome.stdout) as { code?: number; msg?: string };
    const context = `CNI_ARGS=${JSON.stringify(args)}: ${outcome.stdout}`;
    if (outcome.exitCode === 0) return;
    assert.equal(outcome.exitCode, 1, context);
    assert.ok(typeof json.code === "number" && json.code !== 999, context);
    assert.equal(typeof json.msg, "string", context);
  }, { budget: fuzzBudget({ iterations: 1500, ms: 8_000 }) });
  assert.ok(rounds > 0);
});
