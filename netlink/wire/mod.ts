/**
 * The netlink wire format: message headers, attribute encoder and decoder, fixed structs, errors and the socket.
 * @module
 */
export { AttributeEncoder } from "./attribute_encoder.ts";
export { AttributeDecoder, type RawAttribute } from "./attribute_decoder.ts";
export { StructReader } from "./struct_reader.ts";
export { StructWriter } from "./struct_writer.ts";
export { decodeMessages, encodeMessage, type NetlinkMessage } from "./message.ts";
export { decodeErrorPayload, type ErrorPayload, NetlinkError, type NetlinkErrorOptions } from "./netlink_error.ts";
