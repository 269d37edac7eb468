/**
 * cnitool's flag parser: node:util's `parseArgs` in strict mode with positionals allowed (the only way cnitool calls
 * it), same results and error texts, without importing `node:util` (~7 ms per cnitool exec in Deno 2.9).
 * @module
 */

/** One flag, as a `parseArgs` option: a string or a boolean, an optional one-letter alias, repeatable or last-wins. */
export interface FlagSpec {
  /** `string` flags take a value (`--name eth0`, `--name=eth0`, `-ieth0`); `boolean` ones take none. */
  readonly type: "string" | "boolean";
  /** A one-character alias (`-i`). */
  readonly short?: string;
  /** Collect every occurrence into an array instead of keeping the last. */
  readonly multiple?: boolean;
}

type FlagValue<S extends FlagSpec> = S["type"] extends "string" ? S["multiple"] extends true ? string[] : string
  : S["multiple"] extends true ? boolean[]
  : boolean;

/** The parsed flags: one optional entry per flag given. */
export type FlagValues<T extends Readonly<Record<string, FlagSpec>>> = { -readonly [K in keyof T]?: FlagValue<T[K]> };

/** A malformed command line; `code` is node's (`ERR_PARSE_ARGS_UNKNOWN_OPTION`, `…_INVALID_OPTION_VALUE`). */
export class FlagError extends TypeError {
  /** node's error code. */
  readonly code: string;
  /** Creates the error. */
  constructor(code: string, message: string) {
    super(message);
    this.name = "TypeError";
    this.code = code;
  }
}

interface OptionToken {
  name: string;
  rawName: string;
  value: string | undefined;
  isInline: boolean;
}

/**
 * Splits `args` into flags and positionals as `parseArgs({ args, options, strict: true, allowPositionals: true })`:
 * `--` ends the flags, `-abc` groups booleans. Throws {@linkcode FlagError} with node's message for an unknown flag,
 * a missing or ambiguous value, or a value given to a boolean.
 */
export function parseFlags<T extends Readonly<Record<string, FlagSpec>>>(
  args: readonly string[],
  options: T,
): { values: FlagValues<T>; positionals: string[] } {
  const values = { __proto__: null } as unknown as Record<string, unknown>;
  const positionals: string[] = [];
  const remaining = [...args];
  while (remaining.length > 0) {
    const arg = remaining.shift()!;
    if (arg === "--") {
      positionals.push(...remaining);
      break;
    }
    const token = optionToken(arg, { remaining, options });
    if (token === undefined) {
      positionals.push(arg);
      continue;
    }
    if (token === "expanded") continue;
    checkUsage(token, { options });
    const spec = options[token.name]!;
    const value = token.value ?? true;
    if (spec.multiple) ((values[token.name] ??= []) as unknown[]).push(value);
    else values[token.name] = value;
  }
  return { values: values as FlagValues<T>, positionals };
}

/** The flag `arg` names (taking its value from `remaining` when it needs one), "expanded" for a group, or undefined. */
function optionToken(
  arg: string,
  context: { remaining: string[]; options: Readonly<Record<string, FlagSpec>> },
): OptionToken | "expanded" | undefined {
  const { remaining, options } = context;
  if (arg.length === 2 && arg[0] === "-" && arg[1] !== "-") {
    const name = longName(arg[1]!, options);
    const value = typeOf(name, options) === "string" ? remaining.shift() : undefined;
    return { name, rawName: arg, value, isInline: false };
  }
  if (arg.length > 2 && arg[0] === "-" && arg[1] !== "-") {
    const name = longName(arg[1]!, options);
    if (typeOf(name, options) === "string") {
      return { name, rawName: arg.slice(0, 2), value: arg.slice(2), isInline: true };
    }
    remaining.unshift(...expandGroup(arg, options));
    return "expanded";
  }
  if (arg.length > 2 && arg.startsWith("--")) {
    const equals = arg.indexOf("=", 3);
    if (equals < 0) {
      const name = arg.slice(2);
      const value = typeOf(name, options) === "string" ? remaining.shift() : undefined;
      return { name, rawName: arg, value, isInline: false };
    }
    const name = arg.slice(2, equals);
    return { name, rawName: `--${name}`, value: arg.slice(equals + 1), isInline: true };
  }
  return undefined;
}

/** `-abF` as `-a -b -F`; a string flag inside the group takes the rest as its value (`-abfFILE` → `-a -b -fFILE`). */
function expandGroup(arg: string, options: Readonly<Record<string, FlagSpec>>): string[] {
  const expanded: string[] = [];
  for (let i = 1; i < arg.length; i++) {
    const short = arg[i]!;
    if (typeOf(longName(short, options), options) !== "string" || i === arg.length - 1) {
      expanded.push(`-${short}`);
    } else {
      expanded.push(`-${arg.slice(i)}`);
      break;
    }
  }
  return expanded;
}

function checkUsage(token: OptionToken, context: { options: Readonly<Record<string, FlagSpec>> }): void {
  const { options } = context;
  if (!Object.hasOwn(options, token.name)) {
    throw new FlagError(
      "ERR_PARSE_ARGS_UNKNOWN_OPTION",
      `Unknown option '${token.rawName}'. To specify a positional argument starting with a '-', place it at the end ` +
        `of the command after '--', as in '-- ${JSON.stringify(token.rawName)}`,
    );
  }
  const spec = options[token.name]!;
  const shortAndLong = `${spec.short ? `-${spec.short}, ` : ""}--${token.name}`;
  if (spec.type === "string" && token.value === undefined) {
    throw new FlagError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${shortAndLong} <value>' argument missing`);
  }
  if (spec.type === "boolean" && token.value !== undefined) {
    throw new FlagError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${shortAndLong}' does not take an argument`);
  }
  const value = token.value;
  if (!token.isInline && value !== undefined && value.length > 1 && value[0] === "-") {
    const example = token.rawName.startsWith("--")
      ? `'${token.rawName}=-XYZ'`
      : `'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`;
    throw new FlagError(
      "ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
      `Option '${token.rawName}' argument is ambiguous.\nDid you forget to specify the option argument for ` +
        `'${token.rawName}'?\nTo specify an option argument starting with a dash use ${example}.`,
    );
  }
}

function longName(short: string, options: Readonly<Record<string, FlagSpec>>): string {
  return Object.keys(options).find((name) => options[name]!.short === short) ?? short;
}

function typeOf(name: string, options: Readonly<Record<string, FlagSpec>>): string | undefined {
  return Object.hasOwn(options, name) ? options[name]!.type : undefined;
}
