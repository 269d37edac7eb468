/**
 * Aligned text tables for cnitool's human output: a header row and left-aligned columns two spaces apart.
 * @module
 */

/**
 * Formats `rows` under `headers` as aligned columns, one line each, ending with a newline. Empty cells print "-".
 *
 * @example
 * ```ts
 * import { formatTable } from "./table.ts";
 * formatTable(["NAME", "MTU"], [["eth0", "1500"]]); // "NAME  MTU\neth0  1500\n"
 * ```
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [headers, ...rows].map((row) => headers.map((_, i) => (row[i] ?? "") || "-"));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n") + "\n";
}
