/**
 * Seeded fuzzing of results across spec versions: random results of every generation are parsed, converted to
 * random target versions and parsed back. Conversion may refuse only with a CniError; a converted result must parse
 * at its target version, converting it again must give the same bytes, and no address may appear that the source
 * did not have. Mutated results must be refused with a CniError (6 or 1), never anything else.
 * Replay with `CNI_FUZZ_SEED=<seed>`; `deno task stress` runs longer.
 * @module
 */
import assert from "node:assert/strict";
import { CniError, formatResult, parseResult, type Result, SPEC_VERSIONS } from "../cni/mod.ts";
import { fuzzBudget, fuzzLoop, type Prng } from "./fixtures/prng.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function v4(prng: Prng): string {
  return `10.${prng.int(256)}.${prng.int(256)}.${1 + prng.int(254)}`;
}
function v6(prng: Prng): string {
  return `2001:db8:${prng.int(0x10000).toString(16)}::${(1 + prng.int(0xfffe)).toString(16)}`;
}
function address(prng: Prng, family: 4 | 6): string {
  return family === 4 ? `${v4(prng)}/${8 + prng.int(25)}` : `${v6(prng)}/${48 + prng.int(81)}`;
}
function route(prng: Prng, family: 4 | 6, rich: boolean): Record<string, Json> {
  const r: Record<string, Json> = { dst: family === 4 ? "0.0.0.0/0" : "::/0" };
  if (prng.chance()) r.gw = family === 4 ? v4(prng) : v6(prng);
  if (rich && prng.chance(0.3)) r.mtu = 1280 + prng.int(8000);
  if (rich && prng.chance(0.3)) r.priority = prng.int(1000);
  if (rich && prng.chance(0.3)) r.table = 1 + prng.int(5000);
  if (rich && prng.chance(0.3)) r.scope = prng.pick([0, 200, 253, 254]);
  return r;
}
function dns(prng: Prng): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (prng.chance()) out.nameservers = [v4(prng), v6(prng)].slice(0, 1 + prng.int(2));
  if (prng.chance()) out.domain = prng.pick(["example.test", "é.test", "a<b>&c"]);
  if (prng.chance()) out.search = ["example.test"];
  if (prng.chance()) out.options = ["ndots:2"];
  return out;
}

/** A random, valid result of `version`, as JSON. */
function randomResult(prng: Prng, version: string): Record<string, Json> {
  if (version === "0.1.0" || version === "0.2.0") {
    const out: Record<string, Json> = { cniVersion: version };
    for (const family of [4, 6] as const) {
      if (!prng.chance(0.7)) continue;
      const ip: Record<string, Json> = { ip: address(prng, family) };
      if (prng.chance()) ip.gateway = family === 4 ? v4(prng) : v6(prng);
      if (prng.chance()) ip.routes = [route(prng, family, false)];
      out[`ip${family}`] = ip;
    }
    if (prng.chance()) out.dns = dns(prng);
    return out;
  }
  const rich = version === "1.1.0";
  const interfaces: Json[] = [];
  for (let n = prng.int(3); n > 0; n--) {
    const i: Record<string, Json> = { name: prng.pick(["eth0", "cnit0", "net1", "vethé"]) };
    if (prng.chance()) i.mac = "0a:58:0a:00:00:0" + prng.int(10);
    if (prng.chance()) i.sandbox = "/var/run/netns/cnit-x";
    if (rich && prng.chance(0.3)) i.mtu = 1500;
    if (rich && prng.chance(0.3)) i.socketPath = "/run/cnit.sock";
    if (rich && prng.chance(0.3)) i.pciID = "0000:00:1f.6";
    interfaces.push(i);
  }
  const ips: Json[] = [];
  for (let n = prng.int(4); n > 0; n--) {
    const family = prng.pick([4, 6] as const);
    const ip: Record<string, Json> = { address: address(prng, family) };
    if (version.startsWith("0.")) ip.version = String(family);
    if (prng.chance()) ip.gateway = family === 4 ? v4(prng) : v6(prng);
    if (interfaces.length > 0 && prng.chance()) ip.interface = prng.int(interfaces.length);
    ips.push(ip);
  }
  const out: Record<string, Json> = { cniVersion: version, interfaces, ips };
  if (prng.chance()) out.routes = [route(prng, prng.pick([4, 6] as const), rich)];
  if (prng.chance()) out.dns = dns(prng);
  return out;
}

function addressesOf(result: Result): Set<string> {
  return new Set((result.ips ?? []).map((ip) => ip.address));
}

/** Converts, or returns the CniError that refused; any other error fails the test. */
function tryFormat(result: Result, to: string): string | CniError {
  try {
    return formatResult(result, to);
  } catch (err) {
    if (err instanceof CniError) return err;
    throw err;
  }
}

Deno.test("result fuzz: random results convert between every version pair and parse back at the target", async () => {
  const rounds = await fuzzLoop("result fuzz", (prng) => {
    const from = prng.pick(SPEC_VERSIONS);
    const to = prng.pick(SPEC_VERSIONS);
    const json = randomResult(prng, from);
    const context = `${from} → ${to}: ${JSON.stringify(json)}`;
    const parsed = parseResult(structuredClone(json));
    const printed = tryFormat(parsed, to);
    if (printed instanceof CniError) {
      assert.equal(printed.code, 1, `${context}: refused with ${printed.code} ${printed.message}`);
      assert.equal(to.startsWith("0.1") || to.startsWith("0.2"), true, `${context}: refused ${printed.message}`);
      return;
    }
    const back = parseResult(JSON.parse(printed));
    assert.equal(back.cniVersion, to, context);
    for (const a of addressesOf(back)) assert.ok(addressesOf(parsed).has(a), `${context}: invented ${a}`);
    assert.equal(formatResult(back, to), printed, `${context}: converting twice changed the output`);
  }, { budget: fuzzBudget({ iterations: 3000, ms: 10_000 }) });
  assert.ok(rounds > 0);
});

const ODD: Json[] = [null, true, 0, -1, 1e308, "", "x", "10.0.0.1/99", "::/129", [], {}, [null], "4", "6", "7"];

function odd(prng: Prng): Json {
  return structuredClone(prng.pick(ODD));
}

function mutate(node: Json, prng: Prng): Json {
  if (Array.isArray(node)) {
    if (node.length > 0 && prng.chance(0.6)) {
      const at = prng.int(node.length);
      node[at] = mutate(node[at] as Json, prng);
    } else node.push(odd(prng));
    return node;
  }
  if (typeof node === "object" && node !== null) {
    const keys = Object.keys(node);
    if (keys.length > 0 && prng.chance(0.6)) {
      const key = prng.pick(keys);
      if (prng.chance(0.2)) delete node[key];
      else node[key] = mutate(node[key] as Json, prng);
    } else {
      const key = prng.pick(["ips", "ip4", "ip6", "interfaces", "routes", "dns", "cniVersion", "__proto__"]);
      Object.defineProperty(node, key, { value: odd(prng), enumerable: true, writable: true, configurable: true });
    }
    return node;
  }
  return odd(prng);
}

Deno.test("result fuzz: mutated results are refused with a CniError or convert cleanly", async () => {
  const rounds = await fuzzLoop("mutated result fuzz", (prng) => {
    const json = randomResult(prng, prng.pick(SPEC_VERSIONS));
    for (let n = 1 + prng.int(3); n > 0; n--) mutate(json, prng);
    const text = JSON.stringify(json);
    let parsed: Result;
    try {
      parsed = parseResult(JSON.parse(text), prng.pick([...SPEC_VERSIONS, "9.9.9"]));
    } catch (err) {
      assert.ok(err instanceof CniError, `parseResult threw ${err} on ${text}`);
      assert.ok([1, 6].includes(err.code), `parseResult code ${err.code} on ${text}`);
      return;
    }
    const printed = tryFormat(parsed, prng.pick(SPEC_VERSIONS));
    if (typeof printed === "string") JSON.parse(printed);
  }, { budget: fuzzBudget({ iterations: 3000, ms: 10_000 }) });
  assert.ok(rounds > 0);
});
