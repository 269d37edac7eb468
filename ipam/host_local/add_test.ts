import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { CniError } from "../../cni/mod.ts";
import { allocateAll } from "./add.ts";
import { MemoryStore } from "./memory_store.ts";
import { RangeSet } from "./range_set.ts";

const v4 = RangeSet.canonicalize([{ subnet: "10.0.0.0/30" }]);
const v6 = RangeSet.canonicalize([{ subnet: "fd00::/120" }]);

Deno.test("allocateAll() takes one address per range set (dual stack)", async () => {
  const store = new MemoryStore();
  const ips = await allocateAll(store, [v4, v6], { containerId: "c1", ifname: "eth0" });
  assert.deepEqual(ips, [{ address: "10.0.0.2/30", gateway: "10.0.0.1" }, {
    address: "fd00::2/120",
    gateway: "fd00::1",
  }]);
});

Deno.test("allocateAll() matches requested IPs to their sets", async () => {
  const store = new MemoryStore();
  const ips = await allocateAll(store, [v4, v6], {
    containerId: "c1",
    ifname: "eth0",
    requested: [IP.parse("fd00::77")],
  });
  assert.deepEqual(ips.map((i) => i.address), ["10.0.0.2/30", "fd00::77/120"]);
});

Deno.test("allocateAll() rolls back every set when one is exhausted", async () => {
  const store = new MemoryStore();
  await allocateAll(store, [v4], { containerId: "c0", ifname: "eth0" });
  await assert.rejects(
    allocateAll(store, [v6, v4], { containerId: "c1", ifname: "eth0" }),
    (e: Error) =>
      e instanceof CniError &&
      e.message === "failed to allocate for range 1: no IP addresses available in range set: " +
          "10.0.0.1-10.0.0.2",
  );
  assert.deepEqual([...store.records.keys()], ["10.0.0.2"]);
});

Deno.test("allocateAll() fails and rolls back when a requested IP fits no set", async () => {
  const store = new MemoryStore();
  await assert.rejects(
    allocateAll(store, [v4], { containerId: "c1", ifname: "eth0", requested: [IP.parse("192.168.1.1")] }),
    /failed to allocate all requested IPs: 192\.168\.1\.1/,
  );
  assert.equal(store.records.size, 0);
});
