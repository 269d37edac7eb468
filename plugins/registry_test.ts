import assert from "node:assert/strict";
import { SPEC_VERSIONS } from "../cni/version.ts";
import { registry } from "./registry.ts";

// main.ts answers VERSION from the registry alone (no plugin import), so the two must agree.
Deno.test("registry supportedVersions equals each plugin object's supportedVersions (default every spec version)", async () => {
  for (const [name, entry] of Object.entries(registry)) {
    const plugin = await entry.load();
    assert.deepEqual(
      [...(entry.supportedVersions ?? SPEC_VERSIONS)],
      [...(plugin.supportedVersions ?? SPEC_VERSIONS)],
      `registry entry "${name}"`,
    );
  }
});
