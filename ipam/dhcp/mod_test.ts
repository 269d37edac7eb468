import assert from "node:assert/strict";
import { join } from "node:path";
import { invokePlugin, type Plugin, SPEC_VERSIONS } from "../../cni/mod.ts";
import { DhcpDaemon } from "./daemon.ts";
import { serveDaemon } from "./daemon_server.ts";
import { callDaemon } from "./daemon_client.ts";
import { FakeDhcpServer, FakeTransport } from "./fake_dhcp_server.ts";
import { dhcp } from "./mod.ts";
import { DhcpOption, MessageType } from "./options.ts";
import { messageTypeOf } from "./packet.ts";
import { encodeDomainSearch } from "./domain_search.ts";

/** A daemon with a fake DHCP server behind it, served on a unix socket in a temporary directory. */
async function withDaemon(
  fn: (socketPath: string, server: FakeDhcpServer) => Promise<void>,
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "cnit-dhcp-" });
  const socketPath = join(dir, "dhcp.sock");
  const server = new FakeDhcpServer({
    extraOptions: new Map([
      [DhcpOption.DNS_SERVERS, Uint8Array.of(10, 9, 0, 53)],
      [DhcpOption.DOMAIN_SEARCH, encodeDomainSearch(["svc.example", "example"])],
    ]),
  });
  const daemon = new DhcpDaemon({
    hostPrefix: "",
    stateFile: undefined,
    timeoutMs: 20,
    resendMaxMs: 0,
    isBroadcast: false,
    checkIntervalMs: 60_000,
    openTransport: () => new FakeTransport(server),
    isAttached: () => true,
    log: () => {},
    sleep: () => Promise.resolve(),
  });
  const abort = new AbortController();
  const http = serveDaemon(daemon, { path: socketPath, signal: abort.signal });
  try {
    await fn(socketPath, server);
  } finally {
    abort.abort();
    await http.finished;
    await daemon.shutdown();
    Deno.removeSync(dir, { recursive: true });
  }
}

function run(command: string, socketPath: string, cniVersion: string, extra: Record<string, string> = {}) {
  const config = {
    cniVersion,
    name: "dhcpnet",
    type: "macvlan",
    ipam: { type: "dhcp", daemonSocketPath: socketPath, provide: [{ option: "host-name", fromArg: "K8S_POD_NAME" }] },
  };
  return invokePlugin(dhcp as Plugin<unknown>, {
    env: {
      CNI_COMMAND: command,
      CNI_CONTAINERID: "ctr1",
      CNI_NETNS: "/var/run/netns/cnit-x",
      CNI_IFNAME: "eth0",
      CNI_PATH: "/nowhere",
      CNI_ARGS: "IgnoreUnknown=1;K8S_POD_NAME=web-0",
      ...extra,
    },
    stdin: new TextEncoder().encode(JSON.stringify(config)),
  });
}

Deno.test("dhcp ADD returns the daemon's lease in every spec version; DEL releases it", async () => {
  for (const version of SPEC_VERSIONS) {
    await withDaemon(async (socketPath, server) => {
      const add = await run("ADD", socketPath, version);
      assert.equal(add.exitCode, 0, add.stdout);
      const result = JSON.parse(add.stdout);
      assert.equal(result.cniVersion, version);
      if (version === "0.1.0" || version === "0.2.0") {
        assert.equal(result.ip4.ip, "10.9.0.10/24");
        assert.equal(result.ip4.gateway, "10.9.0.1");
      } else {
        assert.deepEqual(result.ips.map((ip: { address: string }) => ip.address), ["10.9.0.10/24"]);
        assert.deepEqual(result.routes, [{ dst: "0.0.0.0/0", gw: "10.9.0.1" }]);
      }
      assert.deepEqual(result.dns, { nameservers: ["10.9.0.53"], search: ["svc.example", "example"] });
      const discover = server.received[0]!.packet;
      assert.equal(new TextDecoder().decode(discover.options.get(DhcpOption.HOST_NAME)), "web-0");
      assert.equal(
        new TextDecoder().decode(discover.options.get(DhcpOption.CLIENT_ID)!.subarray(1)),
        "ctr1/dhcpnet/eth0",
      );

      const del = await run("DEL", socketPath, version);
      assert.equal(del.exitCode, 0, del.stdout);
      assert.equal(messageTypeOf(server.received.at(-1)!.packet), MessageType.RELEASE);
    });
  }
});

Deno.test("dhcp CHECK succeeds while the lease is held and fails after DEL", async () => {
  await withDaemon(async (socketPath) => {
    assert.equal((await run("ADD", socketPath, "1.0.0")).exitCode, 0);
    assert.equal((await run("CHECK", socketPath, "1.0.0")).exitCode, 0);
    assert.equal((await run("DEL", socketPath, "1.0.0")).exitCode, 0);
    const check = await run("CHECK", socketPath, "1.0.0");
    assert.equal(check.exitCode, 1);
    assert.equal(JSON.parse(check.stdout).code, 3);
  });
});

Deno.test("dhcp ADD passes the daemon's error code through when no server answers", async () => {
  await withDaemon(async (socketPath, server) => {
    server.isAnswering = false;
    const add = await run("ADD", socketPath, "1.0.0");
    assert.equal(add.exitCode, 1);
    assert.match(JSON.parse(add.stdout).msg, /Cannot acquire a DHCP lease for "ctr1\/dhcpnet\/eth0"/);
  });
});

Deno.test("dhcp GC releases the leases the runtime no longer lists", async () => {
  await withDaemon(async (socketPath, server) => {
    assert.equal((await run("ADD", socketPath, "1.1.0")).exitCode, 0);
    const config = {
      cniVersion: "1.1.0",
      name: "dhcpnet",
      ipam: { type: "dhcp", daemonSocketPath: socketPath },
      "cni.dev/valid-attachments": [{ containerID: "other", ifname: "eth0" }],
    };
    const gc = await invokePlugin(dhcp as Plugin<unknown>, {
      env: { CNI_COMMAND: "GC", CNI_PATH: "/nowhere" },
      stdin: new TextEncoder().encode(JSON.stringify(config)),
    });
    assert.equal(gc.exitCode, 0, gc.stdout);
    assert.equal(messageTypeOf(server.received.at(-1)!.packet), MessageType.RELEASE);
    assert.equal(server.leases.size, 0);
  });
});

Deno.test("dhcp with no daemon: ADD fails naming the socket, DEL succeeds, STATUS reports 50", async () => {
  const missing = "/nonexistent/cnit-dhcp.sock";
  const add = await run("ADD", missing, "1.0.0");
  assert.equal(add.exitCode, 1);
  assert.match(JSON.parse(add.stdout).msg, /Cannot reach the DHCP daemon at "\/nonexistent\/cnit-dhcp.sock"/);
  assert.equal((await run("DEL", missing, "1.0.0")).exitCode, 0);
  const status = await run("STATUS", missing, "1.1.0");
  assert.equal(JSON.parse(status.stdout).code, 50);
});

Deno.test("dhcp daemon answers status and refuses unknown endpoints and bad bodies", async () => {
  await withDaemon(async (socketPath) => {
    assert.deepEqual(await callDaemon(socketPath, { method: "GET", path: "/v1/status" }), {
      status: 200,
      body: { leases: 0 },
    });
    assert.equal((await callDaemon(socketPath, { method: "POST", path: "/v1/nope", body: {} })).status, 404);
    const bad = await callDaemon(socketPath, { method: "POST", path: "/v1/allocate", body: { containerId: 1 } });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { error: { code: number } }).error.code, 7);
  });
});

Deno.test("dhcp main() refuses anything but the daemon subcommand", async () => {
  const original = console.error;
  console.error = () => {};
  try {
    assert.equal(await dhcp.main!(["bogus"]), 2);
  } finally {
    console.error = original;
  }
});
