/**
 * The main-job demo (`deno task demo`, as root): a fresh namespace joins a chained network through `cnitool`, exactly
 * as a container runtime would drive our binary, then everything is torn down again.
 *
 * 1. Bundle the working tree and make a bin dir with one executable per plugin (tests/fixtures/launcher.ts), used
 *    as CNI_PATH, so every plugin really runs by exec.
 * 2. Write a conflist into a temp NETCONFPATH: bridge `cnidemo0` (gateway, host-local 10.250.77.0/24 with a temp
 *    dataDir) → portmap → bandwidth → tuning; plugins missing from plugins/registry.ts are skipped and named.
 * 3. `cnitool add`, a default route via the gateway with `cnitool route add`, then `cnitool interface ls` and
 *    `cnitool route ls` for the namespace.
 * 4. Prove the container reaches its gateway: a TCP listener on the bridge address in this process (host netns) and
 *    a `deno eval` child forked inside the namespace (the fork happens on the JS thread, which `withNetns` moved
 *    there), which connects and exchanges a line. The listener checks the peer address is the container's.
 * 5. `cnitool check`, `cnitool del`; then, in `finally`, the namespace, the bridge and the temp dirs are removed.
 * @module
 */
import { join } from "node:path";
import { createNamedNetns, deleteNamedNetns, isNotFound, Rtnl, withNetns } from "./netlink/mod.ts";
import { registry } from "./plugins/registry.ts";
import {
  placesWithoutSharedChains,
  removeSharedChains,
  type SharedChainsPlace,
} from "./tests/fixtures/host_shared_chains.ts";
import { launchers } from "./tests/fixtures/launcher.ts";

const BRIDGE = "cnidemo0";
const SUBNET = "10.250.77.0/24";
const NETWORK = "cnit-demo";
/** The chain, in order; each plugin's config as it goes into the conflist. */
const CHAIN: { type: string; conf: (dirs: DemoDirs) => Record<string, unknown> }[] = [
  {
    type: "bridge",
    conf: (dirs) => ({
      type: "bridge",
      bridge: BRIDGE,
      isGateway: true,
      ipMasq: false,
      ipam: { type: "host-local", ranges: [[{ subnet: SUBNET }]], dataDir: dirs.ipamData },
    }),
  },
  {
    type: "portmap",
    conf: () => ({
      type: "portmap",
      capabilities: { portMappings: true },
      runtimeConfig: { portMappings: [{ hostPort: 18577, containerPort: 80, protocol: "tcp" }] },
    }),
  },
  {
    type: "bandwidth",
    conf: () => ({
      type: "bandwidth",
      ingressRate: 10_000_000,
      ingressBurst: 1_000_000,
      egressRate: 10_000_000,
      egressBurst: 1_000_000,
    }),
  },
  {
    type: "tuning",
    conf: (dirs) => ({ type: "tuning", sysctl: { "net.core.somaxconn": "512" }, mtu: 1400, dataDir: dirs.tuningData }),
  },
];

interface DemoDirs {
  root: string;
  netDir: string;
  cacheDir: string;
  ipamData: string;
  tuningData: string;
}

function section(title: string): void {
  console.log(`\n== ${title}`);
}

async function makeDirs(): Promise<DemoDirs> {
  const root = await Deno.makeTempDir({ prefix: "cnit-demo-" });
  const dirs = {
    root,
    netDir: join(root, "net.d"),
    cacheDir: join(root, "cache"),
    ipamData: join(root, "ipam"),
    tuningData: join(root, "tuning"),
  };
  await Deno.mkdir(dirs.netDir);
  return dirs;
}

/** Runs `cnitool args` from the bin dir with exactly `env`; throws with its stderr when it fails. */
async function cnitool(binDir: string, args: string[], env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(join(binDir, "cnitool"), {
    args,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(`cnitool ${args.join(" ")} failed (exit ${out.code}): ${new TextDecoder().decode(out.stderr)}`);
  }
  return stdout;
}

/** What the container end of the TCP check sends and expects. */
const CLIENT = `
const [host, port] = Deno.args;
const guard = setTimeout(() => { console.error("timed out connecting to " + host + ":" + port); Deno.exit(3); }, 5000);
const conn = await Deno.connect({ hostname: host, port: Number(port) });
await conn.write(new TextEncoder().encode("hello from the container\\n"));
const buf = new Uint8Array(256);
const n = await conn.read(buf);
conn.close();
clearTimeout(guard);
console.log(new TextDecoder().decode(buf.subarray(0, n ?? 0)).trim());
`;

/** TCP from inside `netns` to `gateway` on a listener of ours; returns a line describing the exchange. */
async function proveGatewayReachable(netns: string, options: { gateway: string; container: string }): Promise<string> {
  using listener = Deno.listen({ hostname: options.gateway, port: 0 });
  const port = listener.addr.port;
  const child = withNetns(netns, () =>
    new Deno.Command(Deno.execPath(), {
      args: ["eval", CLIENT, options.gateway, String(port)],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn());
  const serve = (async () => {
    using conn = await listener.accept();
    const peer = (conn.remoteAddr as Deno.NetAddr).hostname;
    const buf = new Uint8Array(256);
    const n = await conn.read(buf);
    await conn.write(new TextEncoder().encode(`hello from the host, you are ${peer}\n`));
    return { peer, said: new TextDecoder().decode(buf.subarray(0, n ?? 0)).trim() };
  })();
  const out = await child.output();
  if (!out.success) {
    listener.close();
    await serve.catch(() => undefined);
    throw new Error(
      `The container could not reach ${options.gateway}:${port}: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  const { peer, said } = await serve;
  if (peer !== options.container) {
    throw new Error(`The connection came from ${peer}, not from the container's ${options.container}`);
  }
  const reply = new TextDecoder().decode(out.stdout).trim();
  return `container ${peer} → ${options.gateway}:${port}: sent "${said}", got "${reply}"`;
}

function deleteBridge(): boolean {
  using rtnl = Rtnl.open();
  try {
    rtnl.linkDel(BRIDGE);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Undoes everything `main` may have done, each step on its own so one failure does not skip the others. */
async function cleanup(
  options: {
    binDir: string;
    env: Record<string, string>;
    dirs: DemoDirs;
    netns?: string | undefined;
    netnsName: string;
    sharedChainPlaces: readonly SharedChainsPlace[];
  },
): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, fn: () => Promise<string> | string) => {
    try {
      console.log(await fn());
    } catch (err) {
      failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  if (options.netns !== undefined) {
    const netns = options.netns;
    await attempt("cnitool del", async () => {
      await cnitool(options.binDir, ["del", NETWORK, netns], options.env);
      return `cnitool del ${NETWORK} ${netns}: ok`;
    });
  }
  await attempt("delete the netns", () => {
    deleteNamedNetns(options.netnsName);
    return `netns ${options.netnsName} deleted`;
  });
  await attempt(
    "delete the bridge",
    () => deleteBridge() ? `bridge ${BRIDGE} deleted` : `bridge ${BRIDGE} was not there`,
  );
  await attempt("remove the plugins' shared host chains", async () => {
    const removed = await removeSharedChains(options.sharedChainPlaces);
    return removed.length === 0
      ? "shared host chains: none made by the demo"
      : `shared host chains removed: ${removed.join(", ")}`;
  });
  await attempt("remove the temp dir", async () => {
    await Deno.remove(options.dirs.root, { recursive: true });
    return `temp dir ${options.dirs.root} removed`;
  });
  if (failures.length > 0) throw new Error(`Cannot clean up: ${failures.join("; ")}`);
}

interface Address {
  address: string;
  gateway?: string;
}

async function main(): Promise<void> {
  const available = CHAIN.filter((p) => Object.hasOwn(registry, p.type));
  const skipped = CHAIN.filter((p) => !Object.hasOwn(registry, p.type)).map((p) => p.type);
  if (!available.some((p) => p.type === "bridge")) throw new Error("Cannot run the demo: bridge is not registered");
  console.log("Bundling the working tree into a CNI bin dir…");
  const [launcher] = await launchers();
  const dirs = await makeDirs();
  const netnsName = `cnit-demo-${Deno.pid}`;
  let netns: string | undefined;
  let isAttached = false;
  const sharedChainPlaces = await placesWithoutSharedChains();
  const env = {
    PATH: Deno.env.get("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin",
    NETCONFPATH: dirs.netDir,
    CNI_PATH: launcher!.binDir,
    CNI_CACHE_DIR: dirs.cacheDir,
  };
  const steps: string[] = [];
  try {
    netns = createNamedNetns(netnsName);
    const conflist = {
      cniVersion: "1.1.0",
      name: NETWORK,
      plugins: available.map((p) => p.conf(dirs)),
    };
    await Deno.writeTextFile(join(dirs.netDir, "10-demo.conflist"), JSON.stringify(conflist, null, 2));
    section(`Network "${NETWORK}" (${join(dirs.netDir, "10-demo.conflist")})`);
    console.log(`chain: ${available.map((p) => p.type).join(" → ")}`);
    console.log(skipped.length === 0 ? "skipped: none" : `skipped (not in plugins/registry.ts): ${skipped.join(", ")}`);

    section(`cnitool add ${NETWORK} ${netns}`);
    const resultText = await cnitool(launcher!.binDir, ["add", NETWORK, netns], env);
    isAttached = true;
    console.log(resultText.trimEnd());
    const result = JSON.parse(resultText) as { ips?: Address[] };
    const ip = result.ips?.[0];
    if (ip?.gateway === undefined) throw new Error("The result has no address with a gateway");
    const container = ip.address.split("/")[0]!;
    steps.push(`added ${container}`);

    // isGateway without isDefaultGateway installs no default route: add one with cnitool's route command.
    const defaultRoute = ["route", "add", netnsName, "--dest", "default", "--gateway", ip.gateway];
    section(`cnitool ${defaultRoute.join(" ")}`);
    console.log((await cnitool(launcher!.binDir, defaultRoute, env)).trimEnd());
    section(`cnitool interface ls ${netnsName}`);
    console.log((await cnitool(launcher!.binDir, ["interface", "ls", netnsName], env)).trimEnd());
    section(`cnitool route ls ${netnsName}`);
    console.log((await cnitool(launcher!.binDir, ["route", "ls", netnsName], env)).trimEnd());

    section("Reachability (TCP from inside the namespace to a listener on the gateway address)");
    console.log(await proveGatewayReachable(netns, { gateway: ip.gateway, container }));
    steps.push(`reached ${ip.gateway} over TCP`);

    section(`cnitool check ${NETWORK} ${netns}`);
    await cnitool(launcher!.binDir, ["check", NETWORK, netns], env);
    console.log("ok");
    steps.push("checked");

    section(`cnitool del ${NETWORK} ${netns}`);
    await cnitool(launcher!.binDir, ["del", NETWORK, netns], env);
    isAttached = false;
    console.log("ok");
    steps.push("deleted");
  } finally {
    section("Cleanup");
    await cleanup({
      binDir: launcher!.binDir,
      env,
      dirs,
      netns: isAttached ? netns : undefined,
      netnsName,
      sharedChainPlaces,
    });
  }
  const chain = available.map((p) => p.type).join("→");
  const skippedNote = skipped.length === 0 ? "" : ` (skipped: ${skipped.join(", ")})`;
  console.log(`\ndemo ok: ${chain}${skippedNote}: ${steps.join(", ")}; nothing left behind`);
}

if (import.meta.main) {
  if (Deno.uid() !== 0) {
    console.error("The demo creates a network namespace and a bridge: run it as root (sudo deno task demo)");
    Deno.exit(1);
  }
  try {
    await main();
  } catch (err) {
    console.error(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
    Deno.exit(1);
  }
}
