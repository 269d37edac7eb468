/**
 * Traffic control over rtnetlink: qdisc and filter messages (tbf, ingress, clsact, u32 with mirred) and their
 * verbs, plus the scheduler clock and the tbf arithmetic of tc and the bandwidth plugin.
 * @module
 */
export {
  formatHandle,
  makeHandle,
  TC_H_CLSACT,
  TC_H_INGRESS,
  TC_H_MIN_EGRESS,
  TC_H_MIN_INGRESS,
  TC_H_ROOT,
  TC_H_UNSPEC,
  type Tcmsg,
} from "./tcmsg.ts";
export {
  calcRateTable,
  type LinkLayer,
  type RateSpec,
  type RateTableOptions,
  TIME_UNITS_PER_SEC,
  xmitTime,
} from "./rate_spec.ts";
export { parsePsched, type PschedClock, pschedClock } from "./psched.ts";
export { decodeTbf, encodeTbf, type RateSpecShape, type TbfOptions } from "./tbf.ts";
export { BANDWIDTH_LATENCY_MS, tbfForRate, type TbfForRateOptions } from "./tbf_for_rate.ts";
export { type TcGen, type TcVerdict } from "./tc_gen.ts";
export { type Mirred, type MirredDirection } from "./mirred.ts";
export { decodeActions, encodeActions, mirredRedirect, type TcAction } from "./action.ts";
export { decodeU32, encodeU32, U32_MATCH_ALL, type U32Key, type U32Options, type U32Selector } from "./u32.ts";
export { clsactQdisc, decodeQdisc, encodeQdisc, encodeQdiscRef, ingressQdisc, type Qdisc, tbfQdisc } from "./qdisc.ts";
export { decodeFilter, encodeFilter, encodeFilterRef, ETH_P_ALL, ETH_P_IP, ETH_P_IPV6, type Filter } from "./filter.ts";
export { redirectFilter, type RedirectFilterOptions } from "./redirect_filter.ts";
export { qdiscAdd, qdiscChange, qdiscDel, qdiscList, qdiscReplace } from "./qdisc_verbs.ts";
export { filterAdd, filterDel, filterList, type FilterRef, filterReplace } from "./filter_verbs.ts";
