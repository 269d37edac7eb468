/**
 * The filter the bandwidth plugin puts on a host veth's ingress qdisc: u32 matching every packet, class 1:1, and a
 * mirred action redirecting it to the egress of an IFB device.
 * @module
 */
import { mirredRedirect } from "./action.ts";
import { ETH_P_ALL, type Filter } from "./filter.ts";
import { makeHandle } from "./tcmsg.ts";
import { U32_MATCH_ALL } from "./u32.ts";

/** Options of {@linkcode redirectFilter}. */
export interface RedirectFilterOptions {
  /** The qdisc to attach to; ffff:0 (the ingress qdisc) by default. */
  parent?: number;
  /** Filter priority; 1 by default. */
  priority?: number;
}

/**
 * Returns the u32 filter that redirects all traffic arriving on `index` to `targetIndex`:
 * `tc filter add dev <index> parent ffff: protocol all prio 1 u32 match u32 0 0 classid 1:1 action mirred egress
 * redirect dev <target>`. The reference also sends a second identical mirred action (vishvananda's `RedirIndex`
 * plus `Actions`); the first one steals the packet, so we send one.
 */
export function redirectFilter(index: number, targetIndex: number, options: RedirectFilterOptions = {}): Filter {
  return {
    index,
    parent: options.parent ?? makeHandle(0xffff, 0),
    handle: 0,
    priority: options.priority ?? 1,
    protocol: ETH_P_ALL,
    kind: "u32",
    u32: {
      selector: { ...U32_MATCH_ALL, keys: U32_MATCH_ALL.keys.map((k) => ({ ...k })) },
      classId: makeHandle(1, 1),
      actions: [mirredRedirect(targetIndex)],
    },
  };
}
