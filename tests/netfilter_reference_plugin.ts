/**
 * Runs one of Debian's reference Go plugins (/usr/lib/cni) for interop tests of the netfilter-backed plugins.
 * @module
 */

/** Where the Debian package installs the reference plugins. */
export const REFERENCE_DIR = "/usr/lib/cni";

/** True when the reference binary `type` is installed. */
export function hasReferencePlugin(type: string): boolean {
  try {
    return Deno.statSync(`${REFERENCE_DIR}/${type}`).isFile;
  } catch {
    return false;
  }
}

/** Runs the reference plugin `type` with `command` and `config` on stdin; returns exit code and output. */
export async function runReferencePlugin(
  type: string,
  options: { command: string; containerId: string; config: Record<string, unknown>; ifname?: string; netns?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(`${REFERENCE_DIR}/${type}`, {
    env: {
      CNI_COMMAND: options.command,
      CNI_CONTAINERID: options.containerId,
      CNI_NETNS: options.netns ?? "/proc/self/ns/net",
      CNI_IFNAME: options.ifname ?? "eth0",
      CNI_PATH: REFERENCE_DIR,
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
    },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(options.config)));
  await writer.close();
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
