import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { DhcpClient, type DhcpClientOptions, DhcpNakError } from "./client.ts";
import { FakeDhcpServer, FakeTransport } from "./fake_dhcp_server.ts";
import { DhcpOption, encodeText, MessageType } from "./options.ts";
import { BOOTREPLY, encodePacket, FLAG_BROADCAST, messageTypeOf, newRequest } from "./packet.ts";

function options(extra: Partial<DhcpClientOptions> = {}): DhcpClientOptions {
  return {
    clientId: "c1/net/eth0",
    requestList: [1, 3],
    provide: new Map([[DhcpOption.HOST_NAME, encodeText("pod-a")]]),
    isBroadcast: false,
    timeoutMs: 50,
    resendMaxMs: 0,
    sleep: () => Promise.resolve(),
    ...extra,
  };
}

Deno.test("DhcpClient acquire() runs DISCOVER → OFFER → REQUEST → ACK with the client id and provided options", async () => {
  const server = new FakeDhcpServer();
  using transport = new FakeTransport(server);
  const ack = await new DhcpClient(transport, options()).acquire();
  assert.equal(ack.yiaddr.toString(), "10.9.0.10");
  assert.deepEqual(server.received.map((m) => messageTypeOf(m.packet)), [MessageType.DISCOVER, MessageType.REQUEST]);
  const [discover, request] = server.received;
  assert.equal(discover!.dst.toString(), "255.255.255.255");
  assert.equal(discover!.src.toString(), "0.0.0.0");
  assert.equal(discover!.packet.flags, 0);
  assert.deepEqual([...discover!.packet.options.get(DhcpOption.CLIENT_ID)!], [0, ...encodeText("c1/net/eth0")]);
  assert.equal(new TextDecoder().decode(discover!.packet.options.get(DhcpOption.HOST_NAME)), "pod-a");
  assert.deepEqual([...discover!.packet.options.get(DhcpOption.PARAMETER_REQUEST_LIST)!], [1, 3]);
  assert.equal(request!.packet.xid, discover!.packet.xid);
  assert.deepEqual([...request!.packet.options.get(DhcpOption.REQUESTED_IP)!], [10, 9, 0, 10]);
  assert.deepEqual([...request!.packet.options.get(DhcpOption.SERVER_ID)!], [10, 9, 0, 1]);
  assert.deepEqual([...request!.packet.chaddr.subarray(0, 6)], [...transport.mac.bytes]);
});

Deno.test("DhcpClient sets the broadcast bit when asked (-broadcast)", async () => {
  const server = new FakeDhcpServer();
  using transport = new FakeTransport(server);
  await new DhcpClient(transport, options({ isBroadcast: true })).acquire();
  assert.ok(server.received.every((m) => m.packet.flags === FLAG_BROADCAST));
});

Deno.test("DhcpClient acquire() starts over after a NAK and succeeds on the next try", async () => {
  const server = new FakeDhcpServer();
  server.nakRequests = 1;
  using transport = new FakeTransport(server);
  const ack = await new DhcpClient(transport, options()).acquire();
  assert.equal(messageTypeOf(ack), MessageType.ACK);
  const types = server.received.map((m) => messageTypeOf(m.packet));
  assert.deepEqual(types, [MessageType.DISCOVER, MessageType.REQUEST, MessageType.DISCOVER, MessageType.REQUEST]);
});

Deno.test("DhcpClient acquire() gives up after the fast retries and the backoff when nobody answers", async () => {
  const server = new FakeDhcpServer();
  server.isAnswering = false;
  using transport = new FakeTransport(server);
  const slept: number[] = [];
  const client = new DhcpClient(
    transport,
    options({ timeoutMs: 1, resendMaxMs: 10_000, sleep: (ms) => (slept.push(ms), Promise.resolve()) }),
  );
  await assert.rejects(client.acquire(), /Cannot acquire a lease for "c1\/net\/eth0": no more tries \(no DHCPOFFER/);
  assert.equal(slept.length, 4 + 2, "four fast retries, then 4 s and 8 s before 16 s passes -resendmax");
  assert.ok(slept.slice(4).every((ms, i) => Math.abs(ms - 4000 * 2 ** i) <= 1000));
});

Deno.test("DhcpClient ignores replies with another xid or chaddr, and non-DHCP data", async () => {
  const server = new FakeDhcpServer();
  using transport = new FakeTransport(server);
  transport.inject(Uint8Array.of(1, 2, 3));
  const stray = newRequest({ xid: 7, chaddr: transport.mac.bytes, op: BOOTREPLY });
  stray.options.set(DhcpOption.MESSAGE_TYPE, Uint8Array.of(MessageType.OFFER));
  stray.yiaddr = IP.parse("10.66.0.1");
  transport.inject(encodePacket(stray));
  const ack = await new DhcpClient(transport, options()).acquire();
  assert.equal(ack.yiaddr.toString(), "10.9.0.10");
});

Deno.test("DhcpClient renew() unicasts to the server from ciaddr; rebind() broadcasts; a NAK throws DhcpNakError", async () => {
  const server = new FakeDhcpServer();
  using transport = new FakeTransport(server);
  const client = new DhcpClient(transport, options());
  const ack = await client.acquire();
  await client.renew(ack);
  const renew = server.received.at(-1)!;
  assert.equal(renew.dst.toString(), "10.9.0.1");
  assert.equal(renew.src.toString(), "10.9.0.10");
  assert.equal(renew.packet.ciaddr.toString(), "10.9.0.10");
  assert.equal(renew.packet.options.has(DhcpOption.REQUESTED_IP), false);
  assert.equal(renew.packet.options.has(DhcpOption.SERVER_ID), false);
  await client.rebind(ack);
  assert.equal(server.received.at(-1)!.dst.toString(), "255.255.255.255");
  server.nakRequests = 1;
  await assert.rejects(client.renew(ack), DhcpNakError);
});

Deno.test("DhcpClient release() sends RELEASE with ciaddr, server id and client id", async () => {
  const server = new FakeDhcpServer();
  using transport = new FakeTransport(server);
  const client = new DhcpClient(transport, options());
  client.release(await client.acquire());
  const release = server.received.at(-1)!;
  assert.equal(messageTypeOf(release.packet), MessageType.RELEASE);
  assert.equal(release.packet.ciaddr.toString(), "10.9.0.10");
  assert.deepEqual([...release.packet.options.get(DhcpOption.SERVER_ID)!], [10, 9, 0, 1]);
  assert.equal(server.leases.size, 0);
});
