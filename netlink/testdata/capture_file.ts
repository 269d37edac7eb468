/** Loads a capture saved by capture.ts: one netlink message payload. */
export function loadCapture(name: string): { type: number; data: Uint8Array } {
  const text = Deno.readTextFileSync(new URL(`./${name}.json`, import.meta.url));
  const json = JSON.parse(text) as { type: number; hex: string };
  const bytes = new Uint8Array(json.hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(json.hex.slice(i * 2, i * 2 + 2), 16);
  return { type: json.type, data: bytes };
}
