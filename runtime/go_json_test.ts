import { strictEqual, throws } from "node:assert/strict";
import { marshalGoJson } from "./go_json.ts";

Deno.test("marshalGoJson() escapes HTML characters and line separators as Go does", () => {
  strictEqual(marshalGoJson("a<b>&c\u2028\u2029"), '"a\\u003cb\\u003e\\u0026c\\u2028\\u2029"');
  strictEqual(marshalGoJson('tab\tnl\n\x01"\\'), '"tab\\tnl\\n\\u0001\\"\\\\"');
  strictEqual(marshalGoJson("\ud800x"), '"\\ufffdx"');
});

Deno.test("marshalGoJson() keeps insertion order unless keys are sorted bytewise", () => {
  const value = { z: 1, B: [true, null], a: { y: "", x: 1.5 }, skip: undefined };
  strictEqual(marshalGoJson(value), '{"z":1,"B":[true,null],"a":{"y":"","x":1.5}}');
  strictEqual(marshalGoJson(value, { sortKeys: true }), '{"B":[true,null],"a":{"x":1.5,"y":""},"z":1}');
});

Deno.test("marshalGoJson() formats numbers like Go's float64 encoder", () => {
  strictEqual(marshalGoJson([1500, 0.000001, 1e-7, 1e21, 123456789012]), "[1500,0.000001,1e-7,1e+21,123456789012]");
  throws(() => marshalGoJson(NaN), TypeError);
});
