import assert from "node:assert/strict";
import { IP } from "../../addr/mod.ts";
import { decodePacket, encodePacket, FLAG_BROADCAST, messageTypeOf } from "./packet.ts";
import { decodeIPv4List, decodeU32, DhcpOption, MessageType } from "./options.ts";

function hex(text: string): number[] {
  const clean = text.replace(/\s+/g, "");
  return Array.from({ length: clean.length / 2 }, (_, i) => parseInt(clean.slice(i * 2, i * 2 + 2), 16));
}

/**
 * A message laid out by hand from RFC 2131 fig. 1: the 34 bytes from op to the 6-byte chaddr, zeros for the rest of
 * chaddr, sname and file, the magic cookie, the options, then zero padding to 300 bytes.
 */
function fixture(headerHex: string, optionsHex: string): Uint8Array {
  const bytes = [...hex(headerHex), ...new Array(10 + 64 + 128).fill(0), ...hex("63825363"), ...hex(optionsHex)];
  while (bytes.length < 300) bytes.push(0);
  return Uint8Array.from(bytes);
}

const CLIENT_ID = "3d 06 00 632f6e2f65"; // option 61: type 0, "c/n/e"
const MAC = "0242ac110002";

const DISCOVER = fixture(
  `01 01 06 00  3903f326  0000 8000  00000000 00000000 00000000 00000000 ${MAC}`,
  `35 01 01  ${CLIENT_ID}  37 03 01 03 06  ff`,
);
const OFFER = fixture(
  `02 01 06 00  3903f326  0000 8000  00000000 c0a80164 c0a80101 00000000 ${MAC}`,
  "35 01 02  36 04 c0a80101  33 04 00000e10  01 04 ffffff00  03 04 c0a80101  06 08 08080808 08080404  ff",
);
const REQUEST = fixture(
  `01 01 06 00  3903f326  0003 0000  00000000 00000000 00000000 00000000 ${MAC}`,
  `35 01 03  ${CLIENT_ID}  32 04 c0a80164  36 04 c0a80101  ff`,
);
const ACK = fixture(
  `02 01 06 00  3903f326  0000 0000  00000000 c0a80164 00000000 00000000 ${MAC}`,
  "35 01 05  36 04 c0a80101  33 04 00000e10  3a 04 00000708  3b 04 00000c4e  01 04 ffffff00" +
    "  79 0c 10 0a11 c0a80101  00 c0a80101  ff",
);
const NAK = fixture(
  `02 01 06 00  3903f326  0000 0000  00000000 00000000 00000000 00000000 ${MAC}`,
  "35 01 06  36 04 c0a80101  38 0b 77726f6e672073756e6574  ff",
);
const RELEASE = fixture(
  `01 01 06 00  1a2b3c4d  0000 0000  c0a80164 00000000 00000000 00000000 ${MAC}`,
  `35 01 07  36 04 c0a80101  ${CLIENT_ID}  ff`,
);

Deno.test("decodePacket() reads a DISCOVER: header fields, broadcast flag and options in order", () => {
  const p = decodePacket(DISCOVER);
  assert.equal(p.op, 1);
  assert.equal(p.xid, 0x3903f326);
  assert.equal(p.flags, FLAG_BROADCAST);
  assert.deepEqual([...p.chaddr], hex(MAC));
  assert.equal(messageTypeOf(p), MessageType.DISCOVER);
  assert.deepEqual([...p.options.keys()], [53, 61, 55]);
  assert.deepEqual([...p.options.get(DhcpOption.PARAMETER_REQUEST_LIST)!], [1, 3, 6]);
});

Deno.test("encodePacket() re-encodes each RFC message fixture byte for byte", () => {
  for (const [name, bytes] of Object.entries({ DISCOVER, OFFER, REQUEST, ACK, NAK, RELEASE })) {
    assert.deepEqual(encodePacket(decodePacket(bytes)), bytes, name);
  }
});

Deno.test("decodePacket() reads an OFFER's addresses, lease time, mask, router and DNS servers", () => {
  const p = decodePacket(OFFER);
  assert.equal(messageTypeOf(p), MessageType.OFFER);
  assert.equal(p.yiaddr.toString(), "192.168.1.100");
  assert.equal(p.siaddr.toString(), "192.168.1.1");
  assert.equal(decodeU32(p.options.get(DhcpOption.LEASE_TIME)), 3600);
  assert.deepEqual(decodeIPv4List(p.options.get(DhcpOption.DNS_SERVERS)!).map(String), ["8.8.8.8", "8.8.4.4"]);
});

Deno.test("decodePacket() reads an ACK's T1/T2 and keeps option 121 raw", () => {
  const p = decodePacket(ACK);
  assert.equal(decodeU32(p.options.get(DhcpOption.RENEWAL_TIME)), 1800);
  assert.equal(decodeU32(p.options.get(DhcpOption.REBINDING_TIME)), 3150);
  assert.equal(p.options.get(DhcpOption.CLASSLESS_STATIC_ROUTES)!.length, 12);
});

Deno.test("decodePacket() reads a NAK's message and a RELEASE's ciaddr", () => {
  const nak = decodePacket(NAK);
  assert.equal(messageTypeOf(nak), MessageType.NAK);
  assert.equal(new TextDecoder().decode(nak.options.get(DhcpOption.MESSAGE)), "wrong sunet");
  const release = decodePacket(RELEASE);
  assert.equal(messageTypeOf(release), MessageType.RELEASE);
  assert.equal(release.ciaddr.toString(), "192.168.1.100");
});

Deno.test("encodePacket() splits an option over 255 bytes and decodePacket() joins it back (RFC 3396)", () => {
  const p = decodePacket(DISCOVER);
  const long = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
  p.options.set(DhcpOption.DOMAIN_SEARCH, long);
  const bytes = encodePacket(p);
  const at = 240 + 3 + 8 + 5; // after 53, 61 and 55
  assert.deepEqual([bytes[at], bytes[at + 1]], [119, 255]);
  assert.deepEqual([bytes[at + 257], bytes[at + 258]], [119, 45]);
  assert.deepEqual(decodePacket(bytes).options.get(DhcpOption.DOMAIN_SEARCH), long);
});

Deno.test("decodePacket() skips PAD, stops at END and rejects a short message, a missing cookie or a cut option", () => {
  const padded = fixture(`02 01 06 00 00000001 0000 0000 ${"00".repeat(16)} ${MAC}`, "00 00 35 01 02 ff 35 01 05");
  assert.equal(messageTypeOf(decodePacket(padded)), MessageType.OFFER);
  assert.throws(() => decodePacket(DISCOVER.subarray(0, 239)), SyntaxError);
  const noCookie = DISCOVER.slice();
  noCookie[236] = 0;
  assert.throws(() => decodePacket(noCookie), /magic cookie/);
  const cut = DISCOVER.slice(0, 240 + 3 + 3);
  assert.throws(() => decodePacket(cut), /option 61: truncated/);
});

Deno.test("messageTypeOf() is undefined for plain BOOTP and out-of-range types", () => {
  const p = decodePacket(DISCOVER);
  p.options.delete(DhcpOption.MESSAGE_TYPE);
  assert.equal(messageTypeOf(p), undefined);
  p.options.set(DhcpOption.MESSAGE_TYPE, Uint8Array.of(9));
  assert.equal(messageTypeOf(p), undefined);
});

Deno.test("encodePacket() refuses an IPv6 address in the header", () => {
  const p = decodePacket(DISCOVER);
  p.ciaddr = IP.parse("2001:db8::1");
  assert.throws(() => encodePacket(p), /not an IPv4 address/);
});
