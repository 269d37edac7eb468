import assert from "node:assert/strict";
import { decodeMessages, encodeMessage } from "./message.ts";
import { decodeErrorPayload, NetlinkError } from "./netlink_error.ts";
import { NLM_F_ACK_TLVS, NLM_F_CAPPED, NLMSG_ERROR } from "./netlink_consts.ts";

Deno.test("encodeMessage() writes nlmsghdr with the computed length and pads the payload", () => {
  const bytes = encodeMessage({ type: 18, flags: 0x305, seq: 7, pid: 0, data: new Uint8Array([1, 2, 3]) });
  assert.deepEqual([...bytes], [19, 0, 0, 0, 18, 0, 5, 3, 7, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0]);
});

Deno.test("decodeMessages() splits a datagram holding two messages", () => {
  const a = encodeMessage({ type: 16, flags: 2, seq: 1, pid: 99, data: new Uint8Array([9, 9, 9]) });
  const b = encodeMessage({ type: 3, flags: 2, seq: 1, pid: 99, data: new Uint8Array(4) });
  const msgs = decodeMessages(new Uint8Array([...a, ...b]));
  assert.equal(msgs.length, 2);
  assert.deepEqual({ ...msgs[0], data: [...msgs[0]!.data] }, { type: 16, flags: 2, seq: 1, pid: 99, data: [9, 9, 9] });
  assert.equal(msgs[1]?.type, 3);
});

Deno.test("decodeMessages() rejects a header whose length runs past the datagram", () => {
  const bytes = encodeMessage({ type: 16, flags: 0, seq: 1, pid: 0, data: new Uint8Array(4) });
  assert.throws(() => decodeMessages(bytes.subarray(0, 18)), RangeError);
});

// struct nlmsgerr { int error = -17; struct nlmsghdr msg (capped); } + NLMSGERR_ATTR_MSG "Link exists" + OFFS 32
const CAPPED_EEXIST = new Uint8Array([
  ...[0xef, 0xff, 0xff, 0xff],
  ...[0x34, 0, 0, 0, 16, 0, 0x05, 0x06, 1, 0, 0, 0, 0, 0, 0, 0],
  ...[16, 0, 1, 0, ...new TextEncoder().encode("Link exists"), 0],
  ...[8, 0, 2, 0, 32, 0, 0, 0],
]);

Deno.test("decodeErrorPayload() reads the errno and the extended ack of a capped error", () => {
  const payload = decodeErrorPayload(CAPPED_EEXIST, NLM_F_CAPPED | NLM_F_ACK_TLVS);
  assert.deepEqual(payload, { errno: 17, extAck: "Link exists", offset: 32 });
});

Deno.test("decodeErrorPayload() skips an uncapped echoed request before the ack attributes", () => {
  const echoed = encodeMessage({ type: 16, flags: 5, seq: 1, pid: 0, data: new Uint8Array([1, 2, 3, 4, 5]) });
  const data = new Uint8Array([0xed, 0xff, 0xff, 0xff, ...echoed, 9, 0, 1, 0, 0x62, 0x61, 0x64, 0x21, 0, 0, 0, 0]);
  assert.deepEqual(decodeErrorPayload(data, NLM_F_ACK_TLVS), { errno: 19, extAck: "bad!" });
  assert.deepEqual(decodeErrorPayload(data.subarray(0, 4), 0), { errno: 19 });
  assert.equal(NLMSG_ERROR, 2);
});

Deno.test("NetlinkError reads like `Cannot <op>: <strerror> (<NAME>): <extack>`", () => {
  const err = new NetlinkError('add link "eth0"', 17, { extAck: "Link exists" });
  assert.equal(err.message, 'Cannot add link "eth0": File exists (EEXIST): Link exists');
  assert.equal(err.errnoName, "EEXIST");
  assert.equal(new NetlinkError("delete link 7", 19).message, "Cannot delete link 7: No such device (ENODEV)");
});
