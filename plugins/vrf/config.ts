/**
 * The vrf plugin's configuration: `vrfname` (required) and `table` (optional; 0 or absent picks the first table id
 * no other VRF in the namespace uses).
 * @module
 */
import * as z from "zod/mini";
import { netconf } from "../../cni/mod.ts";

/** The vrf config schema (unknown keys kept). */
export const VrfConfig = netconf({
  vrfname: z.string().check(z.minLength(1, "configuration is expected to have a valid vrf name"), z.maxLength(15)),
  table: z.optional(z.number().check(z.int(), z.minimum(0)).check(z.maximum(0xffffffff))),
});

/** A parsed vrf config. */
export type VrfConfig = z.infer<typeof VrfConfig>;

/** Returns the first table id ≥ 1 that is not in `taken` (the tables of the namespace's other VRFs). */
export function firstFreeTable(taken: ReadonlySet<number>): number {
  let table = 1;
  while (taken.has(table)) table++;
  return table;
}
