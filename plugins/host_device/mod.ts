/**
 * The host-device plugin: moves an existing host device into the container, renamed to CNI_IFNAME (its host name
 * kept in the interface alias), with optional IPAM; DEL moves it back under its original name. Unlike the
 * reference, DEL succeeds when the netns is gone or the device was already moved back (DEL must be idempotent).
 * @module
 */
import {
  addIpam,
  attachAddresses,
  checkEntryMac,
  checkResultAddresses,
  containerInterface,
  deferBestEffort,
  entryLink,
  forwardGcToIpam,
  forwardStatusToIpam,
  sandboxEntry,
  setResultAddresses,
} from "../_attach/mod.ts";
import { configuredDns, type Plugin, type PluginContext, type Result } from "../../cni/mod.ts";
import { netnsGoneIsFine, openNetns } from "../../iface/mod.ts";
import { ipamCheck, ipamDel } from "../../ipam/delegate.ts";
import { Netns, Rtnl } from "../../netlink/mod.ts";
import { type DeviceSelector, HostDeviceConfig, resolveSelector } from "./config.ts";
import { findDevice, hasDpdkDriver } from "./find_device.ts";
import { moveLinkIn, moveLinkOut } from "./move.ts";

export { type DeviceSelector, HostDeviceConfig, resolveSelector } from "./config.ts";
export { findDevice, hasDpdkDriver, SYSFS, type SysfsRoots } from "./find_device.ts";
export { moveLinkIn, type MoveLinkInOptions, moveLinkOut, type MoveLinkOutOptions } from "./move.ts";

/** A PCI device bound to a userspace driver is not moved (it has no netdev); IPAM still runs. */
function isDpdk(selector: DeviceSelector): boolean {
  return selector.by === "pciBusID" && hasDpdkDriver(selector.address);
}

async function addHostDevice(ctx: PluginContext<HostDeviceConfig>): Promise<Result> {
  const selector = resolveSelector(ctx.config);
  const dpdk = isDpdk(selector);
  using netns = openNetns(ctx.netns);
  using host = Rtnl.open();
  using hostNetns = Netns.current();
  using container = Rtnl.open({ netns });
  await using undo = new AsyncDisposableStack();
  const result: Result = { cniVersion: ctx.cniVersion, interfaces: [] };
  if (!dpdk) {
    const device = findDevice(host, selector);
    const link = moveLinkIn(host, device, { container, netns, ifname: ctx.ifname });
    deferBestEffort(undo, () => moveLinkOut(container, ctx.ifname, { host, hostNetns }));
    result.interfaces = [containerInterface(link, ctx.netns)];
  }
  if (ctx.config.ipam?.type) {
    const ipam = await addIpam(ctx, undo);
    if (dpdk) setResultAddresses(result, ipam);
    else await attachAddresses(result, ipam, { container, netns, ifname: ctx.ifname });
    result.dns = configuredDns(ctx.config.dns) ?? {};
  }
  undo.move();
  return result;
}

async function delHostDevice(ctx: PluginContext<HostDeviceConfig>): Promise<void> {
  const selector = resolveSelector(ctx.config);
  if (ctx.config.ipam?.type) await ipamDel(ctx);
  if (ctx.netns === "") return;
  let dpdk = false;
  try {
    dpdk = isDpdk(selector);
  } catch {
    // The PCI device is gone from the host: whatever is in the container is a netdev to move back.
  }
  if (dpdk) return;
  await netnsGoneIsFine(ctx.netns, (netns) => {
    using host = Rtnl.open();
    using hostNetns = Netns.current();
    using container = Rtnl.open({ netns });
    moveLinkOut(container, ctx.ifname, { host, hostNetns });
  });
}

async function checkHostDevice(ctx: PluginContext<HostDeviceConfig>): Promise<void> {
  const selector = resolveSelector(ctx.config);
  using netns = openNetns(ctx.netns);
  if (ctx.config.ipam?.type) await ipamCheck(ctx);
  const prev = ctx.prevResult;
  if (prev === undefined) throw new Error("Required prevResult missing");
  if (isDpdk(selector)) return;
  const entry = sandboxEntry(prev, ctx);
  using container = Rtnl.open({ netns });
  const link = entryLink(container, entry);
  checkEntryMac(entry, link);
  checkResultAddresses(container, prev, { ifname: ctx.ifname });
}

/** The host-device plugin object (type `host-device`). */
export const hostDevice: Plugin<HostDeviceConfig> = {
  type: "host-device",
  description: "move an existing host device into the container",
  config: HostDeviceConfig,
  add: addHostDevice,
  del: delHostDevice,
  check: checkHostDevice,
  gc: forwardGcToIpam,
  status: forwardStatusToIpam,
};
