/**
 * The dhcp plugin and daemon against a real DHCP server: dnsmasq runs in a "server" namespace on one end of a veth
 * pair, the other end is eth0 of a "container" namespace, and our daemon runs as a subprocess in the test's own
 * namespace, started through main.ts (`cni dhcp daemon …`). Covers lease, renewal at the server's T1, RELEASE on
 * DEL, a restarted daemon keeping a lease, a vanished netns, and the daemon's pidfile and socket handling.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin, type Plugin } from "../cni/mod.ts";
import { callDaemon } from "../ipam/dhcp/daemon_client.ts";
import { dhcp } from "../ipam/dhcp/mod.ts";
import { Rtnl, withNetns } from "../netlink/mod.ts";
import { ROOT } from "./fixtures/launcher.ts";
import { createTestNetns, createTestVeth, type TestNetns } from "./fixtures/netns.ts";

const DNSMASQ = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"].find((p) => {
  try {
    return Deno.statSync(p).isFile;
  } catch {
    return false;
  }
});
const ignoreReason = Deno.uid() !== 0 ? "needs root" : DNSMASQ === undefined ? "dnsmasq is not installed" : undefined;
if (ignoreReason) console.error(`dhcp live tests skipped: ${ignoreReason}`);

const SERVER_IF = "cnitdhs0";
const T1_SECONDS = 3;

/** One dnsmasq lease-file line: expiry (epoch s), MAC, IP, hostname, client id. */
interface ServerLease {
  expiry: number;
  mac: string;
  ip: string;
  hostname: string;
  clientId: string;
}

/** A server namespace running dnsmasq, a container namespace with eth0, and a scratch directory. */
class Lab implements AsyncDisposable {
  readonly dir = Deno.makeTempDirSync({ prefix: "cnit-dhcp-" });
  readonly server: TestNetns = createTestNetns("cnit-dhs");
  readonly container: TestNetns = createTestNetns("cnit-dhc");
  readonly socketPath = join(this.dir, "dhcp.sock");
  readonly stateFile = join(this.dir, "leases.json");
  readonly leaseFile = join(this.dir, "dnsmasq.leases");
  #dnsmasq: Deno.ChildProcess | undefined;
  #daemons: Deno.ChildProcess[] = [];
  daemonLog = "";

  constructor() {
    createTestVeth({ name: SERVER_IF, netns: this.server, peerName: "eth0", peerNetns: this.container, up: false });
    using rtnl = Rtnl.open({ netns: this.server.path });
    const index = rtnl.linkGet(SERVER_IF).index;
    rtnl.addrAdd(index, "10.77.0.1/24");
    rtnl.linkSet(index, { up: true });
  }

  startDnsmasq(): void {
    const args = [
      "--keep-in-foreground",
      "--log-facility=-",
      "--conf-file=/dev/null",
      "--no-resolv",
      "--no-hosts",
      "--port=0",
      "--user=root",
      "--group=root",
      `--pid-file=${join(this.dir, "dnsmasq.pid")}`,
      `--interface=${SERVER_IF}`,
      "--bind-interfaces",
      "--dhcp-authoritative",
      "--dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,2m",
      `--dhcp-leasefile=${this.leaseFile}`,
      "--dhcp-option=option:router,10.77.0.1",
      "--dhcp-option=option:dns-server,10.77.0.53",
      "--dhcp-option=option:domain-search,svc.cnit,cnit",
      `--dhcp-option=option:T1,${T1_SECONDS}`,
    ];
    const command = new Deno.Command(DNSMASQ!, { args, stdout: "null", stderr: "null" });
    this.#dnsmasq = withNetns(this.server.path, () => command.spawn());
  }

  async startDaemon(extraArgs: string[] = []): Promise<Deno.ChildProcess> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        "--config",
        join(ROOT, "deno.json"),
        join(ROOT, "main.ts"),
        "dhcp",
        "daemon",
        "-socketpath",
        this.socketPath,
        "-statefile",
        this.stateFile,
        "-timeout",
        "2s",
        "-resendmax",
        "4s",
        ...extraArgs,
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    this.#daemons.push(child);
    await eventually("the daemon to listen", async () => {
      try {
        return (await callDaemon(this.socketPath, { method: "GET", path: "/v1/status" })).status === 200;
      } catch {
        return false;
      }
    });
    return child;
  }

  async stopDaemon(child: Deno.ChildProcess, signal: Deno.Signal): Promise<Deno.CommandOutput> {
    try {
      child.kill(signal);
    } catch {
      // Already exited.
    }
    const out = await child.output();
    this.daemonLog += new TextDecoder().decode(out.stderr);
    this.#daemons = this.#daemons.filter((d) => d !== child);
    if (signal === "SIGKILL") {
      try {
        Deno.removeSync(this.socketPath); // a crashed daemon leaves its socket file behind
      } catch {
        // Not there.
      }
    }
    return out;
  }

  serverLeases(): ServerLease[] {
    let text = "";
    try {
      text = Deno.readTextFileSync(this.leaseFile);
    } catch {
      return [];
    }
    return text.trim().split("\n").filter((l) => l !== "").map((line) => {
      const [expiry = "0", mac = "", ip = "", hostname = "", clientId = ""] = line.split(" ");
      return { expiry: Number(expiry), mac, ip, hostname, clientId };
    });
  }

  run(command: string, extra: Record<string, string> = {}) {
    const config = {
      cniVersion: "1.0.0",
      name: "cnit-dhcpnet",
      type: "macvlan",
      ipam: {
        type: "dhcp",
        daemonSocketPath: this.socketPath,
        provide: [{ option: "host-name", fromArg: "K8S_POD_NAME" }],
      },
    };
    return invokePlugin(dhcp as Plugin<unknown>, {
      env: {
        CNI_COMMAND: command,
        CNI_CONTAINERID: "cnit-ctr1",
        CNI_NETNS: this.container.path,
        CNI_IFNAME: "eth0",
        CNI_PATH: "/nowhere",
        CNI_ARGS: "IgnoreUnknown=1;K8S_POD_NAME=cnit-pod",
        ...extra,
      },
      stdin: new TextEncoder().encode(JSON.stringify(config)),
    });
  }

  /** Puts the leased address on the container's eth0, as the interface plugin would (the server's unicast replies
   * to a renewing client need the container to answer ARP for it). */
  configureContainer(address: string): void {
    using rtnl = Rtnl.open({ netns: this.container.path });
    rtnl.addrAdd(rtnl.linkGet("eth0").index, address);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const child of this.#daemons) await this.stopDaemon(child, "SIGKILL");
    if (this.#dnsmasq) {
      try {
        this.#dnsmasq.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await this.#dnsmasq.status;
    }
    this.container[Symbol.dispose]();
    this.server[Symbol.dispose]();
    Deno.removeSync(this.dir, { recursive: true });
  }
}

async function eventually(what: string, condition: () => boolean | Promise<boolean>, seconds = 30): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test({
  name: "dhcp live: ADD leases from dnsmasq, the daemon renews at T1, DEL releases",
  ignore: ignoreReason !== undefined,
  async fn() {
    await using lab = new Lab();
    lab.startDnsmasq();
    await lab.startDaemon();
    try {
      const add = await lab.run("ADD");
      assert.equal(add.exitCode, 0, `${add.stdout}\n${lab.daemonLog}`);
      const result = JSON.parse(add.stdout);
      const address: string = result.ips[0].address;
      assert.match(address, /^10\.77\.0\.(5\d|60)\/24$/);
      assert.equal(result.ips[0].gateway, "10.77.0.1");
      assert.deepEqual(result.routes, [{ dst: "0.0.0.0/0", gw: "10.77.0.1" }]);
      assert.deepEqual(result.dns, { nameservers: ["10.77.0.53"], search: ["svc.cnit", "cnit"] });

      {
        using rtnl = Rtnl.open({ netns: lab.container.path });
        assert.equal(rtnl.linkGet("eth0").up, true, "the daemon brought eth0 up");
      }
      const [lease] = lab.serverLeases();
      assert.equal(lease?.ip, address.split("/")[0]);
      assert.equal(lease?.hostname, "cnit-pod");
      const clientId = [...new TextEncoder().encode("cnit-ctr1/cnit-dhcpnet/eth0")];
      assert.equal(lease?.clientId, ["00", ...clientId.map((b) => b.toString(16).padStart(2, "0"))].join(":"));

      lab.configureContainer(address);
      const firstExpiry = lease!.expiry;
      await eventually("dnsmasq to record a renewal", () => (lab.serverLeases()[0]?.expiry ?? 0) > firstExpiry);

      const again = await lab.run("ADD");
      assert.equal(JSON.parse(again.stdout).ips[0].address, address, "a repeated ADD reuses the lease");
      assert.equal((await lab.run("CHECK")).exitCode, 0);

      const del = await lab.run("DEL");
      assert.equal(del.exitCode, 0, del.stdout);
      await eventually("dnsmasq to drop the released lease", () => lab.serverLeases().length === 0);
      assert.equal((await lab.run("DEL")).exitCode, 0, "a second DEL is fine");
    } catch (err) {
      console.error(lab.daemonLog);
      throw err;
    }
  },
});

Deno.test({
  name: "dhcp live: a daemon restarted after a crash re-attaches to the lease, renews it and releases it on DEL",
  ignore: ignoreReason !== undefined,
  async fn() {
    await using lab = new Lab();
    lab.startDnsmasq();
    const first = await lab.startDaemon();
    const add = await lab.run("ADD");
    assert.equal(add.exitCode, 0, add.stdout);
    const address: string = JSON.parse(add.stdout).ips[0].address;
    lab.configureContainer(address);
    await lab.stopDaemon(first, "SIGKILL");

    await lab.startDaemon();
    const check = await lab.run("CHECK");
    assert.equal(check.exitCode, 0, `${check.stdout}\n${lab.daemonLog}`);
    const expiry = lab.serverLeases()[0]!.expiry;
    await eventually("the restarted daemon to renew", () => (lab.serverLeases()[0]?.expiry ?? 0) > expiry);
    assert.equal(lab.serverLeases()[0]!.ip, address.split("/")[0]);

    assert.equal((await lab.run("DEL")).exitCode, 0);
    await eventually("dnsmasq to drop the released lease", () => lab.serverLeases().length === 0);
  },
});

Deno.test({
  name: "dhcp live: the daemon drops a lease when the container's namespace goes away",
  ignore: ignoreReason !== undefined,
  async fn() {
    await using lab = new Lab();
    lab.startDnsmasq();
    await lab.startDaemon();
    assert.equal((await lab.run("ADD")).exitCode, 0);
    lab.container[Symbol.dispose]();
    await eventually("the daemon to forget the lease", async () => {
      const status = await callDaemon(lab.socketPath, { method: "GET", path: "/v1/status" });
      return (status.body as { leases: number }).leases === 0;
    });
    assert.equal((await lab.run("DEL", { CNI_NETNS: "" })).exitCode, 0);
  },
});

Deno.test({
  name: "dhcp live: the daemon writes its pidfile, refuses a second daemon on its socket, and cleans up on SIGTERM",
  ignore: ignoreReason !== undefined,
  async fn() {
    await using lab = new Lab();
    const pidFile = join(lab.dir, "dhcp.pid");
    const daemon = await lab.startDaemon(["-pidfile", pidFile]);
    assert.equal(Deno.readTextFileSync(pidFile), String(daemon.pid));
    const second = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        join(ROOT, "main.ts"),
        "dhcp",
        "daemon",
        "-socketpath",
        lab.socketPath,
      ],
      stdout: "null",
      stderr: "piped",
    });
    const refused = await second.output();
    assert.equal(refused.code, 1);
    assert.match(new TextDecoder().decode(refused.stderr), /another DHCP daemon is serving it/);
    const out = await lab.stopDaemon(daemon, "SIGTERM");
    assert.equal(out.code, 0, lab.daemonLog);
    assert.throws(() => Deno.statSync(pidFile), Deno.errors.NotFound);
    assert.throws(() => Deno.statSync(lab.socketPath), Deno.errors.NotFound);
  },
});
