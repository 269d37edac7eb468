/**
 * Issue 7, end to end with a real container runtime: Debian's podman (4.x, CNI network backend) runs a busybox
 * container (a rootfs made here, no image) on a network whose only plugin dir is our binary's bin dir, with podman's
 * default chain bridge → portmap → firewall → tuning and a port mapping on 127.0.0.1. Inside, eth0 has an address
 * from the subnet and pings the gateway; from the host the mapped port reaches busybox httpd in the container; after
 * `podman rm -f` and `podman network rm` no veth, bridge, rule, netns, lease, cache entry or cgroup is left.
 * Root only; skipped with the reason when podman, runc or busybox-static is missing. Runs once per launcher.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { IP, Prefix } from "../addr/mod.ts";
import { Rtnl } from "../netlink/mod.ts";
import { launchers } from "./fixtures/launcher.ts";
import { buildBusyboxRootfs, busyboxUnavailable } from "./fixtures/rootfs.ts";
import { PodmanSandbox, podmanUnavailable } from "./fixtures/e2e/podman_sandbox.ts";

/** Where podman 4's libcni keeps its result cache (it has no setting for it). */
const CNI_CACHE = "/var/lib/cni/results";
const NAME = "podman runs a busybox container on our bridge/portmap/firewall/tuning chain and leaves nothing after rm";

const skipReason = (await podmanUnavailable()) ?? busyboxUnavailable();

function randomInt(below: number): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % below;
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/** iptables-save, ip6tables-save and the nft ruleset, as one text. */
async function firewallText(): Promise<string> {
  const texts = [];
  for (const argv of [["iptables-save"], ["ip6tables-save"], ["nft", "list", "ruleset"]]) {
    const out = await new Deno.Command(argv[0]!, { args: argv.slice(1), stdout: "piped", stderr: "null" }).output();
    texts.push(new TextDecoder().decode(out.stdout));
  }
  return texts.join("\n");
}

/** Lines of `text` that name `ip` as a whole address. */
function linesNaming(text: string, ip: string): string[] {
  const re = new RegExp(`(^|[^\\d.])${ip.replaceAll(".", "\\.")}(?![\\d])`);
  return text.split("\n").filter((l) => re.test(l));
}

/** Every file under `dir` whose name is `ip` or whose content mentions `containerId`. */
function filesNaming(dir: string, ip: string, containerId: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...filesNaming(path, ip, containerId));
    else if (entry.name === ip || Deno.readTextFileSync(path).includes(containerId)) found.push(path);
  }
  return found;
}

/** One HTTP/1.0 GET on 127.0.0.1:`port`; the whole response, or undefined when the connection was refused or reset. */
async function httpGet(port: number, path: string): Promise<string | undefined> {
  let conn: Deno.TcpConn;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
  } catch (err) {
    if (err instanceof Deno.errors.ConnectionRefused || err instanceof Deno.errors.ConnectionReset) return undefined;
    throw err;
  }
  using _conn = conn;
  try {
    await conn.write(new TextEncoder().encode(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n`));
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(4096);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) chunks.push(buf.slice(0, n));
    const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])));
    return text === "" ? undefined : text;
  } catch (err) {
    if (err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.BrokenPipe) return undefined;
    throw err;
  }
}

/** Polls the mapped port until the server in the container answers (httpd starts after `podman run -d` returns). */
async function httpGetWhenUp(port: number, path: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await httpGet(port, path);
    if (response !== undefined) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

interface NetworkSettings {
  SandboxKey: string;
  Networks: Record<string, { IPAddress: string; Gateway: string; IPPrefixLen: number; MacAddress: string }>;
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
      const hostPort = 30000 + randomInt(10000);
      const token = `cnit-podman-${suffix}-${randomInt(1e9)}`;

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

      const id = (await sandbox.podmanOk([
        "run",
        "--detach",
        "--name",
        `${network}-web`,
        "--network",
        network,
        "--publish",
        `127.0.0.1:${hostPort}:80/tcp`,
        "--cgroup-parent",
        sandbox.cgroupParent,
        "--rootfs",
        rootfs.path,
        "/bin/httpd",
        "-f",
        "-p",
        "80",
        "-h",
        "/www",
      ])).trim();
      match(id, /^[0-9a-f]{64}$/);

      // What podman recorded from our result.
      const [inspected] = JSON.parse(await sandbox.podmanOk(["inspect", id])) as { NetworkSettings: NetworkSettings }[];
      const settings = inspected!.NetworkSettings;
      const attachment = settings.Networks[network];
      ok(attachment !== undefined, `podman inspect names network ${network}: ${JSON.stringify(settings)}`);
      const ip = attachment.IPAddress;
      ok(subnet.contains(IP.parse(ip)), `${ip} is in ${subnet}`);
      strictEqual(attachment.Gateway, gateway);
      strictEqual(attachment.IPPrefixLen, 24);
      ok(exists(settings.SandboxKey), `the container's netns ${settings.SandboxKey} exists`);

      // Inside the container: eth0 carries that address, the default route goes to the gateway, which answers.
      const addrs = await sandbox.podmanOk(["exec", id, "ip", "-4", "-o", "addr", "show", "dev", "eth0"]);
      match(addrs, new RegExp(`inet ${ip.replaceAll(".", "\\.")}/24 `));
      const routes = await sandbox.podmanOk(["exec", id, "ip", "-4", "route", "show"]);
      match(routes, new RegExp(`^default via ${gateway.replaceAll(".", "\\.")} dev eth0`, "m"));
      const link = await sandbox.podmanOk(["exec", id, "ip", "-o", "link", "show", "dev", "eth0"]);
      ok(link.toLowerCase().includes(attachment.MacAddress.toLowerCase()), `eth0 has MAC ${attachment.MacAddress}`);
      const ping = await sandbox.podmanOk(["exec", id, "ping", "-c", "1", "-W", "5", gateway]);
      match(ping, /1 packets transmitted, 1 packets received/);

      // On the host: the bridge holds the gateway address and exactly one veth, the container's.
      let vethName: string;
      {
        using rtnl = Rtnl.open();
        const bridge = rtnl.linkFind(bridgeName);
        ok(bridge !== undefined && bridge.kind === "bridge", `bridge ${bridgeName} exists`);
        const bridgeAddrs = rtnl.addrList().filter((a) => a.index === bridge.index).map((a) => a.prefix);
        ok(bridgeAddrs.includes(`${gateway}/24`), `bridge addresses ${bridgeAddrs}`);
        const ports = rtnl.linkList().filter((l) => l.master === bridge.index);
        deepStrictEqual(ports.map((l) => l.kind), ["veth"]);
        vethName = ports[0]!.name;
      }

      // From the host, through portmap's DNAT on 127.0.0.1, to busybox httpd in the container.
      const response = await httpGetWhenUp(hostPort, "/index.html");
      ok(response !== undefined, `127.0.0.1:${hostPort} answered`);
      match(response, /^HTTP\/1\.[01] 200 /);
      ok(response.includes(token), `the container served ${token}: ${response}`);

      // State the chain made, which DEL must remove.
      const cacheFile = join(CNI_CACHE, `${network}-${id}-eth0`);
      ok(exists(cacheFile), `libcni cached the result in ${cacheFile}`);
      const leaseFile = join(ipamDir, network, ip);
      ok(Deno.readTextFileSync(leaseFile).startsWith(id), `host-local's ${leaseFile} names the container`);
      const rulesDuring = await firewallText();
      ok(rulesDuring.includes(id), "portmap/bridge rules carry the container id");
      ok(linesNaming(rulesDuring, ip).length > 0, "firewall/portmap rules name the container address");

      await sandbox.podmanOk(["rm", "--force", "--time", "0", id]);

      strictEqual(await sandbox.podmanOk(["ps", "--all", "--quiet"]), "", "no container left");
      {
        using rtnl = Rtnl.open();
        strictEqual(rtnl.linkFind(vethName), undefined, `veth ${vethName} is gone`);
        const bridge = rtnl.linkFind(bridgeName);
        ok(bridge !== undefined, "the bridge stays until the network is removed");
        deepStrictEqual(rtnl.linkList().filter((l) => l.master === bridge.index).map((l) => l.name), []);
      }
      strictEqual(exists(settings.SandboxKey), false, `netns ${settings.SandboxKey} is gone`);
      strictEqual(exists(cacheFile), false, `${cacheFile} is gone`);
      deepStrictEqual(filesNaming(ipamDir, ip, id), [], "host-local released the lease");
      const rulesAfter = await firewallText();
      deepStrictEqual(rulesAfter.split("\n").filter((l) => l.includes(id)), [], "no rule names the container id");
      deepStrictEqual(linesNaming(rulesAfter, ip), [], "no rule names the container address");
      strictEqual(await httpGet(hostPort, "/index.html"), undefined, "the mapped port no longer answers");
      strictEqual(exists(join("/run/runc", id)), false, "runc's state is gone");
      const cgroups = sandbox.leftoverCgroups().filter((dir) => exists(join(dir, `libpod-${id}`)));
      deepStrictEqual(cgroups, [], "the container's cgroups are gone");

      await sandbox.podmanOk(["network", "rm", network]);
      {
        using rtnl = Rtnl.open();
        strictEqual(rtnl.linkFind(bridgeName), undefined, `podman network rm removed bridge ${bridgeName}`);
      }
      strictEqual(exists(join(sandbox.netDir, `${network}.conflist`)), false, "the conflist is gone");
    });
  }
}
