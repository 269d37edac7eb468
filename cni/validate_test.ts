import assert from "node:assert/strict";
import { CniError } from "./errors.ts";
import { validateContainerId, validateInterfaceName, validateNetworkName, validatePluginType } from "./validate.ts";

function errorOf(fn: () => void): CniError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CniError) return e;
    throw e;
  }
  return undefined;
}

Deno.test("validateContainerId() accepts runtime IDs and rejects empty (3) or bad characters (4)", () => {
  for (const id of ["a", "0f3c2b", "cnitool-77f8d1a2b3", "pod_1.x-y"]) {
    assert.equal(errorOf(() => validateContainerId(id)), undefined);
  }
  assert.equal(errorOf(() => validateContainerId(""))?.code, 3);
  const bad = errorOf(() => validateContainerId("-leading"));
  assert.equal(bad?.code, 4);
  assert.equal(bad?.message, "invalid characters in containerID");
  assert.equal(bad?.details, "-leading");
  for (const id of ["a/b", "a b", "_x", "é"]) assert.equal(errorOf(() => validateContainerId(id))?.code, 4, id);
});

Deno.test("validateNetworkName() uses code 7 for empty or bad names", () => {
  assert.equal(errorOf(() => validateNetworkName("k8s-pod-network")), undefined);
  assert.equal(errorOf(() => validateNetworkName(""))?.message, "missing network name");
  const bad = errorOf(() => validateNetworkName("my net"));
  assert.equal(bad?.code, 7);
  assert.equal(bad?.details, "my net");
});

Deno.test("validateInterfaceName() applies the kernel's rules with code 4", () => {
  for (const name of ["eth0", "net1", "a".repeat(15), "veth-x.100", "é"]) {
    assert.equal(errorOf(() => validateInterfaceName(name)), undefined, name);
  }
  const cases: Array<[string, string]> = [
    ["", "interface name is empty"],
    ["a".repeat(16), "interface name is too long"],
    ["é".repeat(8), "interface name is too long"],
    [".", "interface name is . or .."],
    ["..", "interface name is . or .."],
    ["a/b", "interface name contains / or : or whitespace characters"],
    ["eth0:1", "interface name contains / or : or whitespace characters"],
    ["eth 0", "interface name contains / or : or whitespace characters"],
    ["eth\t0", "interface name contains / or : or whitespace characters"],
  ];
  for (const [name, message] of cases) {
    const err = errorOf(() => validateInterfaceName(name));
    assert.equal(err?.code, 4, name);
    assert.equal(err?.message, message, name);
  }
});

Deno.test("validatePluginType() rejects path separators", () => {
  assert.equal(errorOf(() => validatePluginType("host-local")), undefined);
  for (const type of ["", "../bridge", "a\\b"]) assert.equal(errorOf(() => validatePluginType(type))?.code, 7, type);
});
