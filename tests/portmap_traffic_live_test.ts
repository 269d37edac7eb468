// The real portmap test: a test "host" netns and a "container" netns joined by a veth pair (10.255.31.0/24,
// fd00:255:31::/64), a TCP server in the container, and connections to the mapped host port from the host netns,
// to its own address and to 127.0.0.1 (which needs route_localnet and the masquerade mark), with both backends.
// The plugin runs in a child process forked inside the host netns (tests/portmap_netns_child.ts); the server and
// clients are `deno eval` children forked inside their netns. DEL must restore the host netns' ruleset exactly.
import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createNamedNetns, deleteNamedNetns, Netns, Rtnl, veth, withNetns } from "../netlink/mod.ts";
import type { Result } from "../cni/result.ts";
import type { ChildRequest } from "./portmap_netns_child.ts";

const ignore = Deno.uid() !== 0;
const CHILD = new URL("./portmap_netns_child.ts", import.meta.url).pathname;

/** Spawns `args` with its fork inside `netns` and returns the child. */
function spawnIn(netns: string, args: string[], stdin: "piped" | "null" = "null"): Deno.ChildProcess {
  return withNetns(
    netns,
    () => new Deno.Command(Deno.execPath(), { args, stdin, stdout: "piped", stderr: "piped" }).spawn(),
  );
}

async function inHost(netns: string, req: ChildRequest): Promise<Record<string, unknown>> {
  const child = spawnIn(netns, ["run", "-A", "--no-check", CHILD], "piped");
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(req)));
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  assert(text !== "", new TextDecoder().decode(out.stderr));
  return JSON.parse(text);
}

const SERVER = `
const l = Deno.listen({ hostname: "::", port: 8080 });
console.log("ready");
for await (const c of l) {
  const from = c.remoteAddr.hostname.replace(/^::ffff:/, "");
  await c.write(new TextEncoder().encode("hello " + from));
  c.close();
}`;

/** Connects from `netns` to host:port; returns what the server said (or the error). A guard ends a hung connect. */
async function fetchFrom(netns: string, hostname: string, port: number): Promise<string> {
  const code = `
setTimeout(() => { console.log("timeout"); Deno.exit(2); }, 10000);
try {
  const c = await Deno.connect({ hostname: ${JSON.stringify(hostname)}, port: ${port} });
  const text = await new Response(c.readable).text();
  console.log(text);
} catch (err) { console.log("error " + err.message); }
Deno.exit(0);`;
  const out = await spawnIn(netns, ["eval", code]).output();
  return new TextDecoder().decode(out.stdout).trim();
}

interface Topology extends AsyncDisposable {
  host: string;
  container: string;
  server: Deno.ChildProcess;
}

async function topology(tag: string): Promise<Topology> {
  const hostName = `cnit-pmh-${tag}`;
  const containerName = `cnit-pmc-${tag}`;
  const host = createNamedNetns(hostName);
  let container = "";
  let server: Deno.ChildProcess | undefined;
  const cleanup = async () => {
    if (server) {
      try {
        server.kill("SIGKILL");
      } catch { /* already gone */ }
      await server.stdout.cancel().catch(() => {});
      await server.stderr.cancel().catch(() => {});
      await server.status;
    }
    if (container) deleteNamedNetns(containerName);
    deleteNamedNetns(hostName);
  };
  try {
    container = createNamedNetns(containerName);
    using containerNs = Netns.open(container);
    using h = Rtnl.open({ netns: host });
    using c = Rtnl.open({ netns: container });
    h.linkAdd({ name: "cnit-vh", kind: veth, data: { peer: { name: "eth0", netnsFd: containerNs.fd } } });
    for (
      const [rtnl, name, v4, v6] of [
        [h, "cnit-vh", "10.255.31.1/24", "fd00:255:31::1/64"],
        [c, "eth0", "10.255.31.2/24", "fd00:255:31::2/64"],
      ] as const
    ) {
      const link = rtnl.linkGet(name);
      rtnl.addrAdd(link.index, v4);
      rtnl.addrAdd(link.index, v6, { noDad: true });
      rtnl.linkSet(link.index, { up: true });
      rtnl.linkSet(rtnl.linkGet("lo").index, { up: true });
    }
    c.routeAdd({ gateway: "10.255.31.1" });
    server = spawnIn(container, ["eval", SERVER]);
    const reader = server.stdout.getReader();
    const first = await reader.read();
    assertEquals(new TextDecoder().decode(first.value).trim(), "ready");
    reader.releaseLock();
    const s = server;
    return {
      host,
      container,
      server: s,
      [Symbol.asyncDispose]: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

function prevResult(container: string): Result {
  return {
    cniVersion: "1.1.0",
    interfaces: [{ name: "cnit-vh" }, { name: "eth0", sandbox: container }],
    ips: [{ address: "10.255.31.2/24", interface: 1 }, { address: "fd00:255:31::2/64", interface: 1 }],
  };
}

for (const backend of ["iptables", "nftables"] as const) {
  Deno.test({
    name: `portmap with ${backend} forwards a host port to a TCP server in the container, then DEL undoes it`,
    ignore,
    async fn() {
      await using topo = await topology(crypto.randomUUID().slice(0, 6));
      const prev = prevResult(topo.container);
      const config = {
        cniVersion: "1.1.0",
        name: "cnit-pm-traffic",
        type: "portmap",
        backend,
        runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 8080, protocol: "tcp" }] },
      };
      const run = (action: "add" | "check" | "del", containerId = "cnit-c1") =>
        inHost(topo.host, { action, config, containerId, prevResult: prev });
      assertEquals(await fetchFrom(topo.host, "10.255.31.1", 18080), "error Connection refused (os error 111)");
      const added = await run("add");
      assert(added.ok, String(added.error));
      assertEquals((await run("check")).ok, true);
      // To the host's own address: DNAT in OUTPUT; the container sees the host's address.
      assertEquals(await fetchFrom(topo.host, "10.255.31.1", 18080), "hello 10.255.31.1");
      // To localhost: needs route_localnet on cnit-vh and masquerading to leave 127.0.0.1 behind.
      assertEquals(await fetchFrom(topo.host, "127.0.0.1", 18080), "hello 10.255.31.1");
      // IPv6, to the host's own address.
      assertEquals(await fetchFrom(topo.host, "fd00:255:31::1", 18080), "hello fd00:255:31::1");
      const del = await run("del");
      assert(del.ok, String(del.error));
      assertEquals(await fetchFrom(topo.host, "10.255.31.1", 18080), "error Connection refused (os error 111)");
      const after = (await inHost(topo.host, { action: "snapshot" })).snapshot as string;
      assert(!after.includes("cnit-c1") && !after.includes("CNI-DN-"), after);
      // A second ADD + DEL cycle (shared chains and tables now exist) ends exactly where the first DEL did.
      assert((await run("add", "cnit-c2")).ok);
      assert((await run("del", "cnit-c2")).ok);
      assertEquals((await inHost(topo.host, { action: "snapshot" })).snapshot, after);
    },
  });
}
