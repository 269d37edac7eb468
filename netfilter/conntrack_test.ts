import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { AttributeEncoder } from "../netlink/wire/mod.ts";
import { decodeConntrackFlow, encodeConntrackDeleteRequest, encodeConntrackDumpRequest } from "./conntrack.ts";

const NESTED = 1 << 15;

function flowMessage(family: number, src: number[], dst: number[], ports: [number, number]): Uint8Array {
  const enc = new AttributeEncoder(new Uint8Array([family, 0, 0, 0]));
  enc.nested(1 | NESTED, (e) => {
    e.nested(1 | NESTED, (ip) => {
      ip.bytes(src.length === 4 ? 1 : 3, new Uint8Array(src));
      ip.bytes(src.length === 4 ? 2 : 4, new Uint8Array(dst));
    });
    e.nested(2 | NESTED, (p) => {
      p.u8(1, 17);
      p.u16be(2, ports[0]);
      p.u16be(3, ports[1]);
    });
  });
  enc.u32be(3, 0x10); // CTA_STATUS, ignored
  return enc.encode();
}

Deno.test("decodeConntrackFlow() reads the original tuple of an IPv4 UDP flow", () => {
  const flow = decodeConntrackFlow(flowMessage(2, [10, 0, 0, 1], [10, 0, 0, 2], [40000, 53]))!;
  assertEquals(
    [flow.family, flow.protocol, flow.source, flow.destination, flow.sourcePort, flow.destinationPort],
    [4, 17, "10.0.0.1", "10.0.0.2", 40000, 53],
  );
});

Deno.test("decodeConntrackFlow() formats IPv6 addresses", () => {
  const v6 = [0xfd, 0, ...Array(13).fill(0), 5];
  const flow = decodeConntrackFlow(flowMessage(10, v6, v6, [1, 2]))!;
  assertEquals([flow.family, flow.source], [6, "fd00::5"]);
});

Deno.test("encodeConntrackDeleteRequest() sends back the flow's original tuple under the nfgenmsg header", () => {
  const msg = flowMessage(2, [10, 0, 0, 1], [10, 0, 0, 2], [40000, 53]);
  const flow = decodeConntrackFlow(msg)!;
  const req = encodeConntrackDeleteRequest(flow);
  assertEquals(req.type, (1 << 8) | 2);
  const tupleLength = 4 + flow.originalTuple.length;
  assertEquals(req.data, msg.subarray(0, 4 + tupleLength));
  assertEquals(encodeConntrackDumpRequest(6), { type: (1 << 8) | 1, data: new Uint8Array([10, 0, 0, 0]) });
});
