/**
 * Option 119, the domain search list (RFC 3397): DNS names in wire format (RFC 1035 §3.1) with message compression
 * (§4.1.4), where a pointer's offset counts from the start of the option's (concatenated) data.
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encodes domain names, pointing each name's longest already-written suffix back at its first occurrence.
 * Throws RangeError on a label over 63 bytes.
 * @example
 * ```ts
 * import { encodeDomainSearch } from "./domain_search.ts";
 * encodeDomainSearch(["eng.example.com", "example.com"]); // 3eng7example3com0 then a pointer to offset 4
 * ```
 */
export function encodeDomainSearch(names: readonly string[]): Uint8Array {
  const out: number[] = [];
  const suffixes = new Map<string, number>();
  for (const name of names) {
    const labels = name.replace(/\.$/, "").split(".").filter((l) => l !== "");
    let i = 0;
    for (; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".").toLowerCase();
      const at = suffixes.get(suffix);
      if (at !== undefined) {
        out.push(0xc0 | (at >> 8), at & 0xff);
        break;
      }
      if (out.length < 0x3fff) suffixes.set(suffix, out.length);
      const bytes = encoder.encode(labels[i]!);
      if (bytes.length > 63) throw new RangeError(`Cannot encode domain "${name}": label over 63 bytes`);
      out.push(bytes.length, ...bytes);
    }
    if (i === labels.length) out.push(0);
  }
  return new Uint8Array(out);
}

/** Decodes option 119 data; throws SyntaxError on a truncated name, a pointer loop or a forward pointer. */
export function decodeDomainSearch(data: Uint8Array): string[] {
  const names: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    const { name, next } = readName(data, offset);
    names.push(name);
    offset = next;
  }
  return names;
}

function readName(data: Uint8Array, start: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = start;
  let next: number | undefined;
  let jumps = 0;
  for (;;) {
    const len = data[pos];
    if (len === undefined) throw new SyntaxError("Cannot decode option 119: truncated name");
    if (len === 0) {
      next ??= pos + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      const low = data[pos + 1];
      if (low === undefined) throw new SyntaxError("Cannot decode option 119: truncated pointer");
      const target = ((len & 0x3f) << 8) | low;
      if (target >= pos || ++jumps > 128) throw new SyntaxError("Cannot decode option 119: bad compression pointer");
      next ??= pos + 2;
      pos = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new SyntaxError(`Cannot decode option 119: bad label length ${len}`);
    if (pos + 1 + len > data.length) throw new SyntaxError("Cannot decode option 119: truncated label");
    labels.push(decoder.decode(data.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return { name: labels.join("."), next };
}
