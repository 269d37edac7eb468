import assert from "node:assert/strict";
import { configuredDns } from "./config_dns.ts";

Deno.test("configuredDns() keeps the fields the config sets and is undefined when it sets none", () => {
  assert.equal(configuredDns(undefined), undefined);
  assert.equal(configuredDns({}), undefined);
  assert.equal(configuredDns({ domain: "" }), undefined);
  assert.deepEqual(configuredDns({ nameservers: ["10.0.0.53"], search: ["a.example"], options: ["ndots:2"] }), {
    nameservers: ["10.0.0.53"],
    search: ["a.example"],
    options: ["ndots:2"],
  });
  assert.deepEqual(configuredDns({ domain: "example.org", nameservers: [] }), {
    nameservers: [],
    domain: "example.org",
  });
});
