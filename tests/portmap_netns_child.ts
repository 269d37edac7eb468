/**
 * Child process for the portmap traffic test, started inside a test "host" namespace (the fork happens on the JS
 * thread, so the child and the iptables/nft it runs all live there). Reads one JSON request on stdin, runs the
 * portmap verb in-process or takes a ruleset snapshot, and prints one JSON reply.
 * @module
 */
import type { PluginContext } from "../cni/plugin.ts";
import type { Result } from "../cni/result.ts";
import { PortmapConfig } from "../plugins/portmap/config.ts";
import { portmap } from "../plugins/portmap/mod.ts";
import { Iptables, Nft } from "../netfilter/mod.ts";

/** What the parent asks. */
export interface ChildRequest {
  /** The verb to run, or `snapshot` for the nat rulesets. */
  action: "add" | "del" | "check" | "snapshot";
  /** Raw portmap config (parsed here). */
  config?: Record<string, unknown>;
  /** CNI_CONTAINERID. */
  containerId?: string;
  /** prevResult. */
  prevResult?: Result;
}

async function snapshot(): Promise<string> {
  const v4 = await new Iptables(4).exec(["-t", "nat", "-S"]);
  const v6 = await new Iptables(6).exec(["-t", "nat", "-S"]);
  const nft = (await new Nft().exec(["-s", "list", "ruleset"]))
    .replace(/\n?\tchain \w+ \{\n\t\ttype [^\n]*\n\t\}\n/g, "\n")
    .replace(/\n?table (ip|ip6) (nat|filter) \{\n\}\n/g, "\n");
  return [v4, v6, nft].join("\n---\n");
}

async function handle(req: ChildRequest): Promise<unknown> {
  if (req.action === "snapshot") return { snapshot: await snapshot() };
  const config = PortmapConfig.parse(req.config);
  const ctx: PluginContext<PortmapConfig> = {
    command: req.action === "add" ? "ADD" : req.action === "del" ? "DEL" : "CHECK",
    config,
    cniVersion: config.cniVersion,
    network: config.name,
    containerId: req.containerId ?? "",
    netns: "",
    ifname: "eth0",
    args: [],
    path: [],
    prevResult: req.prevResult,
    validAttachments: [],
    stdin: new Uint8Array(),
    env: {},
  };
  if (req.action === "add") return { result: await portmap.add(ctx) };
  if (req.action === "del") await portmap.del(ctx);
  else await portmap.check!(ctx);
  return {};
}

if (import.meta.main) {
  const req = JSON.parse(await new Response(Deno.stdin.readable).text()) as ChildRequest;
  let reply: unknown;
  try {
    reply = { ok: true, ...(await handle(req) as object) };
  } catch (err) {
    reply = { ok: false, error: String((err as Error).message ?? err) };
  }
  await Deno.stdout.write(new TextEncoder().encode(JSON.stringify(reply)));
}
