import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { DEFAULT_DATA_DIR, resolveTuning, TuningConfig } from "./config.ts";

const base = { cniVersion: "1.0.0", name: "n", type: "tuning" };

Deno.test("resolveTuning() uses the defaults of the reference", () => {
  const plan = resolveTuning(TuningConfig.parse(base), []);
  deepStrictEqual(plan.sysctl, new Map());
  strictEqual(plan.mac, undefined);
  strictEqual(plan.promisc, false);
  strictEqual(plan.mtu, 0);
  strictEqual(plan.allmulti, undefined);
  strictEqual(plan.txQLen, undefined);
  strictEqual(plan.dataDir, DEFAULT_DATA_DIR);
});

Deno.test("resolveTuning() lets CNI_ARGS MAC, then runtimeConfig.mac, then args.cni.mac win", () => {
  const mac = (config: object, args: Array<[string, string]> = []) =>
    resolveTuning(TuningConfig.parse({ ...base, mac: "02:00:00:00:00:01", ...config }), args).mac?.toString();
  strictEqual(mac({}), "02:00:00:00:00:01");
  strictEqual(mac({}, [["MAC", "02:00:00:00:00:02"]]), "02:00:00:00:00:02");
  strictEqual(
    mac({ runtimeConfig: { mac: "02:00:00:00:00:03" } }, [["MAC", "02:00:00:00:00:02"]]),
    "02:00:00:00:00:03",
  );
  strictEqual(
    mac({ runtimeConfig: { mac: "02:00:00:00:00:03" }, args: { cni: { mac: "02:00:00:00:00:04" } } }),
    "02:00:00:00:00:04",
  );
});

Deno.test("resolveTuning() merges args.cni.sysctl over sysctl and lets args.cni override link settings", () => {
  const plan = resolveTuning(
    TuningConfig.parse({
      ...base,
      sysctl: { "net.a": "1", "net.b": "2" },
      mtu: 1400,
      args: { cni: { sysctl: { "net.b": "3" }, mtu: 1300, promisc: true, allmulti: false, txQLen: 5 } },
    }),
    [],
  );
  deepStrictEqual([...plan.sysctl], [["net.a", "1"], ["net.b", "3"]]);
  strictEqual(plan.mtu, 1300);
  strictEqual(plan.promisc, true);
  strictEqual(plan.allmulti, false);
  strictEqual(plan.txQLen, 5);
});

Deno.test("resolveTuning() refuses an invalid MAC and unknown CNI_ARGS", () => {
  throws(() => resolveTuning(TuningConfig.parse({ ...base, mac: "nope" }), []), (err) => {
    ok(err instanceof CniError);
    strictEqual(err.code, 7);
    return true;
  });
  throws(() => resolveTuning(TuningConfig.parse(base), [["FOO", "1"]]), CniError);
  strictEqual(resolveTuning(TuningConfig.parse(base), [["FOO", "1"], ["IgnoreUnknown", "1"]]).mac, undefined);
});
