/**
 * The final sweep (named to sort last in `deno test`'s order): fails if anything a test made with the `cnit` prefix
 * survived the run: a netns under /var/run/netns, a link in the host namespace, an iptables/ip6tables chain or rule
 * (chains are hashed, so rules are matched by the `cnit` names in their comments), an nft table, or a file under
 * the temp dir. The launcher's bundle dir (`cnit-bundle-*`, removed at process exit) is not counted.
 * @module
 */
import assert from "node:assert/strict";
import { Rtnl } from "../netlink/mod.ts";
import { leftoverTestNetns } from "./fixtures/netns.ts";

const ignore = Deno.uid() !== 0;
const PREFIX = "cnit";
/** Left by the launcher fixture for the rest of this process and removed at its exit. */
const BUNDLE_DIR = /^cnit-bundle-/;

async function output(cmd: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "null" }).output();
    return out.success ? new TextDecoder().decode(out.stdout) : "";
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return ""; // the tool is not installed: nothing of ours there either
    throw err;
  }
}

function tempDir(): string {
  return Deno.env.get("TMPDIR") || "/tmp";
}

Deno.test({
  name: "sweep: no netns, link, iptables chain or rule, nft table or temp file with the cnit prefix survives",
  ignore,
  fn: async () => {
    const left: string[] = [];
    left.push(...leftoverTestNetns(PREFIX).map((name) => `netns ${name}`));
    {
      using rtnl = Rtnl.open();
      left.push(...rtnl.linkList().filter((l) => l.name.startsWith(PREFIX)).map((l) => `link ${l.name}`));
    }
    for (const tool of ["iptables-save", "ip6tables-save"]) {
      const lines = (await output(tool, [])).split("\n");
      left.push(
        ...lines.filter((l) => /^:cnit/i.test(l) || (l.startsWith("-A") && /"cnit|cnit-|:cnit/i.test(l)))
          .map((l) => `${tool}: ${l}`),
      );
    }
    const tables = (await output("nft", ["list", "tables"])).split("\n");
    left.push(...tables.filter((l) => /^table \S+ cnit/.test(l)).map((l) => `nft ${l}`));
    for (const entry of Deno.readDirSync(tempDir())) {
      if (entry.name.startsWith(PREFIX) && !BUNDLE_DIR.test(entry.name)) left.push(`file ${tempDir()}/${entry.name}`);
    }
    assert.deepEqual(left, [], "test leftovers (remove them, then fix the test that made them)");
  },
});
