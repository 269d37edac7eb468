/**
 * The netlink wire format: message headers, attribute encoder and decoder, fixed structs, errors and the socket.
 * @module
 */
export { AttributeEncoder } from "./attribute_encoder.ts";
export { AttributeDecoder, type RawAttribute } from "./attribute_decoder.ts";
export { StructReader } from "./struct_reader.ts";
export { StructWriter } from "./struct_writer.ts";
export { decodeMessages, encodeMessage, type NetlinkMessage } from "./message.ts";
export {
  decodeDonePayload,
  decodeErrorPayload,
  type ErrorPayload,
  NetlinkError,
  type NetlinkErrorOptions,
} from "./netlink_error.ts";
export { NetlinkSocket, type NetlinkSocketOptions, type NetlinkTransport } from "./netlink_socket.ts";
export { DUMP_ATTEMPTS, NetlinkConn, type NetlinkRequest } from "./netlink_conn.ts";
