/**
 * A list of tc actions as filters carry it (TCA_*_ACT: one nested attribute per action, numbered from 1, each with
 * TCA_ACT_KIND and TCA_ACT_OPTIONS), with mirred decoded and other kinds kept raw.
 *
 * @example
 * ```ts
 * import { decodeActions, encodeActions, mirredRedirect } from "./action.ts";
 * import { AttributeEncoder } from "../wire/mod.ts";
 * const enc = new AttributeEncoder();
 * encodeActions(enc, [mirredRedirect(7)]);
 * console.assert(decodeActions(enc.encode())[0]?.mirred?.ifindex === 7);
 * ```
 * @module
 */
import { AttributeDecoder, type AttributeEncoder, type RawAttribute } from "../wire/mod.ts";
import { decodeMirred, encodeMirred, type Mirred } from "./mirred.ts";

const TCA_ACT_KIND = 1;
const TCA_ACT_OPTIONS = 2;

/** One tc action. */
export interface TcAction {
  /** The action kind: "mirred", "gact", … */
  kind: string;
  /** Decoded options when `kind` is "mirred". */
  mirred?: Mirred;
  /** TCA_ACT_OPTIONS payload of other kinds, kept raw. */
  options?: Uint8Array;
  /** Other attributes of the action (statistics, flags, …), kept as received. */
  other?: RawAttribute[];
}

/** A mirred action that redirects every packet to the egress of `ifindex` and stops (`action mirred egress redirect`). */
export function mirredRedirect(ifindex: number): TcAction {
  return { kind: "mirred", mirred: { direction: "egress-redirect", ifindex, verdict: "stolen" } };
}

/** Writes `actions` as children of the current nest of `enc` (the caller opens TCA_U32_ACT or similar). */
export function encodeActions(enc: AttributeEncoder, actions: readonly TcAction[]): void {
  actions.forEach((action, i) => {
    enc.nested(i + 1, (inner) => {
      inner.str(TCA_ACT_KIND, action.kind);
      // Kept attributes (statistics, flags) go before the options, where the kernel dumps them.
      for (const attr of action.other ?? []) inner.bytes(attr.type, attr.data);
      if (action.mirred !== undefined) {
        const mirred = action.mirred;
        inner.nested(TCA_ACT_OPTIONS, (opts) => encodeMirred(opts, mirred));
      } else if (action.options !== undefined) {
        inner.bytes(TCA_ACT_OPTIONS, action.options);
      }
    });
  });
}

function decodeAction(dec: AttributeDecoder): TcAction {
  const action: TcAction = { kind: "" };
  let options: Uint8Array | undefined;
  const other: RawAttribute[] = [];
  while (dec.next()) {
    if (dec.type === TCA_ACT_KIND) action.kind = dec.str();
    else if (dec.type === TCA_ACT_OPTIONS) options = dec.bytes();
    else other.push(dec.raw());
  }
  dec.finish();
  if (options !== undefined) {
    if (action.kind === "mirred") action.mirred = decodeMirred(options);
    else action.options = options;
  }
  if (other.length > 0) action.other = other;
  return action;
}

/** Decodes the payload of a TCA_*_ACT attribute into its actions, in priority order. */
export function decodeActions(data: Uint8Array): TcAction[] {
  const actions: { order: number; action: TcAction }[] = [];
  const dec = new AttributeDecoder(data);
  while (dec.next()) actions.push({ order: dec.type, action: decodeAction(dec.decoder()) });
  dec.finish();
  return actions.sort((a, b) => a.order - b.order).map((a) => a.action);
}
