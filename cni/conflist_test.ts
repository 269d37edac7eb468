import assert from "node:assert/strict";
import { buildPluginConfig, confFromSingle, parseConfList } from "./conflist.ts";
import { parseResult } from "./convert.ts";
import { CniError } from "./errors.ts";

function errorOf(fn: () => unknown): CniError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CniError) return e;
    throw e;
  }
  throw new Error("expected a CniError");
}

const LIST = {
  cniVersion: "0.4.0",
  cniVersions: ["1.0.0", "1.1.0", "2.0.0"],
  name: "cnit-net",
  disableCheck: "True",
  plugins: [
    { type: "bridge", bridge: "cni0", ipam: { type: "host-local", subnet: "10.22.0.0/16" } },
    { type: "portmap", capabilities: { portMappings: true, bandwidth: false }, snat: true },
  ],
  comment: "kept",
};

Deno.test("parseConfList() negotiates the version and reads string booleans", () => {
  const list = parseConfList(LIST);
  assert.equal(list.cniVersion, "1.1.0");
  assert.equal(list.disableCheck, true);
  assert.equal(list.disableGC, false);
  assert.equal(list.loadOnlyInlinedPlugins, false);
  assert.equal(list.plugins.length, 2);
  assert.equal(list.plugins[1]?.snat, true);
  assert.equal(list.comment, "kept");
  assert.equal(parseConfList({ name: "n", disableGC: "FALSE", plugins: [{ type: "x" }] }).cniVersion, "0.1.0");
  assert.deepEqual(parseConfList({ name: "n" }).plugins, []);
});

Deno.test("parseConfList() rejects bad lists with code 7 and the path", () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ plugins: [{ type: "x" }] }, /name: Invalid input/],
    [{ name: "n", plugins: [{ type: "x" }, {}] }, /plugins\[1\]\.type: Invalid input/],
    [{ name: "n", disableCheck: "yes", plugins: [{ type: "x" }] }, /disableCheck: invalid value "yes"/],
    [{ name: "n", plugins: [] }, /no plugins in list/],
    [{ name: "n", loadOnlyInlinedPlugins: true }, /loadOnlyInlinedPlugins is true and there is no plugins key/],
    [{ name: "n", cniVersions: ["one"], plugins: [{ type: "x" }] }, /Cannot parse CNI version "one"/],
    [{ name: "n", plugins: [{ type: "../x" }] }, /invalid plugin type/],
  ];
  for (const [json, message] of cases) {
    const err = errorOf(() => parseConfList(json));
    assert.equal(err.code, 7, JSON.stringify(json));
    assert.match(err.message, message);
  }
});

Deno.test("confFromSingle() wraps a .conf into a one-plugin list", () => {
  const conf = { cniVersion: "0.3.1", name: "single", type: "ptp", ipMasq: true };
  const list = confFromSingle(conf);
  assert.equal(list.name, "single");
  assert.equal(list.cniVersion, "0.3.1");
  assert.deepEqual(list.plugins, [conf]);
  assert.equal(errorOf(() => confFromSingle({ name: "x" })).code, 7);
});

Deno.test("buildPluginConfig() injects name, negotiated version, prevResult and capability args", () => {
  const list = parseConfList(LIST);
  const prevResult = parseResult({ cniVersion: "1.1.0", ips: [{ address: "10.22.0.7/16" }] });
  const config = buildPluginConfig({ ...list, cniVersion: "0.4.0" }, list.plugins[1]!, {
    prevResult,
    capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }], bandwidth: {}, mac: "x" },
  });
  assert.deepEqual(config, {
    type: "portmap",
    capabilities: { portMappings: true, bandwidth: false },
    snat: true,
    name: "cnit-net",
    cniVersion: "0.4.0",
    prevResult: { cniVersion: "0.4.0", ips: [{ version: "4", address: "10.22.0.7/16" }], dns: {} },
    runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] },
  });
});

Deno.test("buildPluginConfig() leaves runtimeConfig alone when no capability matches", () => {
  const plugin = { type: "bridge", name: "old", cniVersion: "0.1.0", runtimeConfig: { mine: 1 } };
  const config = buildPluginConfig({ name: "cnit-net", cniVersion: "1.1.0" }, plugin, { capabilityArgs: { mac: "x" } });
  assert.deepEqual(config, { type: "bridge", name: "cnit-net", cniVersion: "1.1.0", runtimeConfig: { mine: 1 } });
  assert.deepEqual(plugin.name, "old", "the plugin object is not modified");
});

Deno.test("buildPluginConfig() sends GC attachments under both keys", () => {
  const attachments = [{ containerID: "c1", ifname: "eth0" }];
  const config = buildPluginConfig({ name: "n", cniVersion: "1.1.0" }, { type: "bridge" }, {
    validAttachments: attachments,
  });
  assert.deepEqual(config["cni.dev/valid-attachments"], attachments);
  assert.deepEqual(config["cni.dev/attachments"], attachments);
});

Deno.test("buildPluginConfig() fails when prevResult cannot be expressed in the list's version", () => {
  const prevResult = parseResult({ cniVersion: "1.0.0", interfaces: [{ name: "lo" }] });
  const err = errorOf(() => buildPluginConfig({ name: "n", cniVersion: "0.2.0" }, { type: "x" }, { prevResult }));
  assert.equal(err.message, "cannot convert: no valid IP addresses");
});
