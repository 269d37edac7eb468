/**
 * The shape of a link kind driver (rtnetlink's `LinkDriver`): the kind string and the codec of its IFLA_INFO_DATA.
 * @module
 */
import type { AttributeDecoder } from "../wire/attribute_decoder.ts";
import type { AttributeEncoder } from "../wire/attribute_encoder.ts";

/** A link kind: `encode` writes the children of IFLA_INFO_DATA, `decode` reads them back. */
export interface LinkDriver<D = unknown> {
  /** IFLA_INFO_KIND, e.g. "veth", "bridge", "macvlan". */
  readonly kind: string;
  /** Writes `data` as the children of IFLA_INFO_DATA; an unset optional field writes nothing. */
  encode(enc: AttributeEncoder, data: D): void;
  /** Reads the children of IFLA_INFO_DATA; unknown attributes are kept raw. */
  decode(dec: AttributeDecoder): D;
}
