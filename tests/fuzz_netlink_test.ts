/**
 * Seeded fuzzing of netlink decoding: random bytes and bytes mutated from the kernel captures in netlink/testdata go
 * through every decoder netlink exports (messages, errors, links, addresses, routes, rules, neighbours, bridge
 * ports, conntrack, tc) and every link kind driver. A decoder may refuse input only with a RangeError or
 * SyntaxError naming the problem; a TypeError, any other error or a non-terminating loop is a bug.
 * Replay with `CNI_FUZZ_SEED=<seed>`; `deno task stress` runs longer.
 * @module
 */
import assert from "node:assert/strict";
import {
  decodeAddress,
  decodeBridgePort,
  decodeLink,
  decodeNeighbor,
  decodeRoute,
  decodeRule,
  LINK_DRIVERS,
} from "../netlink/mod.ts";
import { AttributeDecoder, decodeDonePayload, decodeErrorPayload, decodeMessages } from "../netlink/wire/mod.ts";
import { decodeConntrackFlow } from "../netlink/netfilter/mod.ts";
import { decodeFilter, decodeQdisc, decodeTbf, decodeU32 } from "../netlink/tc/mod.ts";
import { decodeActions } from "../netlink/tc/action.ts";
import { decodeTcmsg } from "../netlink/tc/tcmsg.ts";
import { decodeMirred } from "../netlink/tc/mirred.ts";
import { decodeRateSpec, decodeRateTable } from "../netlink/tc/rate_spec.ts";
import { loadCapture } from "../netlink/testdata/capture_file.ts";
import { fuzzBudget, fuzzLoop, type Prng } from "./fixtures/prng.ts";

const CAPTURES = [
  "addr_v4",
  "addr_v6",
  "bridge_port",
  "link_bridge",
  "link_lo",
  "link_veth",
  "neigh_v4",
  "route_v4_metrics",
  "route_v4_table1000",
  "route_v6_gateway",
  "rule_v4_from",
].map((name) => loadCapture(name).data);

/** Every decoder under test, by name; each takes the payload bytes. */
const DECODERS: ReadonlyArray<readonly [string, (data: Uint8Array) => unknown]> = [
  ["decodeMessages", decodeMessages],
  ["decodeErrorPayload", (d) => decodeErrorPayload(d, 0)],
  ["decodeErrorPayload(capped+acked)", (d) => decodeErrorPayload(d, 0x300)],
  ["decodeDonePayload", (d) => decodeDonePayload(d, 0x200)],
  ["decodeLink", decodeLink],
  ["decodeAddress", decodeAddress],
  ["decodeRoute", decodeRoute],
  ["decodeRule", decodeRule],
  ["decodeNeighbor", decodeNeighbor],
  ["decodeBridgePort", decodeBridgePort],
  ["decodeConntrackFlow", decodeConntrackFlow],
  ["decodeTcmsg", decodeTcmsg],
  ["decodeQdisc", decodeQdisc],
  ["decodeFilter", decodeFilter],
  ["decodeTbf", decodeTbf],
  ["decodeU32", decodeU32],
  ["decodeActions", decodeActions],
  ["decodeMirred", decodeMirred],
  ["decodeRateSpec", decodeRateSpec],
  ["decodeRateTable", decodeRateTable],
  ...LINK_DRIVERS.map((driver) =>
    [`${driver.kind} driver`, (d: Uint8Array) => {
      const dec = new AttributeDecoder(d);
      const value = driver.decode(dec);
      dec.finish();
      return value;
    }] as const
  ),
];

/** A payload: random bytes, a capture, or a capture with a few mutations. */
function payload(prng: Prng): Uint8Array {
  if (prng.chance(0.2)) return prng.bytes(prng.int(prng.chance() ? 24 : 600));
  const bytes = Uint8Array.from(prng.pick(CAPTURES));
  let out: Uint8Array = bytes;
  for (let n = prng.int(4); n > 0 && out.length > 0; n--) {
    const at = prng.int(out.length);
    switch (prng.int(5)) {
      case 0: // flip a byte
        out[at] = prng.int(256);
        break;
      case 1: // truncate
        out = out.subarray(0, at);
        break;
      case 2: { // rewrite a 16-bit length-looking field at a 4-aligned offset
        const aligned = at & ~3;
        if (aligned + 1 < out.length) {
          const length = prng.pick([0, 1, 3, 4, 5, 8, 0xffff, prng.int(out.length + 8)]);
          out[aligned] = length & 0xff;
          out[aligned + 1] = length >> 8;
        }
        break;
      }
      case 3: { // insert random bytes
        const extra = prng.bytes(1 + prng.int(12));
        const grown = new Uint8Array(out.length + extra.length);
        grown.set(out.subarray(0, at));
        grown.set(extra, at);
        grown.set(out.subarray(at), at + extra.length);
        out = grown;
        break;
      }
      default: { // set the nested flag or the type of an attribute-looking header
        const aligned = (at & ~3) + 2;
        if (aligned + 1 < out.length) {
          out[aligned] = prng.int(256);
          out[aligned + 1] = prng.pick([0, 0x80, 0x40, prng.int(256)]);
        }
      }
    }
  }
  return out;
}

Deno.test("netlink fuzz: every decoder refuses random and mutated captures with a RangeError or SyntaxError", async () => {
  const rounds = await fuzzLoop("netlink fuzz", (prng) => {
    const data = payload(prng);
    for (const [name, decode] of DECODERS) {
      try {
        decode(data);
      } catch (err) {
        const ok = err instanceof RangeError || err instanceof SyntaxError;
        const hex = Array.from(data, (b) => b.toString(16).padStart(2, "0")).join("");
        assert.ok(ok, `${name} threw ${err instanceof Error ? err.stack : err} on ${hex}`);
      }
    }
  }, { budget: fuzzBudget({ iterations: 1500, ms: 10_000 }) });
  assert.ok(rounds > 0);
});

Deno.test("netlink fuzz: every capture still decodes (the corpus the mutations start from is valid)", () => {
  for (const data of CAPTURES) assert.ok(DECODERS.some(([, decode]) => tryDecode(decode, data)));
});

function tryDecode(decode: (data: Uint8Array) => unknown, data: Uint8Array): boolean {
  try {
    decode(data);
    return true;
  } catch {
    return false;
  }
}
