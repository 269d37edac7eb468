/**
 * The ifb driver: an Intermediate Functional Block device that traffic is redirected to for shaping, as
 * `ip link add <name> type ifb`. It has no IFLA_INFO_DATA.
 * @module
 */
import type { LinkDriver } from "./link_driver.ts";
import type { NoData } from "./dummy.ts";
import { dummy } from "./dummy.ts";

/** The ifb link driver. */
export const ifb: LinkDriver<NoData> = { kind: "ifb", encode: dummy.encode, decode: dummy.decode };
