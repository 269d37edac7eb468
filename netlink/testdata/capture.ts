/**
 * Regenerates the captures in this folder from the running kernel (root only):
 * `deno run -A netlink/testdata/capture.ts`. Each capture is one netlink message payload as hex, with its type.
 * @module
 */
import { createNamedNetns, deleteNamedNetns, Netns } from "../sys/netns.ts";
import { Rtnl } from "../route/rtnl.ts";
import { veth } from "../kinds/veth.ts";
import { bridge } from "../kinds/bridge.ts";
import { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { StructWriter } from "../wire/struct_writer.ts";
import { encodeIfInfoMsg } from "../route/ifinfomsg.ts";
import type { NetlinkMessage } from "../wire/message.ts";
import {
  AF_BRIDGE,
  AF_INET,
  AF_INET6,
  IFLA_EXT_MASK,
  IFLA_IFNAME,
  RTEXT_FILTER_BRVLAN,
  RTM_GETADDR,
  RTM_GETLINK,
  RTM_GETNEIGH,
  RTM_GETROUTE,
  RTM_GETRULE,
} from "../wire/rtnetlink_consts.ts";

const dir = new URL(".", import.meta.url).pathname;

function save(name: string, msg: NetlinkMessage | undefined): void {
  if (msg === undefined) throw new Error(`nothing captured for ${name}`);
  const hex = [...msg.data].map((b) => b.toString(16).padStart(2, "0")).join("");
  Deno.writeTextFileSync(`${dir}${name}.json`, JSON.stringify({ type: msg.type, hex }, null, 2) + "\n");
}

function getLink(rtnl: Rtnl, name: string): NetlinkMessage | undefined {
  const enc = new AttributeEncoder(encodeIfInfoMsg({}));
  enc.str(IFLA_IFNAME, name);
  return rtnl.conn.request("get link", { type: RTM_GETLINK, data: enc.encode() })[0];
}

const a = createNamedNetns("cnit-capture-a");
const b = createNamedNetns("cnit-capture-b");
try {
  using nsb = Netns.open(b);
  using rtnl = Rtnl.open({ netns: a });
  rtnl.linkAdd({
    name: "cnit-v0",
    kind: veth,
    mtu: 1400,
    mac: "02:00:00:00:00:10",
    data: { peer: { name: "cnit-v1", netnsFd: nsb.fd, mac: "02:00:00:00:00:11", mtu: 1400 } },
  });
  rtnl.linkAdd({ name: "cnit-br0", kind: bridge, mac: "02:00:00:00:00:20", data: { mcastSnooping: false } });
  const br = rtnl.linkGet("cnit-br0");
  const v0 = rtnl.linkGet("cnit-v0");
  rtnl.linkSet(v0.index, { master: br.index, up: true, alias: "capture" });
  rtnl.linkSet(br.index, { up: true });
  rtnl.bridgePortSet(v0.index, { hairpin: true, learning: false, isolated: true });
  rtnl.addrAdd(br.index, "10.99.0.1/24");
  rtnl.addrAdd(br.index, "fd00:99::1/64", { noDad: true });
  rtnl.routeAdd({ dst: "10.98.0.0/16", gateway: "10.99.0.254", priority: 50, mtu: 1200, advmss: 1100 });
  rtnl.routeAdd({ dst: "10.97.0.0/16", gateway: "10.99.0.254", table: 1000, prefsrc: "10.99.0.1" });
  rtnl.routeAdd({ dst: "fd00:98::/64", gateway: "fd00:99::2", oif: br.index });
  rtnl.ruleAdd({ src: "10.99.0.0/24", table: 1000, priority: 100 });
  rtnl.neighAdd(br.index, { ip: "10.99.0.7", mac: "02:00:00:00:00:77" });

  save("link_veth", getLink(rtnl, "cnit-v0"));
  save("link_bridge", getLink(rtnl, "cnit-br0"));
  save("link_lo", getLink(rtnl, "lo"));
  const addrs = rtnl.conn.dump("dump", { type: RTM_GETADDR, data: new StructWriter(8).u8(AF_INET).bytes() });
  save("addr_v4", addrs.find((m) => m.data[7] === 0 && m.data[4] === br.index) ?? addrs.at(-1));
  const addrs6 = rtnl.conn.dump("dump", { type: RTM_GETADDR, data: new StructWriter(8).u8(AF_INET6).bytes() });
  save("addr_v6", addrs6.find((m) => m.data[4] === br.index && m.data[3] === 0));
  const routes = rtnl.conn.dump("dump", { type: RTM_GETROUTE, data: new StructWriter(12).u8(AF_INET).bytes() });
  save("route_v4_metrics", routes.find((m) => m.data[1] === 16 && m.data[4] === 254));
  save("route_v4_table1000", routes.find((m) => m.data[1] === 16 && m.data[4] === 252));
  const routes6 = rtnl.conn.dump("dump", { type: RTM_GETROUTE, data: new StructWriter(12).u8(AF_INET6).bytes() });
  save("route_v6_gateway", routes6.find((m) => m.data[1] === 64 && m.data[5] === 3));
  const rules = rtnl.conn.dump("dump", { type: RTM_GETRULE, data: new StructWriter(12).u8(AF_INET).bytes() });
  save("rule_v4_from", rules.find((m) => m.data[2] === 24));
  const neigh = rtnl.conn.dump("dump", { type: RTM_GETNEIGH, data: new StructWriter(12).u8(AF_INET).bytes() });
  save("neigh_v4", neigh[0]);
  const ports = new AttributeEncoder(encodeIfInfoMsg({ family: AF_BRIDGE }));
  ports.u32(IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
  const portMsgs = rtnl.conn.dump("dump", { type: RTM_GETLINK, data: ports.encode() });
  save(
    "bridge_port",
    portMsgs.find((m) => new DataView(m.data.buffer, m.data.byteOffset).getInt32(4, true) === v0.index),
  );
} finally {
  deleteNamedNetns("cnit-capture-a");
  deleteNamedNetns("cnit-capture-b");
}
