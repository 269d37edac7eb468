/**
 * The veth driver: a pair whose peer is named, addressed and placed (even directly in another namespace) in the
 * same RTM_NEWLINK, as `ip link add <name> type veth peer name <peer> netns <ns>`.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import { NLA_F_NESTED } from "../wire/netlink_consts.ts";
import { VETH_INFO_PEER } from "../wire/rtnetlink_consts.ts";
import { encodeIfInfoMsg, encodeLinkAttributes, type LinkAttributes } from "../route/ifinfomsg.ts";
import type { LinkDriver } from "./link_driver.ts";

/** The peer end of a veth pair: its name, MAC, MTU, namespace (fd) and other link attributes. */
export type VethPeer = Pick<
  LinkAttributes,
  "name" | "mac" | "mtu" | "txqlen" | "netnsFd" | "numTxQueues" | "numRxQueues"
>;

/** IFLA_INFO_DATA of a veth. The kernel never reports the peer back: read the peer's index from `Link.parentIndex`. */
export interface VethData {
  /** The peer to create; without it the kernel names one vethN in the same namespace. */
  peer?: VethPeer;
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

/** The veth link driver. */
export const veth: LinkDriver<VethData> = {
  kind: "veth",
  encode(enc: AttributeEncoder, data: VethData): void {
    const peer = data.peer;
    if (peer === undefined) return;
    enc.nested(VETH_INFO_PEER | NLA_F_NESTED, (e) => {
      e.raw(encodeIfInfoMsg({}));
      encodeLinkAttributes(e, peer);
    });
  },
  decode(dec: AttributeDecoder): VethData {
    const other: RawAttribute[] = [];
    while (dec.next()) other.push(dec.raw());
    return other.length > 0 ? { other } : {};
  },
};
