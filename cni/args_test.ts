import assert from "node:assert/strict";
import { checkArgs, parseArgBool, parseArgs } from "./args.ts";
import { CniError } from "./errors.ts";

function codeOf(fn: () => unknown): [number, string] {
  try {
    fn();
  } catch (e) {
    if (e instanceof CniError) return [e.code, e.message];
    throw e;
  }
  throw new Error("expected a CniError");
}

Deno.test("parseArgs() splits K=V pairs in order and keeps empty values", () => {
  assert.deepEqual(parseArgs(""), []);
  assert.deepEqual(parseArgs("IP=10.0.0.5"), [["IP", "10.0.0.5"]]);
  assert.deepEqual(parseArgs("IgnoreUnknown=1;K8S_POD_NAME=web;MAC="), [
    ["IgnoreUnknown", "1"],
    ["K8S_POD_NAME", "web"],
    ["MAC", ""],
  ]);
});

Deno.test("parseArgs() rejects pairs without exactly one '=' with code 4", () => {
  for (const text of ["IP", "a=b=c", "a=b;", ";a=b", "a=b;;c=d"]) {
    const [code, message] = codeOf(() => parseArgs(text));
    assert.equal(code, 4, text);
    assert.match(message, /^ARGS: invalid pair "/);
  }
});

Deno.test("parseArgBool() accepts 1/true/0/false in any case", () => {
  assert.equal(parseArgBool("1"), true);
  assert.equal(parseArgBool("TRUE"), true);
  assert.equal(parseArgBool("0"), false);
  assert.equal(parseArgBool("False"), false);
  assert.equal(codeOf(() => parseArgBool("yes"))[0], 4);
});

Deno.test("checkArgs() returns known keys and rejects unknown ones with code 2 naming them", () => {
  assert.deepEqual(checkArgs(parseArgs("IP=10.0.0.5;IP=10.0.0.6"), ["IP"]), { IP: "10.0.0.6" });
  const [code, message] = codeOf(() => checkArgs(parseArgs("IP=10.0.0.5;FOO=bar;ip=x"), ["IP"]));
  assert.equal(code, 2);
  assert.equal(message, 'ARGS: unknown args ["FOO=bar" "ip=x"]');
});

Deno.test("checkArgs() ignores unknown keys when IgnoreUnknown is 1 or true, wherever it appears", () => {
  assert.deepEqual(checkArgs(parseArgs("K8S_POD_NAME=web;IgnoreUnknown=true;MAC=0a:58:00:00:00:01"), ["MAC"]), {
    MAC: "0a:58:00:00:00:01",
  });
  assert.equal(codeOf(() => checkArgs(parseArgs("IgnoreUnknown=0;X=1"), []))[0], 2);
  assert.equal(codeOf(() => checkArgs(parseArgs("IgnoreUnknown=maybe"), []))[0], 4);
});
