/**
 * The dummy and ifb drivers: kinds without IFLA_INFO_DATA of their own, as `ip link add <name> type dummy|ifb`.
 * @module
 */
import type { AttributeDecoder, RawAttribute } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";
import type { LinkDriver } from "./link_driver.ts";

/** IFLA_INFO_DATA of a kind that has none: only attributes kept raw, should a kernel ever send some. */
export interface NoData {
  /** Attributes the decoder did not recognise. */
  other?: RawAttribute[];
}

function encodeNothing(enc: AttributeEncoder, data: NoData): void {
  for (const attr of data.other ?? []) enc.bytes(attr.type, attr.data);
}

function decodeNothing(dec: AttributeDecoder): NoData {
  const other: RawAttribute[] = [];
  while (dec.next()) other.push(dec.raw());
  return other.length > 0 ? { other } : {};
}

/** The dummy link driver: a device that drops everything, used for a stable extra address. */
export const dummy: LinkDriver<NoData> = { kind: "dummy", encode: encodeNothing, decode: decodeNothing };
