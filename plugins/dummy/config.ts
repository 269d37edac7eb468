/**
 * The dummy plugin's configuration: the base netconf (`ipam` required, `dns`).
 * @module
 */
import type * as z from "zod/mini";
import { netconf } from "../../cni/mod.ts";

/** The whole network config as dummy sees it (unknown keys kept). */
export const DummyConfig = netconf({});

/** The parsed config type. */
export type DummyConfig = z.infer<typeof DummyConfig>;
