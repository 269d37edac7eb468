/**
 * The vrf plugin's configuration: `vrfname` (required) and `table` (optional; 0 or absent picks the first table id
 * no other VRF in the namespace uses).
 * @module
 */
import * as z from "zod";
import { netconf } from "../../cni/mod.ts";

/** The vrf config schema (unknown keys kept). */
export const VrfConfig = netconf({
  vrfname: z.string().min(1, "configuration is expected to have a valid vrf name").max(15),
  table: z.number().int().min(0).max(0xffffffff).optional(),
});

/** A parsed vrf config. */
export type VrfConfig = z.infer<typeof VrfConfig>;

/** Returns the first table id ≥ 1 that is not in `taken` (the tables of the namespace's other VRFs). */
export function firstFreeTable(taken: ReadonlySet<number>): number {
  let table = 1;
  while (taken.has(table)) table++;
  return table;
}
