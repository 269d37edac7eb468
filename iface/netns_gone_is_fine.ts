/**
 * The DEL pattern every interface plugin shares: a container namespace that no longer exists means there is
 * nothing left to clean up inside it, which is success. The reference pastes this block into each plugin.
 * @module
 */
import { isNotFound, Netns } from "../netlink/mod.ts";

/**
 * Opens the namespace at `path` and runs `fn` with it, closing it afterwards; resolves to undefined without
 * calling `fn` when the path is gone or is no longer a network namespace (an unmounted leftover file). Other
 * failures to open it throw.
 */
export async function netnsGoneIsFine<T>(path: string, fn: (netns: Netns) => T | Promise<T>): Promise<T | undefined> {
  let netns: Netns;
  try {
    netns = Netns.open(path);
  } catch (err) {
    if (isNotFound(err) || err instanceof TypeError) return undefined;
    throw err;
  }
  try {
    return await fn(netns);
  } finally {
    netns.close();
  }
}
