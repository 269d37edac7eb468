import assert from "node:assert/strict";
import { join } from "node:path";
import { CniError, type PluginContext } from "../cni/mod.ts";
import { ipamAdd, ipamCheck, ipamDel, ipamGc, ipamStatus, type WithIpam } from "./delegate.ts";

type Conf = WithIpam & { name: string };

function ctx(
  raw: Record<string, unknown>,
  options: { path?: string[]; containerId?: string } = {},
): PluginContext<Conf> {
  const stdin = new TextEncoder().encode(JSON.stringify(raw));
  const containerId = options.containerId ?? "c1";
  const path = options.path ?? [];
  return {
    command: "ADD",
    config: raw as Conf,
    cniVersion: String(raw.cniVersion),
    network: String(raw.name),
    containerId,
    netns: "/var/run/netns/cnit-x",
    ifname: "eth0",
    args: [],
    path,
    prevResult: undefined,
    validAttachments: [],
    stdin,
    env: { CNI_COMMAND: "ADD", CNI_CONTAINERID: containerId, CNI_NETNS: "/var/run/netns/cnit-x", CNI_IFNAME: "eth0" },
  };
}

Deno.test("ipamAdd()/ipamDel() run host-local in-process and return the current-shape result", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "cnit-deleg-" });
  try {
    const raw = {
      cniVersion: "0.4.0",
      name: "cnit-net",
      type: "bridge",
      ipam: { type: "host-local", subnet: "10.7.0.0/24", dataDir },
    };
    const result = await ipamAdd(ctx(raw));
    assert.deepEqual(result.ips, [{ address: "10.7.0.2/24", gateway: "10.7.0.1" }]);
    await ipamCheck(ctx(raw));
    await ipamDel(ctx(raw));
    await assert.rejects(
      ipamCheck(ctx(raw)),
      (e: Error) => e instanceof CniError && /Failed to find address/.test(e.message),
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("ipamAdd() passes the IPAM's CniError through with its code", async () => {
  const raw = { cniVersion: "1.0.0", name: "cnit-net", ipam: { type: "host-local", subnet: "10.7.0.0/31" } };
  await assert.rejects(
    ipamAdd(ctx(raw)),
    (e: Error) => e instanceof CniError && e.code === 7 && /too small/.test(e.message),
  );
  await assert.rejects(
    ipamAdd(ctx({ cniVersion: "1.0.0", name: "n" })),
    (e: Error) => e instanceof CniError && e.code === 7,
  );
});

Deno.test("ipamGc() and ipamStatus() reach the in-process plugin", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "cnit-deleg-" });
  try {
    const raw = { cniVersion: "1.1.0", name: "cnit-net", ipam: { type: "host-local", subnet: "10.7.0.0/30", dataDir } };
    await ipamAdd(ctx(raw));
    await assert.rejects(ipamStatus(ctx(raw)), (e: Error) => e instanceof CniError && e.code === 50);
    await ipamGc(ctx({ ...raw, "cni.dev/valid-attachments": [] }));
    await ipamStatus(ctx(raw));
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("ipamAdd() execs an IPAM type it does not carry from CNI_PATH", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cnit-deleg-" });
  try {
    const script = join(dir, "cnit-fake-ipam");
    await Deno.writeTextFile(
      script,
      `#!/bin/sh\ncat >/dev/null\necho '{"cniVersion":"1.0.0","ips":[{"address":"192.0.2.9/24"}],"dns":{}}'\n`,
      { mode: 0o755 },
    );
    const raw = { cniVersion: "1.0.0", name: "cnit-net", ipam: { type: "cnit-fake-ipam" } };
    const result = await ipamAdd(ctx(raw, { path: [dir] }));
    assert.deepEqual(result.ips, [{ address: "192.0.2.9/24" }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
