import assert from "node:assert/strict";
import { join } from "node:path";
import { CniError } from "../../cni/mod.ts";
import { clientIdOf, DhcpDaemon, type DhcpDaemonOptions } from "./daemon.ts";
import { FakeDhcpServer, FakeTransport } from "./fake_dhcp_server.ts";
import { DhcpOption, MessageType } from "./options.ts";
import { messageTypeOf } from "./packet.ts";
import type { DaemonRequest } from "./protocol.ts";
import { loadLeases } from "./state_file.ts";

interface Harness {
  server: FakeDhcpServer;
  attached: Set<string>;
  options: DhcpDaemonOptions;
  logs: string[];
}

function harness(extra: Partial<DhcpDaemonOptions> = {}, server = new FakeDhcpServer()): Harness {
  const attached = new Set(["/run/netns/c1 eth0", "/run/netns/c1 net1", "/run/netns/c2 eth0"]);
  const logs: string[] = [];
  const options: DhcpDaemonOptions = {
    hostPrefix: "",
    stateFile: undefined,
    timeoutMs: 20,
    resendMaxMs: 0,
    isBroadcast: false,
    checkIntervalMs: 5,
    openTransport: () => new FakeTransport(server),
    isAttached: (netns, ifname) => attached.has(`${netns} ${ifname}`),
    log: (m) => logs.push(m),
    sleep: () => Promise.resolve(),
    ...extra,
  };
  return { server, attached, options, logs };
}

function req(containerId = "c1", ifname = "eth0"): DaemonRequest {
  return { containerId, network: "dhcpnet", ifname, netns: `/run/netns/${containerId}`, args: [] };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("clientIdOf() joins container, network and ifname and truncates to 254 bytes", () => {
  assert.equal(clientIdOf("abc", "net", "eth0"), "abc/net/eth0");
  assert.equal(clientIdOf("x".repeat(300), "net", "eth0").length, 254);
});

Deno.test("DhcpDaemon allocate() acquires once per attachment and reuses the lease on a repeated ADD", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    const first = await daemon.allocate(req());
    assert.deepEqual(first.ips, [{ address: "10.9.0.10/24", gateway: "10.9.0.1" }]);
    assert.deepEqual(first.routes, [{ dst: "0.0.0.0/0", gw: "10.9.0.1" }]);
    assert.deepEqual(await daemon.allocate(req()), first);
    assert.equal(h.server.received.length, 2, "DISCOVER and REQUEST only");
    const other = await daemon.allocate(req("c1", "net1"));
    assert.equal(other.ips[0]!.address, "10.9.0.11/24");
    assert.equal(daemon.size, 2);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon two concurrent ADDs of one attachment share one exchange", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    const [a, b] = await Promise.all([daemon.allocate(req()), daemon.allocate(req())]);
    assert.deepEqual(a, b);
    assert.equal(h.server.received.filter((m) => messageTypeOf(m.packet) === MessageType.DISCOVER).length, 1);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon release() sends DHCPRELEASE and forgets; an unknown container is success; check() then fails", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    await daemon.allocate(req());
    assert.equal(daemon.check(req()).ips[0]!.address, "10.9.0.10/24");
    await daemon.release(req());
    assert.equal(messageTypeOf(h.server.received.at(-1)!.packet), MessageType.RELEASE);
    assert.equal(daemon.size, 0);
    await daemon.release(req("never-seen"));
    assert.throws(() => daemon.check(req()), (err) => err instanceof CniError && err.code === 3);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon allocate() fails with a CniError naming the client when no server answers", async () => {
  const h = harness();
  h.server.isAnswering = false;
  const daemon = new DhcpDaemon(h.options);
  try {
    await assert.rejects(daemon.allocate(req()), /Cannot acquire a DHCP lease for "c1\/dhcpnet\/eth0"/);
    assert.equal(daemon.size, 0);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon renews a lease past T1 and starts over after a NAK", async () => {
  const h = harness({}, new FakeDhcpServer({ leaseSeconds: 3600 }));
  const daemon = new DhcpDaemon(h.options);
  try {
    await daemon.allocate(req());
    const lease = daemon.lease("c1", "dhcpnet", "eth0")!;
    h.server.nakRequests = 1;
    lease.boundAt -= 1_900_000; // past T1 (1800 s): the next wake renews, gets NAK, and runs INIT again
    await until("a new DISCOVER", () => h.server.received.length >= 5);
    const types = h.server.received.map((m) => messageTypeOf(m.packet));
    assert.deepEqual(types.slice(2, 5), [MessageType.REQUEST, MessageType.DISCOVER, MessageType.REQUEST]);
    assert.equal(h.server.received[2]!.packet.ciaddr.toString(), "10.9.0.10", "the renewal carried ciaddr");
    await until("the lease to be bound again", () => lease.state === "bound" && Date.now() - lease.boundAt < 60_000);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon forgets a lease whose interface is gone, without sending RELEASE", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    await daemon.allocate(req());
    h.attached.delete("/run/netns/c1 eth0");
    await until("the lease to be dropped", () => daemon.size === 0);
    assert.equal(h.server.received.some((m) => messageTypeOf(m.packet) === MessageType.RELEASE), false);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon saves its leases and a new daemon re-attaches to those whose interface still exists", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "cnit-dhcp-" });
  try {
    const stateFile = join(dir, "leases.json");
    const h = harness({ stateFile });
    const first = new DhcpDaemon(h.options);
    await first.allocate(req("c1"));
    await first.allocate(req("c2"));
    await first.shutdown();
    assert.deepEqual(loadLeases(stateFile).map((l) => l.spec.clientId), ["c1/dhcpnet/eth0", "c2/dhcpnet/eth0"]);
    const saved = loadLeases(stateFile)[0]!;
    assert.equal(saved.ack.yiaddr.toString(), "10.9.0.10");
    assert.ok(saved.spec.requestList.includes(DhcpOption.ROUTER));

    h.attached.delete("/run/netns/c2 eth0");
    const exchanges = h.server.received.length;
    const second = new DhcpDaemon(h.options);
    try {
      assert.equal(second.restore(), 1);
      assert.equal(second.check(req("c1")).ips[0]!.address, "10.9.0.10/24");
      assert.throws(() => second.check(req("c2")), CniError);
      assert.equal(h.server.received.length, exchanges, "re-attaching sends nothing before T1");
      assert.deepEqual(loadLeases(stateFile).map((l) => l.spec.clientId), ["c1/dhcpnet/eth0"]);
    } finally {
      await second.shutdown();
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("DhcpDaemon allocate() refuses a bad option name with code 7", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    await assert.rejects(
      daemon.allocate({ ...req(), request: [{ option: "bogus" }] }),
      (err) => err instanceof CniError && err.code === 7,
    );
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("DhcpDaemon gc() releases only this network's leases that are not valid attachments", async () => {
  const h = harness();
  const daemon = new DhcpDaemon(h.options);
  try {
    await daemon.allocate(req("c1"));
    await daemon.allocate(req("c2"));
    await daemon.allocate({ ...req("c1", "net1"), network: "othernet" });
    assert.equal(await daemon.gc("dhcpnet", [{ containerID: "c1", ifname: "eth0" }]), 1);
    assert.ok(daemon.lease("c1", "dhcpnet", "eth0"));
    assert.equal(daemon.lease("c2", "dhcpnet", "eth0"), undefined);
    assert.ok(daemon.lease("c1", "othernet", "net1"));
    assert.equal(messageTypeOf(h.server.received.at(-1)!.packet), MessageType.RELEASE);
  } finally {
    await daemon.shutdown();
  }
});

Deno.test("loadLeases() reads a missing file as empty and refuses a file that is not ours", () => {
  const dir = Deno.makeTempDirSync({ prefix: "cnit-dhcp-" });
  try {
    assert.deepEqual(loadLeases(join(dir, "missing.json")), []);
    Deno.writeTextFileSync(join(dir, "bad.json"), JSON.stringify({ version: 2, leases: [] }));
    assert.throws(() => loadLeases(join(dir, "bad.json")), /Cannot read DHCP lease state/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
