/**
 * Netlink for the rest of the project: namespace handles, the rtnetlink handle and its value types, link kind
 * drivers, and the errors with their predicates. Knows bytes and syscalls, nothing of CNI.
 * @module
 */
export * from "./sys/mod.ts";
export * from "./route/mod.ts";
export * from "./kinds/mod.ts";
export * from "./tc/mod.ts";
export * from "./netfilter/mod.ts";
export { tuntapCreate, type TuntapOptions } from "./tuntap.ts";
export { NetlinkError } from "./wire/netlink_error.ts";
export { NetlinkSocket, type NetlinkSocketOptions, type NetlinkTransport } from "./wire/netlink_socket.ts";
export { NetlinkConn, type NetlinkRequest } from "./wire/netlink_conn.ts";
export type { NetlinkMessage } from "./wire/message.ts";
export type { AttributeDecoder, RawAttribute } from "./wire/attribute_decoder.ts";
export type { AttributeEncoder } from "./wire/attribute_encoder.ts";
export {
  type FakeHandler,
  FakeKernel,
  type FakeKernelOptions,
  type FakeMessage,
  type FakeReply,
} from "./fake_kernel.ts";
