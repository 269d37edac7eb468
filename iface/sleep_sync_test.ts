import { ok } from "node:assert/strict";
import { sleepSync } from "./sleep_sync.ts";

Deno.test("sleepSync() blocks for at least the given time, without leaving a timer behind", () => {
  const start = performance.now();
  sleepSync(30);
  ok(performance.now() - start >= 29, "returned early");
});
