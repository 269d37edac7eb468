import { strictEqual } from "node:assert/strict";
import { formatTable } from "./table.ts";

Deno.test("formatTable() pads each column to its widest cell and prints empty cells as -", () => {
  const text = formatTable(["NAME", "INDEX", "ADDRESSES"], [["lo", "1", "127.0.0.1/8"], ["eth-long", "12", ""]]);
  strictEqual(text, "NAME      INDEX  ADDRESSES\nlo        1      127.0.0.1/8\neth-long  12     -\n");
});

Deno.test("formatTable() prints only the header when there are no rows", () => {
  strictEqual(formatTable(["DEST", "DEV"], []), "DEST  DEV\n");
});
