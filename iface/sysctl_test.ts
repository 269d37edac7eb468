import assert from "node:assert/strict";
import { readSysctl, sysctlPath } from "./sysctl.ts";

Deno.test("sysctlPath() keeps every key under /proc/sys/net", () => {
  assert.equal(sysctlPath(["ipv4", "ip_forward"]), "/proc/sys/net/ipv4/ip_forward");
  assert.equal(sysctlPath(["ipv4", "conf", "eth0.100", "rp_filter"]), "/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
  for (const bad of [[], [""], [".."], ["ipv4", "..", "..", "kernel"], ["ipv4/../../kernel"], ["a\0b"], ["."]]) {
    assert.throws(() => sysctlPath(bad), RangeError, JSON.stringify(bad));
  }
});

Deno.test("readSysctl() reads a real network sysctl", () => {
  assert.match(readSysctl(["ipv4", "ip_forward"]), /^[01]$/);
});
