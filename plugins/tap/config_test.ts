import assert from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { loadTapConfig, TapConfig } from "./config.ts";

function parse(extra: Record<string, unknown>): TapConfig {
  return TapConfig.parse({ cniVersion: "1.0.0", name: "n", type: "tap", ...extra });
}

Deno.test("loadTapConfig() picks the MAC from runtimeConfig, then CNI_ARGS, then the config", () => {
  const args = [["MAC", "0a:00:00:00:00:02"]] as const;
  const all = parse({ mac: "0a:00:00:00:00:01", runtimeConfig: { mac: "0a:00:00:00:00:03" } });
  assert.equal(loadTapConfig(all, { args }).mac?.toString(), "0a:00:00:00:00:03");
  assert.equal(loadTapConfig(parse({ mac: "0a:00:00:00:00:01" }), { args }).mac?.toString(), "0a:00:00:00:00:02");
  assert.equal(loadTapConfig(parse({ mac: "0a:00:00:00:00:01" }), { args: [] }).mac?.toString(), "0a:00:00:00:00:01");
  assert.equal(loadTapConfig(parse({}), { args: [] }).mac, undefined);
});

Deno.test("loadTapConfig() sets vnetHdr only with both owner and group, and refuses a bad MAC with code 7", () => {
  assert.equal(loadTapConfig(parse({ owner: 0, group: 0 }), { args: [] }).vnetHdr, true);
  assert.equal(loadTapConfig(parse({ owner: 1000 }), { args: [] }).vnetHdr, false);
  assert.throws(
    () => loadTapConfig(parse({ mac: "nope" }), { args: [] }),
    (err: unknown) => err instanceof CniError && err.code === 7,
  );
});

Deno.test("TapConfig defaults match the reference", () => {
  const config = parse({});
  assert.equal(config.multiQueue, false);
  assert.equal(config.mtu, 0);
  assert.equal(config.selinuxContext, "");
  assert.equal(config.bridge, "");
  assert.equal(config.owner, undefined);
});
