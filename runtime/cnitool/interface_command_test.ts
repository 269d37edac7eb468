import { match, strictEqual } from "node:assert/strict";
import type { CnitoolIo } from "./cnitool_io.ts";
import { cnitoolMain } from "./main.ts";
import { formatInterfaces, type InterfaceView } from "./interface_view.ts";

function memoryIo(): CnitoolIo & { stdout: string; stderr: string } {
  const io = {
    env: {},
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

// Argument errors are found before any namespace is opened, so these run as any user.
const USAGE_ERRORS: [string[], RegExp][] = [
  [["interface", "add", "ns", "--name", "eth1", "--ip", "10.0.0.1"], /Cannot parse --ip "10\.0\.0\.1": not a CIDR/],
  [["interface", "add", "ns", "--name", "eth1", "--mac", "zz:00"], /Cannot parse --mac "zz:00"/],
  [["interface", "add", "ns", "--name", "eth1", "--mtu", "9"], /--mtu "9": not an MTU/],
  [["interface", "add", "ns", "--name", "a/b"], /Cannot use --name "a\/b"/],
  [["interface", "add", "ns"], /--name IF is required/],
  [["interface", "add", "--name", "eth1"], /expected NETNS, got 0/],
  [["interface", "rm", "ns"], /expected NETNS IF, got 1/],
  [["interface", "update", "ns", "eth0", "--rm-ip", "x"], /--rm-ip "x"/],
  [["interface", "ls", "ns", "--frob"], /Unknown option '--frob'/],
  [["interface", "teleport", "ns"], /unknown command "teleport"/],
  [["route", "add", "ns", "--dest", "10.0.0.0/8"], /give --dev IF, --gateway IP or both/],
  [["route", "add", "ns", "--dev", "eth0"], /--dest CIDR\|default is required/],
  [
    ["route", "add", "ns", "--dest", "10.1.2.3/8", "--dev", "eth0"],
    /host bits are set \(did you mean 10\.0\.0\.0\/8\?\)/,
  ],
  [["route", "add", "ns", "--dest", "default", "--gateway", "fd00::1", "--src", "10.0.0.2"], /different IP families/],
  [["route", "rm", "ns"], /expected NETNS DEST, got 1/],
  [["route", "ls", "ns", "--table", "0"], /--table "0"/],
];

for (const [args, error] of USAGE_ERRORS) {
  Deno.test(`cnitool ${args.slice(0, 2).join(" ")} exits 2 with the usage for ${JSON.stringify(args.slice(2))}`, async () => {
    const io = memoryIo();
    strictEqual(await cnitoolMain(args, io), 2);
    match(io.stderr, error);
    match(io.stderr, new RegExp(`^cnitool ${args[0]} ${args[1]}: `));
    match(io.stderr, new RegExp(`Usage: cnitool ${args[0]} <command>`));
    strictEqual(io.stdout, "");
  });
}

Deno.test("cnitool interface --help and route help print the usage with the JSON field names", async () => {
  for (const args of [["interface", "--help"], ["route", "help"]]) {
    const io = memoryIo();
    strictEqual(await cnitoolMain(args, io), 0);
    match(io.stdout, /--json prints/);
    match(io.stdout, /"name"|"dest"/);
  }
  const bare = memoryIo();
  strictEqual(await cnitoolMain(["route"], bare), 2);
  match(bare.stderr, /^Usage: cnitool route/);
});

Deno.test("cnitool's main usage lists the interface and route commands", async () => {
  const io = memoryIo();
  strictEqual(await cnitoolMain(["--help"], io), 0);
  match(io.stdout, /^ {2}interface add\|rm\|update\|ls\|inspect/m);
  match(io.stdout, /^ {2}route add\|rm\|ls/m);
});

Deno.test("formatInterfaces() prints NAME INDEX STATE MTU MAC ADDRESSES with addresses joined by commas", () => {
  const view: InterfaceView = {
    name: "eth0",
    index: 2,
    kind: "veth",
    state: "up",
    up: true,
    mtu: 1500,
    mac: "02:00:00:00:00:01",
    alias: null,
    addresses: ["10.0.0.2/24", "fd00::2/64"],
  };
  strictEqual(
    formatInterfaces([view, { ...view, name: "lo", index: 1, mac: null, addresses: [] }]),
    "NAME  INDEX  STATE  MTU   MAC                ADDRESSES\n" +
      "eth0  2      up     1500  02:00:00:00:00:01  10.0.0.2/24,fd00::2/64\n" +
      "lo    1      up     1500  -                  -\n",
  );
});
