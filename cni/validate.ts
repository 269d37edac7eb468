/**
 * Name rules from the spec and Go's `pkg/utils`: container IDs, network names, interface names, plugin types.
 * Messages and codes match Go's, so runtimes see the same errors.
 * @module
 */
import { CniError, ERR_INVALID_ENV, ERR_INVALID_NETCONF, ERR_UNKNOWN_CONTAINER } from "./errors.ts";

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$/;

/** Longest interface name Linux accepts (IFNAMSIZ - 1). */
export const MAX_INTERFACE_NAME_LENGTH = 15;

/** Checks CNI_CONTAINERID: empty → CniError 3, bad characters → CniError 4 (details: the ID). */
export function validateContainerId(containerId: string): void {
  if (containerId === "") throw new CniError(ERR_UNKNOWN_CONTAINER, "missing containerID");
  if (!NAME_PATTERN.test(containerId)) {
    throw new CniError(ERR_INVALID_ENV, "invalid characters in containerID", { details: containerId });
  }
}

/** Checks a network `name`: empty or bad characters → CniError 7. */
export function validateNetworkName(name: string): void {
  if (name === "") throw new CniError(ERR_INVALID_NETCONF, "missing network name");
  if (!NAME_PATTERN.test(name)) {
    throw new CniError(ERR_INVALID_NETCONF, "invalid characters found in network name", { details: name });
  }
}

/** Checks CNI_IFNAME: non-empty, at most 15 bytes, not `.`/`..`, no `/`, `:` or whitespace; else CniError 4. */
export function validateInterfaceName(ifname: string): void {
  if (ifname === "") throw new CniError(ERR_INVALID_ENV, "interface name is empty");
  if (new TextEncoder().encode(ifname).length > MAX_INTERFACE_NAME_LENGTH) {
    throw new CniError(ERR_INVALID_ENV, "interface name is too long", {
      details: `interface name should be less than ${MAX_INTERFACE_NAME_LENGTH + 1} characters`,
    });
  }
  if (ifname === "." || ifname === "..") throw new CniError(ERR_INVALID_ENV, "interface name is . or ..");
  if (/[/:\s\u0085]/u.test(ifname)) {
    throw new CniError(ERR_INVALID_ENV, "interface name contains / or : or whitespace characters");
  }
}

/** Checks a plugin `type`: non-empty, no `/` or `\` (it becomes a file name); else CniError 7. */
export function validatePluginType(type: string): void {
  if (type === "") throw new CniError(ERR_INVALID_NETCONF, "missing plugin type");
  if (type.includes("/") || type.includes("\\")) {
    throw new CniError(ERR_INVALID_NETCONF, `invalid plugin type "${type}": must not contain "/" or "\\"`);
  }
}
