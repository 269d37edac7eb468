/**
 * `deno task stress`: the long variants of the reliability tests. Runs the fuzz, kill -9 and load tests with
 * `CNI_STRESS=1` (20× the fuzz rounds, 60 kill rounds, 100 containers). Each test prints its seed on failure;
 * replay with `CNI_FUZZ_SEED=<seed> deno task stress`. Extra arguments go to `deno test` (e.g. `--filter`).
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(fileURLToPath(import.meta.url));
const FILES = [
  "tests/fuzz_args_test.ts",
  "tests/fuzz_netlink_test.ts",
  "tests/fuzz_result_test.ts",
  "tests/fuzz_skel_test.ts",
  "tests/faults_kill_test.ts",
  "tests/load_parallel_test.ts",
];

const status = await new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", ...Deno.args, ...FILES.map((file) => join(ROOT, file))],
  cwd: ROOT,
  env: { CNI_STRESS: "1" },
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn().status;
Deno.exitCode = status.code;
