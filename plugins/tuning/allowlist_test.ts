import { ok, strictEqual, throws } from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { checkAllowlist, readAllowlist } from "./allowlist.ts";

Deno.test("readAllowlist() returns undefined when the file is absent", () => {
  strictEqual(readAllowlist("/nonexistent/cnit-allowlist.conf"), undefined);
});

Deno.test("readAllowlist() reads one pattern per non-blank line and checkAllowlist() searches unanchored", () => {
  const path = Deno.makeTempFileSync({ prefix: "cnit-allowlist-" });
  try {
    Deno.writeTextFileSync(path, "^net\\.core\\.\n\n  ipv4\\.conf\\.IFNAME\\.  \n");
    const allowlist = readAllowlist(path);
    strictEqual(allowlist?.length, 2);
    checkAllowlist(["net.core.somaxconn", "net.ipv4.conf.IFNAME.arp_filter"], allowlist);
    throws(() => checkAllowlist(["net.ipv4.ip_forward"], allowlist), (err) => {
      ok(err instanceof CniError);
      strictEqual(err.code, 7);
      ok(err.message.includes("net.ipv4.ip_forward"));
      return true;
    });
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("checkAllowlist() allows everything without an allow-list", () => {
  checkAllowlist(["net.anything"], undefined);
});
