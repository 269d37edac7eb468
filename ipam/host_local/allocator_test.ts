import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { IPAllocator, roundRobin } from "./allocator.ts";
import { MemoryStore } from "./memory_store.ts";
import { RangeSet } from "./range_set.ts";

function set(...subnets: { subnet: string; rangeStart?: string; rangeEnd?: string; gateway?: string }[]): RangeSet {
  return RangeSet.canonicalize(subnets);
}

Deno.test("roundRobin() starts at rangeStart, skips the gateway and visits every address once", () => {
  const s = set({ subnet: "10.0.0.0/29" });
  assert.deepEqual([...roundRobin(s)].map(String), ["10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
});

Deno.test("roundRobin() continues after the last reserved address and wraps across ranges", () => {
  const s = set({ subnet: "10.0.0.0/30" }, { subnet: "10.0.1.0/30" });
  assert.deepEqual([...roundRobin(s, IP.parse("10.0.0.2"))].map(String), ["10.0.1.2", "10.0.0.2"]);
});

Deno.test("roundRobin() skips a gateway in the middle of the range", () => {
  const s = set({ subnet: "10.0.0.0/29", gateway: "10.0.0.4" });
  assert.deepEqual([...roundRobin(s, IP.parse("10.0.0.3"))].map(String), [
    "10.0.0.5",
    "10.0.0.6",
    "10.0.0.1",
    "10.0.0.2",
    "10.0.0.3",
  ]);
});

Deno.test("roundRobin() handles IPv6 /126 and single-address ranges", () => {
  assert.deepEqual([...roundRobin(set({ subnet: "fd00::/126" }))].map(String), ["fd00::2", "fd00::3"]);
  const one = set({ subnet: "10.0.0.0/24", rangeStart: "10.0.0.9", rangeEnd: "10.0.0.9" });
  assert.deepEqual([...roundRobin(one)].map(String), ["10.0.0.9"]);
  assert.deepEqual([...roundRobin(one, IP.parse("10.0.0.9"))].map(String), ["10.0.0.9"]);
});

Deno.test("IPAllocator.get() hands out addresses round robin, each after the last reserved one", async () => {
  const store = new MemoryStore();
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/29" }), store, 0);
  assert.deepEqual(await alloc.get("c1", "eth0"), { address: "10.0.0.2/29", gateway: "10.0.0.1" });
  assert.equal((await alloc.get("c2", "eth0")).address, "10.0.0.3/29");
  await store.releaseByID("c1", "eth0");
  assert.equal((await alloc.get("c3", "eth0")).address, "10.0.0.4/29");
  assert.equal(store.lastReserved.get("0"), "10.0.0.4");
});

Deno.test("IPAllocator.get() wraps to the start once the end is reached", async () => {
  const store = new MemoryStore();
  store.lastReserved.set("0", "10.0.0.6");
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/29" }), store, 0);
  assert.equal((await alloc.get("c1", "eth0")).address, "10.0.0.2/29");
});

Deno.test("IPAllocator.get() ignores a last reserved address outside the set", async () => {
  const store = new MemoryStore();
  store.lastReserved.set("0", "192.168.0.9");
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/29" }), store, 0);
  assert.equal((await alloc.get("c1", "eth0")).address, "10.0.0.2/29");
});

Deno.test("IPAllocator.get() reserves a requested IP and refuses gateway, taken or foreign ones", async () => {
  const store = new MemoryStore();
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/29" }), store, 0);
  assert.equal((await alloc.get("c1", "eth0", IP.parse("10.0.0.5"))).address, "10.0.0.5/29");
  await assert.rejects(alloc.get("c2", "eth0", IP.parse("10.0.0.5")), /10\.0\.0\.5 is not available in range set/);
  await assert.rejects(alloc.get("c2", "eth0", IP.parse("10.0.0.1")), /requested ip 10\.0\.0\.1 is subnet's gateway/);
  await assert.rejects(alloc.get("c2", "eth0", IP.parse("10.9.0.1")), /10\.9\.0\.1 not in range set/);
});

Deno.test("IPAllocator.get() refuses a second address for the same container and ifname", async () => {
  const store = new MemoryStore();
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/29" }), store, 0);
  await alloc.get("c1", "eth0");
  await assert.rejects(
    alloc.get("c1", "eth0"),
    (e: Error) => e.message === "10.0.0.2 has been allocated to c1, duplicate allocation is not allowed",
  );
  assert.equal((await alloc.get("c1", "eth1")).address, "10.0.0.3/29");
});

Deno.test("IPAllocator.get() reports exhaustion with the range set", async () => {
  const store = new MemoryStore();
  const alloc = new IPAllocator(set({ subnet: "10.0.0.0/30" }), store, 0);
  await alloc.get("c1", "eth0");
  await assert.rejects(
    alloc.get("c2", "eth0"),
    (e: Error) => e.message === "no IP addresses available in range set: 10.0.0.1-10.0.0.2",
  );
  assert.equal(await alloc.hasFree(), false);
});
