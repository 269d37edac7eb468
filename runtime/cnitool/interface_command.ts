/**
 * `cnitool interface add|rm|update|ls|inspect NETNS …`: manage a running container's interfaces over our netlink
 * (runv's proposal, seed 000). Tables for people, `--json` for programs.
 * @module
 */
import { parseFlags } from "./parse_flags.ts";
import { Rtnl } from "../../netlink/mod.ts";
import type { CnitoolIo } from "./cnitool_io.ts";
import { openContainerNetns } from "./container_netns.ts";
import { cidrFlag, ifnameFlag, macFlag, mtuFlag, UsageError } from "./flag_value.ts";
import { addInterface } from "./interface_add.ts";
import { removeInterface } from "./interface_remove.ts";
import { updateInterface } from "./interface_update.ts";
import { formatInterfaces, interfaceView, listInterfaces } from "./interface_view.ts";
import { printOutput, runCommandGroup } from "./run_subcommand.ts";

/** Usage of `cnitool interface`, with the JSON field names. */
export const INTERFACE_USAGE = `Usage: cnitool interface <command> NETNS [arguments] [--json]

  add     NETNS --name IF [--tapname HOSTDEV] [--ip CIDR]... [--mac MAC] [--mtu N]
          --tapname naming an existing host device moves it in as IF (its host name kept in the alias);
          naming no device, creates a veth with host end HOSTDEV; without it, a veth with a generated host name
  rm      NETNS IF          a moved-in device goes back to the host under its old name; anything else is deleted
  update  NETNS IF [--name NEW] [--add-ip CIDR]... [--rm-ip CIDR]... [--mac MAC] [--mtu N]
  ls      NETNS             every interface: NAME INDEX STATE MTU MAC ADDRESSES
  inspect NETNS IF          one interface

NETNS is a path or a name under /var/run/netns.
--json prints, for add, update and inspect, one interface object; for ls, an array of them:
  {"name": string, "index": number, "kind": string|null, "state": string, "up": boolean, "mtu": number,
   "mac": string|null, "alias": string|null, "addresses": ["10.0.0.2/24", ...]}
and for rm: {"name": string, "action": "moved"|"deleted", "hostName": string|null}
`;

const COMMON = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } as const;
const CHANGES = { mac: { type: "string" }, mtu: { type: "string" } } as const;

/** Runs `cnitool interface …` with `args` after the word "interface"; returns the exit status. */
export function runInterfaceCommand(args: readonly string[], io: CnitoolIo): number {
  return runCommandGroup(
    { name: "interface", usage: INTERFACE_USAGE, commands: { add, rm: remove, update, ls: list, inspect } },
    args,
    io,
  );
}

function positionals(got: string[], names: readonly string[]): string[] {
  if (got.length !== names.length) {
    throw new UsageError(`expected ${names.join(" ")}, got ${got.length} argument(s)`);
  }
  return got;
}

function add(args: string[], io: CnitoolIo): void {
  const { values, positionals: got } = parseFlags(args, {
    ...COMMON,
    ...CHANGES,
    name: { type: "string" },
    tapname: { type: "string" },
    ip: { type: "string", multiple: true },
  });
  const [netnsRef] = positionals(got, ["NETNS"]);
  if (values.name === undefined) throw new UsageError("--name IF is required");
  const options = {
    name: ifnameFlag("--name", values.name),
    hostDevice: values.tapname === undefined ? undefined : ifnameFlag("--tapname", values.tapname),
    addresses: (values.ip ?? []).map((text) => cidrFlag("--ip", text)),
    mac: values.mac === undefined ? undefined : macFlag("--mac", values.mac),
    mtu: values.mtu === undefined ? undefined : mtuFlag("--mtu", values.mtu),
  };
  using netns = openContainerNetns(netnsRef!);
  const view = addInterface(netns, options);
  printOutput(io, { json: values.json ?? false, value: view, text: () => formatInterfaces([view]) });
}

function remove(args: string[], io: CnitoolIo): void {
  const { values, positionals: got } = parseFlags(args, COMMON);
  const [netnsRef, name] = positionals(got, ["NETNS", "IF"]);
  using netns = openContainerNetns(netnsRef!);
  const removed = removeInterface(netns, name!);
  const text = removed.action === "moved"
    ? `${removed.name}: moved back to the host as "${removed.hostName}"\n`
    : `${removed.name}: deleted\n`;
  printOutput(io, { json: values.json ?? false, value: removed, text: () => text });
}

function update(args: string[], io: CnitoolIo): void {
  const { values, positionals: got } = parseFlags(args, {
    ...COMMON,
    ...CHANGES,
    name: { type: "string" },
    "add-ip": { type: "string", multiple: true },
    "rm-ip": { type: "string", multiple: true },
  });
  const [netnsRef, name] = positionals(got, ["NETNS", "IF"]);
  const options = {
    rename: values.name === undefined ? undefined : ifnameFlag("--name", values.name),
    addAddresses: (values["add-ip"] ?? []).map((text) => cidrFlag("--add-ip", text)),
    removeAddresses: (values["rm-ip"] ?? []).map((text) => cidrFlag("--rm-ip", text)),
    mac: values.mac === undefined ? undefined : macFlag("--mac", values.mac),
    mtu: values.mtu === undefined ? undefined : mtuFlag("--mtu", values.mtu),
  };
  using netns = openContainerNetns(netnsRef!);
  const view = updateInterface(netns, name!, options);
  printOutput(io, { json: values.json ?? false, value: view, text: () => formatInterfaces([view]) });
}

function list(args: string[], io: CnitoolIo): void {
  const { values, positionals: got } = parseFlags(args, COMMON);
  const [netnsRef] = positionals(got, ["NETNS"]);
  using netns = openContainerNetns(netnsRef!);
  using rtnl = Rtnl.open({ netns });
  const views = listInterfaces(rtnl);
  printOutput(io, { json: values.json ?? false, value: views, text: () => formatInterfaces(views) });
}

function inspect(args: string[], io: CnitoolIo): void {
  const { values, positionals: got } = parseFlags(args, COMMON);
  const [netnsRef, name] = positionals(got, ["NETNS", "IF"]);
  using netns = openContainerNetns(netnsRef!);
  using rtnl = Rtnl.open({ netns });
  let view;
  try {
    view = interfaceView(rtnl, rtnl.linkGet(name!));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Cannot inspect interface "${name}" in netns "${netns.path}": ${reason}`, { cause: err });
  }
  printOutput(io, { json: values.json ?? false, value: view, text: () => formatInspect(view) });
}

function formatInspect(view: ReturnType<typeof interfaceView>): string {
  const lines: [string, string][] = [
    ["name", view.name],
    ["index", String(view.index)],
    ["kind", view.kind ?? "-"],
    ["state", view.state],
    ["up", String(view.up)],
    ["mtu", String(view.mtu)],
    ["mac", view.mac ?? "-"],
    ["alias", view.alias ?? "-"],
    ["addresses", view.addresses.join(", ") || "-"],
  ];
  return lines.map(([key, value]) => `${(key + ":").padEnd(11)}${value}`).join("\n") + "\n";
}
