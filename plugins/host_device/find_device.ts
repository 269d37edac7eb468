/**
 * Finding the host device a selector names, through rtnetlink and sysfs, and telling a DPDK-bound PCI device (which
 * has no netdev to move) from a kernel one.
 * @module
 */
import { basename } from "../../fspath/mod.ts";
import { MAC } from "../../addr/mod.ts";
import type { Link, Rtnl } from "../../netlink/mod.ts";
import type { DeviceSelector } from "./config.ts";

/** Where sysfs lists PCI and auxiliary-bus devices; overridable for tests. */
export interface SysfsRoots {
  /** Default /sys/bus/pci/devices. */
  pci: string;
  /** Default /sys/bus/auxiliary/devices. */
  auxiliary: string;
}

/** The real sysfs locations. */
export const SYSFS: SysfsRoots = { pci: "/sys/bus/pci/devices", auxiliary: "/sys/bus/auxiliary/devices" };

/** Drivers that bind a NIC for userspace (DPDK): such a device has no netdev and is not moved. */
const USERSPACE_DRIVERS = ["vfio-pci", "uio_pci_generic", "igb_uio"];

/** True when the PCI device is bound to a userspace (DPDK) driver; throws when it has no driver link. */
export function hasDpdkDriver(address: string, roots: SysfsRoots = SYSFS): boolean {
  const driver = basename(Deno.realPathSync(`${roots.pci}/${address}/driver`));
  return USERSPACE_DRIVERS.includes(driver);
}

/** Finds the device in the namespace `rtnl` is bound to; throws `Cannot find host device …` when there is none. */
export function findDevice(rtnl: Rtnl, selector: DeviceSelector, roots: SysfsRoots = SYSFS): Link {
  switch (selector.by) {
    case "device": {
      const link = rtnl.linkFind(selector.name);
      if (link === undefined) throw new Error(`Cannot find host device "${selector.name}": no such link (ENODEV)`);
      return link;
    }
    case "hwaddr": {
      const mac = parseMac(selector.mac);
      const link = rtnl.linkList().find((l) => l.mac?.toString() === mac);
      if (link === undefined) throw new Error(`Cannot find host device with MAC ${mac}`);
      return link;
    }
    case "kernelpath": {
      const path = selector.path.replace(/\/+$/, "");
      if (!path.startsWith("/sys/devices/") || path.split("/").includes("..")) {
        throw new Error(`kernel device path "${selector.path}" must be absolute and begin with /sys/devices/`);
      }
      const names = netNames(`${path}/net`);
      const links = rtnl.linkList();
      const link = names.map((name) => links.find((l) => l.name === name)).find((l) => l !== undefined);
      if (link === undefined) throw new Error(`Cannot find host device at "${path}/net"`);
      return link;
    }
    case "pciBusID":
      return firstNetdev(rtnl, pciNetDir(selector.address, roots), `pci address ${selector.address}`);
    case "auxDevice":
      return firstNetdev(rtnl, `${roots.auxiliary}/${selector.id}/net`, `auxiliary device ${selector.id}`);
  }
}

function parseMac(text: string): string {
  try {
    return MAC.parse(text).toString();
  } catch (err) {
    throw new Error(`failed to parse MAC address "${text}"`, { cause: err });
  }
}

/** `<pci>/<address>/net`, or the `virtio*\/net` below it for a virtio device. */
function pciNetDir(address: string, roots: SysfsRoots): string {
  const base = `${roots.pci}/${address}`;
  if (exists(`${base}/net`)) return `${base}/net`;
  try {
    for (const entry of Deno.readDirSync(base)) {
      if (entry.name.startsWith("virtio") && exists(`${base}/${entry.name}/net`)) return `${base}/${entry.name}/net`;
    }
  } catch {
    // No such PCI device: reported below.
  }
  throw new Error(`no net directory under pci device ${address}`);
}

function firstNetdev(rtnl: Rtnl, dir: string, what: string): Link {
  const name = netNames(dir)[0];
  if (name === undefined) throw new Error(`failed to find device name for ${what}`);
  const link = rtnl.linkFind(name);
  if (link === undefined) throw new Error(`Cannot find host device "${name}" of ${what}: no such link (ENODEV)`);
  return link;
}

function netNames(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch (err) {
    throw new Error(`failed to find network devices at "${dir}"`, { cause: err });
  }
}

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
