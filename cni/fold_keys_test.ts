import assert from "node:assert/strict";
import * as z from "zod/mini";
import { foldKeys, foldKeysDeep, schemaKeysOf } from "./fold_keys.ts";
import { netconf } from "./netconf.ts";

Deno.test("foldKeys() renames keys that match a schema key ignoring case", () => {
  assert.deepEqual(foldKeys({ Bridge: "br0", IPMASQ: true, other: 1 }, ["bridge", "ipMasq"]), {
    bridge: "br0",
    ipMasq: true,
    other: 1,
  });
});

Deno.test("foldKeys() lets an exact key win over a folded duplicate", () => {
  assert.deepEqual(foldKeys({ Bridge: "b", bridge: "a" }, ["bridge"]), { Bridge: "b", bridge: "a" });
});

Deno.test("foldKeys() keeps key order and returns non-objects unchanged", () => {
  assert.deepEqual(Object.keys(foldKeys({ z: 1, MTU: 2, a: 3 }, ["mtu"]) as object), ["z", "mtu", "a"]);
  assert.equal(foldKeys("x", ["a"]), "x");
  assert.deepEqual(foldKeys([1], ["a"]), [1]);
});

Deno.test("foldKeysDeep() folds nested objects and arrays through optional, default and pipe wrappers", () => {
  const schema = netconf({
    bridge: z._default(z.string(), "cni0"),
    ipam: z.optional(z.looseObject({
      type: z.string(),
      ranges: z._default(z.array(z.array(z.object({ subnet: z.string(), rangeStart: z.optional(z.string()) }))), []),
    })),
    name: z.pipe(z.string(), z.transform((s) => s.toUpperCase())),
  });
  const folded = foldKeysDeep(
    {
      NAME: "n",
      Bridge: "br",
      IPAM: { Type: "host-local", RANGES: [[{ SUBNET: "10.0.0.0/24", RangeStart: "10.0.0.9" }]] },
    },
    schema,
  );
  assert.deepEqual(folded, {
    name: "n",
    bridge: "br",
    ipam: { type: "host-local", ranges: [[{ subnet: "10.0.0.0/24", rangeStart: "10.0.0.9" }]] },
  });
  assert.equal(schema.parse(folded).ipam?.ranges[0]?.[0]?.rangeStart, "10.0.0.9");
});

Deno.test("schemaKeysOf() lists an object's keys, also under wrappers", () => {
  const inner = z.object({ a: z.string(), b: z.number() });
  assert.deepEqual(schemaKeysOf(inner), ["a", "b"]);
  assert.deepEqual(schemaKeysOf(z.optional(inner)), ["a", "b"]);
  assert.deepEqual(schemaKeysOf(z.pipe(inner, z.transform((v) => v))), ["a", "b"]);
  assert.deepEqual(schemaKeysOf(z.string()), []);
});
