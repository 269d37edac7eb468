/**
 * Opening a container's namespace with an error that names the path.
 * @module
 */
import { Netns } from "../netlink/mod.ts";

/** Opens the network namespace at `path`; throws `Cannot open netns "<path>": <reason>` with the cause attached. */
export function openNetns(path: string): Netns {
  try {
    return Netns.open(path);
  } catch (err) {
    throw new Error(`Cannot open netns "${path}": ${(err as Error).message}`, { cause: err });
  }
}
