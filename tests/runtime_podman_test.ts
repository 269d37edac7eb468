/**
 * Issue 7, end to end with a real container runtime: Debian's podman (4.x, CNI network backend) runs busybox
 * containers (a rootfs made here, no image) on a network whose only plugin dir is our binary's bin dir, with
 * podman's default chain bridge → portmap → firewall → tuning and a port mapping on 127.0.0.1.
 * - Inside, eth0 has an address from the subnet and the MAC podman recorded, a default route via the gateway, and
 *   pings the gateway; on the host the bridge holds the gateway address and the container's veth.
 * - From the host, 127.0.0.1:<hostPort> reaches busybox httpd in the container (portmap's DNAT).
 * - A second container on the same network reaches the first one's httpd by address.
 * - `podman stop` removes the first container's attachment (veth, rules, lease, cache, netns) and leaves the second
 *   alone; `podman start` attaches it again and the mapped port answers again.
 * - After `podman rm -f` and `podman network rm`: no veth, bridge, rule, netns, lease, cache entry or cgroup.
 * Root only; skipped with the reason when podman, runc or busybox-static is missing. Runs once per launcher.
 */
import { deepStrictEqual, match, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { IP, Prefix } from "../addr/mod.ts";
import { Rtnl } from "../netlink/mod.ts";
import { hostTables, sharedChainsGuard } from "./fixtures/host_shared_chains.ts";
import { launchers } from "./fixtures/launcher.ts";
import { buildBusyboxRootfs, busyboxUnavailable } from "./fixtures/rootfs.ts";
import { PodmanSandbox, podmanUnavailable } from "./fixtures/e2e/podman_sandbox.ts";
import { type ContainerTraces, containerTraces } from "./fixtures/e2e/container_traces.ts";
import { httpGet, httpGetWhenUp } from "./fixtures/e2e/http_get.ts";

const NAME = "podman runs busybox containers on our bridge/portmap/firewall/tuning chain through run, stop, start, rm";

const skipReason = (await podmanUnavailable()) ?? busyboxUnavailable();

function randomInt(below: number): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % below;
}

/** A loopback port below the ephemeral range that nothing listens on now (portmap's host port). */
function freeLoopbackPort(): number {
  for (;;) {
    const port = 20000 + randomInt(10000);
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch (err) {
      if (!(err instanceof Deno.errors.AddrInUse)) throw err;
    }
  }
}

function escaped(ip: string): string {
  return ip.replaceAll(".", "\\.");
}

/** What podman recorded about one container's attachment. */
interface Attachment {
  ip: string;
  gateway: string;
  prefixLen: number;
  mac: string;
  netns: string;
}

async function attachment(sandbox: PodmanSandbox, id: string, network: string): Promise<Attachment> {
  const [inspected] = JSON.parse(await sandbox.podmanOk(["inspect", id])) as {
    NetworkSettings: {
      SandboxKey: string;
      Networks: Record<string, { IPAddress: string; Gateway: string; IPPrefixLen: number; MacAddress: string }>;
    };
  }[];
  const settings = inspected!.NetworkSettings;
  const net = settings.Networks[network];
  if (net === undefined) throw new Error(`podman inspect names no network "${network}": ${JSON.stringify(settings)}`);
  return {
    ip: net.IPAddress,
    gateway: net.Gateway,
    prefixLen: net.IPPrefixLen,
    mac: net.MacAddress,
    netns: settings.SandboxKey,
  };
}

/** The names of the links enslaved to `bridgeName`, or undefined when the bridge does not exist. */
function bridgePorts(bridgeName: string): { addresses: string[]; ports: string[] } | undefined {
  using rtnl = Rtnl.open();
  const bridge = rtnl.linkFind(bridgeName);
  if (bridge === undefined) return undefined;
  return {
    addresses: rtnl.addrList().filter((a) => a.index === bridge.index).map((a) => a.prefix),
    ports: rtnl.linkList().filter((l) => l.master === bridge.index).map((l) => `${l.name} ${l.kind}`).sort(),
  };
}

function isEmpty(traces: ContainerTraces): boolean {
  return traces.rules.length === 0 && traces.files.length === 0 && traces.netns.length === 0;
}

if (skipReason !== undefined) {
  // deno-lint-ignore no-console
  console.error(`podman e2e test skipped: ${skipReason}`);
  Deno.test({ name: `${NAME} (skipped: ${skipReason})`, ignore: true, fn() {} });
} else {
  for (const launcher of await launchers()) {
    Deno.test(`${NAME} (${launcher.name})`, async () => {
      const suffix = randomInt(0x10000).toString(16).padStart(4, "0");
      const network = `cnit-pm-${suffix}`;
      const bridgeName = `cnitpm${suffix}`;
      const octet = randomInt(256);
      const subnet = Prefix.parse(`10.252.${octet}.0/24`);
      const gateway = `10.252.${octet}.1`;
      const hostPort = freeLoopbackPort();
      const token = `cnit-podman-${suffix}-${randomInt(1e9)}`;

      // podman runs the plugins on this host: firewall's and portmap's shared chains made here are removed at the end.
      const tablesBefore = await hostTables();
      await using shared = await sharedChainsGuard();
      await using rootfs = await buildBusyboxRootfs({ files: { "www/index.html": `${token}\n` } });
      await using sandbox = await PodmanSandbox.create({
        pluginDir: launcher.binDir,
        tag: network,
        defaultSubnet: `10.253.${octet}.0/24`,
      });
      const ipamDir = join(sandbox.root, "ipam");
      // podman 4's default CNI conflist (bridge, portmap, firewall, tuning) with our names and a private dataDir.
      await sandbox.addNetwork({
        cniVersion: "1.0.0",
        name: network,
        plugins: [
          {
            type: "bridge",
            bridge: bridgeName,
            isGateway: true,
            ipMasq: true,
            hairpinMode: true,
            ipam: {
              type: "host-local",
              routes: [{ dst: "0.0.0.0/0" }],
              ranges: [[{ subnet: subnet.toString(), gateway }]],
              dataDir: ipamDir,
            },
          },
          { type: "portmap", capabilities: { portMappings: true } },
          { type: "firewall" },
          { type: "tuning" },
        ],
      });
      const networks = await sandbox.podmanOk(["network", "ls", "--format", "{{.Name}} {{.Driver}}"]);
      match(networks, new RegExp(`^${network} bridge$`, "m"), "podman reads our conflist as a bridge network");
      const traces = (id: string, at: Attachment) =>
        containerTraces({ containerId: id, ip: at.ip, dirs: [ipamDir], netns: at.netns });
      const run = async (name: string, args: string[]) =>
        (await sandbox.podmanOk([
          "run",
          "--detach",
          "--name",
          `${network}-${name}`,
          "--network",
          network,
          "--cgroup-parent",
          sandbox.cgroupParent,
          ...args,
        ])).trim();

      // 1. The web container: its attachment as podman recorded it and as it is inside.
      const web = await run("web", [
        "--publish",
        `127.0.0.1:${hostPort}:80/tcp`,
        "--rootfs",
        rootfs.path,
        "/bin/httpd",
        "-f",
        "-p",
        "80",
        "-h",
        "/www",
      ]);
      match(web, /^[0-9a-f]{64}$/);
      const webAt = await attachment(sandbox, web, network);
      ok(subnet.contains(IP.parse(webAt.ip)), `${webAt.ip} is in ${subnet}`);
      strictEqual(webAt.gateway, gateway);
      strictEqual(webAt.prefixLen, 24);
      const addrs = await sandbox.podmanOk(["exec", web, "ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
      match(addrs, new RegExp(`inet ${escaped(webAt.ip)}/24 `));
      const link = await sandbox.podmanOk(["exec", web, "ip", "-o", "link", "show", "dev", "eth0"]);
      ok(link.toLowerCase().includes(webAt.mac.toLowerCase()), `eth0 has MAC ${webAt.mac}: ${link}`);
      const routes = await sandbox.podmanOk(["exec", web, "ip", "-4", "route", "show"]);
      match(routes, new RegExp(`^default via ${escaped(gateway)} dev eth0`, "m"));
      match(
        await sandbox.podmanOk(["exec", web, "ping", "-c", "1", "-W", "5", gateway]),
        /1 packets transmitted, 1 packets received/,
      );
      const withWeb = bridgePorts(bridgeName);
      ok(withWeb !== undefined, `bridge ${bridgeName} exists`);
      ok(withWeb.addresses.includes(`${gateway}/24`), `bridge addresses ${withWeb.addresses}`);
      strictEqual(withWeb.ports.length, 1, `one veth on the bridge: ${withWeb.ports}`);
      match(withWeb.ports[0]!, / veth$/);

      // 2. From the host through portmap's DNAT on 127.0.0.1 to httpd in the container.
      const response = await httpGetWhenUp(hostPort, "/index.html");
      ok(response !== undefined, `127.0.0.1:${hostPort} answered`);
      match(response, /^HTTP\/1\.[01] 200 /);
      ok(response.includes(token), `the container served ${token}: ${response}`);
      const webTraces = await traces(web, webAt);
      ok(webTraces.rules.some((l) => l.includes(web)), "portmap/bridge rules carry the container id");
      ok(webTraces.files.includes(join(ipamDir, network, webAt.ip)), `host-local leased ${webAt.ip}`);
      ok(webTraces.files.some((f) => f.endsWith(`${network}-${web}-eth0`)), "libcni cached the result");
      deepStrictEqual(webTraces.netns, [webAt.netns]);

      // 3. A second container on the same bridge reaches the first one's server by address.
      const client = await run("client", ["--rootfs", rootfs.path, "/bin/sleep", "600"]);
      const clientAt = await attachment(sandbox, client, network);
      ok(subnet.contains(IP.parse(clientAt.ip)), `${clientAt.ip} is in ${subnet}`);
      notStrictEqual(clientAt.ip, webAt.ip);
      // Debian's static busybox 1.35 wget segfaults with -T, so busybox timeout bounds it instead.
      const wget = ["timeout", "10", "wget", "-q", "-O", "-", `http://${webAt.ip}/`];
      const fetched = await sandbox.podmanOk(["exec", client, ...wget]);
      strictEqual(fetched.trim(), token);
      strictEqual(bridgePorts(bridgeName)?.ports.length, 2);

      // 4. stop detaches the web container (DEL) and leaves the client attached; start attaches it again (ADD).
      await sandbox.podmanOk(["stop", "--time", "0", web]);
      deepStrictEqual(await traces(web, webAt), { rules: [], files: [], netns: [] }, "stop left the web attachment");
      strictEqual(bridgePorts(bridgeName)?.ports.length, 1, "only the client's veth is left");
      strictEqual(await httpGet(hostPort, "/index.html"), undefined, "the mapped port no longer answers");
      ok((await traces(client, clientAt)).files.length > 0, "the client keeps its lease");
      await sandbox.podmanOk(["start", web]);
      const restartedAt = await attachment(sandbox, web, network);
      ok(subnet.contains(IP.parse(restartedAt.ip)), `${restartedAt.ip} is in ${subnet}`);
      const again = await httpGetWhenUp(hostPort, "/index.html");
      ok(again?.includes(token), `the mapped port answers again after start: ${again}`);
      strictEqual(bridgePorts(bridgeName)?.ports.length, 2);

      // 5. rm -f of both, then network rm: nothing of either container, then no bridge.
      await sandbox.podmanOk(["rm", "--force", "--time", "0", web, client]);
      strictEqual(await sandbox.podmanOk(["ps", "--all", "--quiet"]), "", "no container left");
      for (const [id, at] of [[web, restartedAt], [client, clientAt]] as const) {
        const left = await traces(id, at);
        ok(isEmpty(left), `${id} left ${JSON.stringify(left)}`);
        strictEqual(
          sandbox.leftoverCgroups().filter((dir) => Deno.readDirSync(dir).some((e) => e.name.includes(id))).length,
          0,
          `${id}'s cgroups are gone`,
        );
      }
      deepStrictEqual(bridgePorts(bridgeName)?.ports, [], "the bridge stays, empty, until the network is removed");
      strictEqual(await httpGet(hostPort, "/index.html"), undefined, "the mapped port no longer answers");
      await sandbox.podmanOk(["network", "rm", network]);
      strictEqual(bridgePorts(bridgeName), undefined, `podman network rm removed bridge ${bridgeName}`);
      deepStrictEqual([...Deno.readDirSync(sandbox.netDir)].filter((e) => e.name.endsWith(".conflist")), []);
      await shared[Symbol.asyncDispose]();
      strictEqual(await hostTables(), tablesBefore, "the host's nat and filter tables are as they were");
    });
  }
}
