// Live ctnetlink test in the host namespace: a UDP datagram on loopback to an unused port creates a conntrack entry
// (a cnit_ nft table with a `ct state` rule makes sure conntrack runs); deleting by destination port removes it.
import assert, { deepStrictEqual as assertEquals } from "node:assert/strict";
import { deleteConntrackByDestinationPort, listConntrackFlows, PROTOCOL_UDP } from "../netfilter/conntrack.ts";
import { Nft } from "../netfilter/mod.ts";

const ignore = Deno.uid() !== 0;

/** Sends one UDP datagram to 127.0.0.1:`port` (bash's /dev/udp; Deno's UDP API is unstable). */
async function sendUdp(port: number): Promise<void> {
  const out = await new Deno.Command("bash", { args: ["-c", `echo x > /dev/udp/127.0.0.1/${port}`] }).output();
  assertEquals(out.code, 0);
}

Deno.test({
  name: "deleteConntrackByDestinationPort() removes exactly the UDP flows to that port",
  ignore,
  async fn() {
    const nft = new Nft();
    const table = `cnit_ct_${crypto.randomUUID().slice(0, 8)}`;
    await nft.runScript(
      `add table ip ${table}\nadd chain ip ${table} out { type filter hook output priority 0 ; }\n` +
        `add rule ip ${table} out ct state new accept\n`,
    );
    const port = 20000 + Math.floor(Math.random() * 20000);
    const otherPort = port + 1;
    try {
      await sendUdp(port);
      await sendUdp(otherPort);
      const toPort = (p: number) =>
        listConntrackFlows(4).filter((f) => f.original.protocol === PROTOCOL_UDP && f.original.dstPort === p);
      const flows = toPort(port);
      assertEquals(flows.length, 1);
      assertEquals([String(flows[0]!.original.src), String(flows[0]!.original.dst)], ["127.0.0.1", "127.0.0.1"]);
      assertEquals(deleteConntrackByDestinationPort(port, { family: 4, protocol: PROTOCOL_UDP }), 1);
      assertEquals(toPort(port).length, 0);
      assert(toPort(otherPort).length === 1, "a flow to another port must survive");
      assertEquals(deleteConntrackByDestinationPort(port, { family: 4, protocol: PROTOCOL_UDP }), 0);
    } finally {
      deleteConntrackByDestinationPort(otherPort, { family: 4, protocol: PROTOCOL_UDP });
      await nft.exec(["delete", "table", "ip", table]);
    }
  },
});
