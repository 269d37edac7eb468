import assert from "node:assert/strict";
import { CniError } from "../../cni/mod.ts";
import { HostDeviceConfig, resolveSelector } from "./config.ts";

function parse(extra: Record<string, unknown>): HostDeviceConfig {
  return HostDeviceConfig.parse({ cniVersion: "1.0.0", name: "n", type: "host-device", ...extra });
}

Deno.test("resolveSelector() follows the reference's precedence: device, hwaddr, kernelpath, then PCI", () => {
  assert.deepEqual(resolveSelector(parse({ device: "eth1", hwaddr: "aa:bb:cc:dd:ee:ff" })), {
    by: "device",
    name: "eth1",
  });
  assert.deepEqual(resolveSelector(parse({ hwaddr: "aa:bb:cc:dd:ee:ff", pciBusID: "0000:00:03.0" })), {
    by: "hwaddr",
    mac: "aa:bb:cc:dd:ee:ff",
  });
  assert.deepEqual(resolveSelector(parse({ kernelpath: "/sys/devices/pci0000:00/0000:00:03.0" })), {
    by: "kernelpath",
    path: "/sys/devices/pci0000:00/0000:00:03.0",
  });
  assert.deepEqual(resolveSelector(parse({ pciBusID: "0000:00:03.0" })), { by: "pciBusID", address: "0000:00:03.0" });
});

Deno.test("resolveSelector() lets runtimeConfig.deviceID replace pciBusID; a non-PCI ID is an auxiliary device", () => {
  assert.deepEqual(
    resolveSelector(parse({ pciBusID: "0000:00:03.0", runtimeConfig: { deviceID: "0000:3b:00.1" } })),
    { by: "pciBusID", address: "0000:3b:00.1" },
  );
  assert.deepEqual(resolveSelector(parse({ runtimeConfig: { deviceID: "mlx5_core.sf.4" } })), {
    by: "auxDevice",
    id: "mlx5_core.sf.4",
  });
});

Deno.test("resolveSelector() without any selector throws CniError 7 with the reference's message", () => {
  assert.throws(
    () => resolveSelector(parse({})),
    (err: unknown) =>
      err instanceof CniError && err.code === 7 &&
      err.message === 'specify either "device", "hwaddr", "kernelpath" or "pciBusID"',
  );
});
