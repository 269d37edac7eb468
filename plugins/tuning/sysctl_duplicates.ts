/**
 * Finds keys repeated inside the top-level `sysctl` object of the raw config. `JSON.parse` keeps only the last of
 * duplicate keys, so the reference's "duplicated sysctl keys are not allowed" check needs the text itself.
 * @module
 */

/**
 * Returns the keys that appear more than once in any top-level `sysctl` object of `text` (the key `sysctl` is matched
 * case-insensitively, as Go's decoder does; keys from several such objects count together). `text` must be valid JSON.
 * @example
 * ```ts
 * import { findDuplicateSysctlKeys } from "./sysctl_duplicates.ts";
 * findDuplicateSysctlKeys('{"sysctl": {"net.a": "1", "net.a": "2"}}'); // ["net.a"]
 * ```
 */
export function findDuplicateSysctlKeys(text: string): string[] {
  const scanner = new JsonScanner(text);
  const seen = new Set<string>();
  const duplicates: string[] = [];
  scanner.skipSpace();
  if (scanner.peek() !== "{") return [];
  scanner.eachMember((name) => {
    if (name.toLowerCase() !== "sysctl" || scanner.peek() !== "{") {
      scanner.skipValue();
      return;
    }
    scanner.eachMember((key) => {
      if (seen.has(key) && !duplicates.includes(key)) duplicates.push(key);
      seen.add(key);
      scanner.skipValue();
    });
  });
  return duplicates;
}

/** A minimal reader over already-validated JSON text. */
class JsonScanner {
  #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  peek(): string {
    this.skipSpace();
    return this.#text[this.#at] ?? "";
  }

  skipSpace(): void {
    while (/\s/.test(this.#text[this.#at] ?? "")) this.#at++;
  }

  /** Reads an object at the cursor, calling `onMember` with each key while the cursor is on its value. */
  eachMember(onMember: (key: string) => void): void {
    this.#at++; // {
    while (this.peek() !== "}") {
      if (this.peek() === ",") this.#at++;
      const key = this.readString();
      this.peek();
      this.#at++; // :
      this.skipSpace();
      onMember(key);
      if (this.#at >= this.#text.length) return;
    }
    this.#at++; // }
  }

  readString(): string {
    this.skipSpace();
    const start = this.#at;
    this.#at++;
    while (this.#at < this.#text.length && this.#text[this.#at] !== '"') {
      this.#at += this.#text[this.#at] === "\\" ? 2 : 1;
    }
    this.#at++;
    return JSON.parse(this.#text.slice(start, this.#at)) as string;
  }

  /** Skips the value at the cursor; iterative (a depth count), so no nesting can overflow the stack. */
  skipValue(): void {
    let depth = 0;
    do {
      const c = this.peek();
      if (c === '"') {
        this.readString();
      } else if (c === "{" || c === "[") {
        depth++;
        this.#at++;
      } else if (c === "}" || c === "]") {
        depth--;
        this.#at++;
      } else if (c === "," || c === ":") {
        this.#at++;
      } else {
        while (this.#at < this.#text.length && !/[\s,:}\]]/.test(this.#text[this.#at] ?? "")) this.#at++;
      }
    } while (depth > 0 && this.#at < this.#text.length);
  }
}
