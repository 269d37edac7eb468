import assert from "node:assert/strict";
import { FakeKernel } from "../fake_kernel.ts";
import { NetlinkConn } from "./netlink_conn.ts";
import { NetlinkError } from "./netlink_error.ts";
import { encodeMessage } from "./message.ts";
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from "./netlink_consts.ts";
import type { NetlinkTransport } from "./netlink_socket.ts";

const PAYLOAD = new Uint8Array([1, 2, 3, 4]);

Deno.test("NetlinkConn.request() sets REQUEST|ACK, a fresh sequence number, and returns replies before the ack", () => {
  const kernel = new FakeKernel(() => ({ messages: [{ type: 16, data: PAYLOAD }] }));
  using conn = new NetlinkConn(kernel);
  const replies = conn.request("get link 1", { type: 18, data: PAYLOAD });
  conn.request("get link 1", { type: 18, flags: 0x400, data: PAYLOAD });
  assert.equal(replies.length, 1);
  assert.deepEqual([...replies[0]!.data], [...PAYLOAD]);
  const [first, second] = kernel.requests;
  assert.equal(first!.flags, NLM_F_REQUEST | NLM_F_ACK);
  assert.equal(second!.flags, NLM_F_REQUEST | NLM_F_ACK | 0x400);
  assert.equal(second!.seq, (first!.seq + 1) >>> 0);
});

Deno.test("NetlinkConn.request() throws NetlinkError with errno name and ext-ack text", () => {
  using conn = new NetlinkConn(new FakeKernel(() => ({ errno: 17, extAck: "Link exists" })));
  assert.throws(
    () => conn.request('add link "eth0"', { type: 16, data: PAYLOAD }),
    (err: unknown) =>
      err instanceof NetlinkError && err.errnoName === "EEXIST" && err.extAck === "Link exists" &&
      err.message === 'Cannot add link "eth0": File exists (EEXIST): Link exists',
  );
});

Deno.test("NetlinkConn.dump() collects multipart messages until NLMSG_DONE", () => {
  const kernel = new FakeKernel(() => ({ messages: [{ type: 16, data: PAYLOAD }, { type: 16, data: PAYLOAD }] }));
  using conn = new NetlinkConn(kernel);
  assert.equal(conn.dump("list links", { type: 18, data: PAYLOAD }).length, 2);
  assert.equal(kernel.requests[0]!.flags, NLM_F_REQUEST | NLM_F_DUMP);
});

Deno.test("NetlinkConn.dump() retries a dump flagged NLM_F_DUMP_INTR", () => {
  const kernel = new FakeKernel((_req, i) => ({ messages: [{ type: 16, data: PAYLOAD }], interrupted: i < 2 }));
  using conn = new NetlinkConn(kernel);
  assert.equal(conn.dump("list links", { type: 18, data: PAYLOAD }).length, 1);
  assert.equal(kernel.requests.length, 3);
});

Deno.test("NetlinkConn.dump() gives up with EINTR after 5 interrupted dumps", () => {
  const kernel = new FakeKernel(() => ({ interrupted: true }));
  using conn = new NetlinkConn(kernel);
  assert.throws(() => conn.dump("list routes", { type: 26, data: PAYLOAD }), /Cannot list routes: .*\(EINTR\)/);
  assert.equal(kernel.requests.length, 5);
});

Deno.test("NetlinkConn.dump() reports an error carried by NLMSG_DONE", () => {
  using conn = new NetlinkConn(new FakeKernel(() => ({ errno: 95, extAck: "no dump" })));
  assert.throws(() => conn.dump("list things", { type: 26, data: PAYLOAD }), /\(EOPNOTSUPP\): no dump/);
});

Deno.test("NetlinkConn skips replies with a stale sequence number or another port id", () => {
  const queue: Uint8Array[] = [];
  let seq = 0;
  const transport: NetlinkTransport = {
    portId: 7,
    send(datagram) {
      seq = new DataView(datagram.buffer, datagram.byteOffset).getUint32(8, true);
      const ack = new Uint8Array(20); // nlmsgerr: error 0 + capped header
      queue.push(encodeMessage({ type: 16, flags: 0, seq: seq - 1, pid: 7, data: PAYLOAD })); // stale
      queue.push(encodeMessage({ type: 16, flags: 0, seq, pid: 99, data: PAYLOAD })); // not ours
      queue.push(encodeMessage({ type: 2, flags: 0, seq, pid: 7, data: ack }));
    },
    receive: () => queue.shift()!,
    close() {},
    [Symbol.dispose]() {},
  };
  using conn = new NetlinkConn(transport);
  assert.deepEqual(conn.request("noop", { type: 18, data: PAYLOAD }), []);
});
