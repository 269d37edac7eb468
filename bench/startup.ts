/**
 * Start-up benchmark alone: `CNI_COMMAND=VERSION` exec'd N times, ours (fresh bundle, and `dist/cni` when built)
 * against Debian's loopback and the empty-`deno run` floor, alternating. Same figure as `deno task bench --only
 * version`, without needing root.
 *
 * Run: `deno run -A bench/startup.ts [--runs 40]`
 * @module
 */
import { parseArgs } from "node:util";
import { formatFigure } from "./figure.ts";
import { versionFigure } from "./plugin_figures.ts";
import { subjects } from "./subjects.ts";

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string", default: "40" } } });
  const work = await Deno.makeTempDir({ prefix: "cnit-bench-" });
  try {
    console.log(formatFigure(await versionFigure(await subjects(), { runs: Number(values.runs), work })));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}
