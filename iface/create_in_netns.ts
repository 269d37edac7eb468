/**
 * Creating a link for a container under a temporary name and renaming it once it is there: the final name may
 * already be taken where the link is born, or by a link the kernel is still tearing down, so the link is never
 * created under it. macvlan, ipvlan, vlan and tap share this step.
 * @module
 */
import type { Link, Rtnl } from "../netlink/mod.ts";
import { randomLinkName } from "./setup_veth.ts";

/** Options of {@linkcode createInNetns}. */
export interface CreateInNetnsOptions {
  /** The link's final name in the namespace `container` is bound to (CNI_IFNAME). */
  ifname: string;
  /**
   * Creates the link as `tmpName` directly in that namespace: `linkAdd` with the namespace's `netnsFd` from the
   * host (the kernel moves it there), or from a handle already inside it.
   */
  create: (tmpName: string) => void;
  /** Settings applied under the temporary name, before the rename (MTU, MAC); its error is thrown unchanged. */
  configure?: (index: number) => void;
  /** What a failed create or rename says before `: <cause>`, e.g. `Cannot create macvlan "eth0" on "eth1"`. */
  messages: { create: string; rename: string };
}

/**
 * Creates a link under a random temporary name in the namespace `container` is bound to, renames it to `ifname`
 * there and returns it as renamed. Throws `<messages.create>: <cause>` or `<messages.rename>: <cause>`; a link that
 * was created is removed again (best effort) when a later step fails, so a failure leaves nothing behind.
 */
export function createInNetns(container: Rtnl, options: CreateInNetnsOptions): Link {
  const tmpName = randomLinkName("veth");
  try {
    options.create(tmpName);
  } catch (err) {
    throw new Error(`${options.messages.create}: ${messageOf(err)}`, { cause: err });
  }
  const created = container.linkGet(tmpName);
  try {
    options.configure?.(created.index);
  } catch (err) {
    removeBestEffort(container, created.index);
    throw err;
  }
  try {
    container.linkSet(created.index, { name: options.ifname });
  } catch (err) {
    removeBestEffort(container, created.index);
    throw new Error(`${options.messages.rename}: ${messageOf(err)}`, { cause: err });
  }
  return container.linkGet(created.index);
}

function removeBestEffort(rtnl: Rtnl, index: number): void {
  try {
    rtnl.linkDel(index);
  } catch {
    // The step's own error is the one to report; DEL retries the cleanup.
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
