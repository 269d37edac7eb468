import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { addressesFor, nextFreeTable } from "./table_plan.ts";

Deno.test("addressesFor() keeps IPs of the interface, IPs without an index, and IPs whose index is out of range", () => {
  const ips = addressesFor("eth0", {
    cniVersion: "1.0.0",
    interfaces: [{ name: "veth1" }, { name: "eth0", sandbox: "/ns" }],
    ips: [
      { address: "10.0.0.2/24", interface: 1 },
      { address: "10.0.1.2/24", interface: 0 },
      { address: "10.0.2.2/24" },
      { address: "10.0.3.2/24", interface: 7 },
    ],
  });
  deepStrictEqual(ips.map((ip) => ip.address), ["10.0.0.2/24", "10.0.2.2/24", "10.0.3.2/24"]);
});

Deno.test("nextFreeTable() skips every used table from the candidate on", () => {
  strictEqual(nextFreeTable(new Set([254, 255]), 100), 100);
  strictEqual(nextFreeTable(new Set([100, 101, 103]), 100), 102);
  strictEqual(nextFreeTable(new Set([100, 101, 103]), 103), 104);
});
