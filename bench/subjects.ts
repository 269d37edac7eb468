/**
 * Who is benchmarked: our launchers (the fresh code-split bundle run by `deno`, and the compiled `dist/cni` when a
 * build left one) and Debian's containernetworking-plugins in /usr/lib/cni.
 * @module
 */
import { join } from "node:path";
import { launchers } from "../tests/fixtures/launcher.ts";

/** Debian's reference plugins. */
export const REFERENCE_DIR = "/usr/lib/cni";

/** A PATH for children (iptables, nft) since the benchmark clears their environment. */
export const CHILD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** A directory with one executable per plugin name, usable as CNI_PATH. */
export interface Subject {
  /** "ours (bundle)", "ours (compiled)" or "reference". */
  name: string;
  /** The directory. */
  binDir: string;
}

/** Our launchers, then the reference when /usr/lib/cni exists. */
export async function subjects(): Promise<Subject[]> {
  const list: Subject[] = (await launchers()).map((l) => ({ name: `ours (${l.name})`, binDir: l.binDir }));
  if (await exists(join(REFERENCE_DIR, "loopback"))) list.push({ name: "reference", binDir: REFERENCE_DIR });
  return list;
}

/** True when `path` exists. */
export async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
