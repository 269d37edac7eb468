/**
 * The host-device plugin's configuration (every field of the reference) and {@linkcode resolveSelector}, which
 * decides how the device is found: by name, MAC, sysfs path, PCI address or auxiliary-bus device.
 * @module
 */
import * as z from "zod/mini";
import { CniError, ERR_INVALID_NETCONF, netconf } from "../../cni/mod.ts";

/** The whole network config as host-device sees it (unknown keys kept). */
export const HostDeviceConfig = netconf({
  /** Device name, e.g. `eth1`. */
  device: z._default(z.string(), ""),
  /** The device's MAC address. */
  hwaddr: z._default(z.string(), ""),
  /** The device's sysfs path, under /sys/devices/. */
  kernelpath: z._default(z.string(), ""),
  /** The device's PCI address, e.g. `0000:3b:00.1`. */
  pciBusID: z._default(z.string(), ""),
  runtimeConfig: z.optional(z.looseObject({ deviceID: z.optional(z.string()) })),
});

/** The parsed config type. */
export type HostDeviceConfig = z.infer<typeof HostDeviceConfig>;

/** How to find the device, in the reference's order of precedence. */
export type DeviceSelector =
  | { by: "device"; name: string }
  | { by: "hwaddr"; mac: string }
  | { by: "kernelpath"; path: string }
  | { by: "pciBusID"; address: string }
  | { by: "auxDevice"; id: string };

const PCI_ADDRESS = /^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/;

/**
 * Picks the selector: `device` > `hwaddr` > `kernelpath` > `pciBusID`, where `runtimeConfig.deviceID` replaces
 * `pciBusID` (an ID that is not a PCI address names an auxiliary-bus device). Several set is allowed, as in the
 * reference: the first wins. Throws CniError 7 when none is set.
 */
export function resolveSelector(config: HostDeviceConfig): DeviceSelector {
  if (config.device) return { by: "device", name: config.device };
  if (config.hwaddr) return { by: "hwaddr", mac: config.hwaddr };
  if (config.kernelpath) return { by: "kernelpath", path: config.kernelpath };
  const deviceId = config.runtimeConfig?.deviceID;
  if (deviceId) {
    return PCI_ADDRESS.test(deviceId) ? { by: "pciBusID", address: deviceId } : { by: "auxDevice", id: deviceId };
  }
  if (config.pciBusID) return { by: "pciBusID", address: config.pciBusID };
  throw new CniError(ERR_INVALID_NETCONF, 'specify either "device", "hwaddr", "kernelpath" or "pciBusID"');
}
