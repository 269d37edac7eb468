import { strictEqual } from "node:assert/strict";
import { ifbName } from "./ifb_name.ts";

Deno.test("ifbName() is bwp + the first 12 hex digits of sha512(network + containerID)", () => {
  // sha512("cnit-netcontainer-1") starts with 7dec27d1dbef (computed independently with Python's hashlib).
  strictEqual(ifbName("cnit-net", "container-1"), "bwp7dec27d1dbef");
});
