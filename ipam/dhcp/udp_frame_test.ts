import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { decodeUdpFrame, encodeUdpFrame, internetChecksum } from "./udp_frame.ts";

Deno.test("internetChecksum() matches RFC 1071's worked example", () => {
  // RFC 1071 §3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, so the checksum is its complement 220d.
  assert.equal(internetChecksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)), 0x220d);
});

Deno.test("encodeUdpFrame() writes valid IPv4 and UDP checksums and decodeUdpFrame() reads it back", () => {
  const frame = {
    src: IP.parse("0.0.0.0"),
    dst: IP.parse("255.255.255.255"),
    srcPort: 68,
    dstPort: 67,
    payload: Uint8Array.of(1, 2, 3),
  };
  const bytes = encodeUdpFrame(frame);
  assert.equal(bytes.length, 20 + 8 + 3);
  assert.equal(internetChecksum(bytes.subarray(0, 20)), 0);
  const pseudo = Uint8Array.of(0, 0, 0, 0, 255, 255, 255, 255, 0, 17, 0, 11);
  const sum = ~internetChecksum(pseudo) & 0xffff;
  assert.equal(internetChecksum(bytes.subarray(20), sum), 0, "UDP checksum over the pseudo header");
  assert.deepEqual(decodeUdpFrame(bytes), frame);
});

Deno.test("decodeUdpFrame() ignores non-UDP, fragments, bad header checksums and short data", () => {
  const bytes = encodeUdpFrame({
    src: IP.parse("10.0.0.1"),
    dst: IP.parse("10.0.0.2"),
    srcPort: 67,
    dstPort: 68,
    payload: new Uint8Array(10),
  });
  const tcp = bytes.slice();
  tcp[9] = 6;
  assert.equal(decodeUdpFrame(tcp), undefined);
  const corrupt = bytes.slice();
  corrupt[15] = corrupt[15]! ^ 1;
  assert.equal(decodeUdpFrame(corrupt), undefined);
  const fragment = bytes.slice();
  fragment[6] = 0x20; // more fragments
  assert.equal(decodeUdpFrame(fragment), undefined);
  assert.equal(decodeUdpFrame(bytes.subarray(0, 27)), undefined);
});
