import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { formatSnapshot, parseSnapshot, snapshotPath } from "./snapshot.ts";

Deno.test("formatSnapshot() writes the reference's field order and one-space indent", () => {
  const text = formatSnapshot({ txQLen: 1000, allmulti: false, mtu: 1500, promisc: true, mac: "0a:58:0a:00:00:05" });
  strictEqual(
    text,
    '{\n "mac": "0a:58:0a:00:00:05",\n "promisc": true,\n "mtu": 1500,\n "allmulti": false,\n "txQLen": 1000\n}',
  );
});

Deno.test("formatSnapshot() omits what tuning did not change", () => {
  strictEqual(formatSnapshot({}), "{}");
  strictEqual(formatSnapshot({ mtu: 9000 }), '{\n "mtu": 9000\n}');
});

Deno.test("parseSnapshot() reads back what formatSnapshot() wrote and ignores garbage", () => {
  const snapshot = { mac: "0a:58:0a:00:00:05", promisc: false, mtu: 1400, allmulti: true, txQLen: 0 };
  deepStrictEqual(parseSnapshot(formatSnapshot(snapshot)), snapshot);
  strictEqual(parseSnapshot("not json"), undefined);
  strictEqual(parseSnapshot("[]"), undefined);
});

Deno.test("snapshotPath() is <dataDir>/<containerID>_<ifname>.json", () => {
  strictEqual(snapshotPath("/run/cni/tuning", { containerId: "abc", ifname: "eth0" }), "/run/cni/tuning/abc_eth0.json");
});
