/**
 * The segment arithmetic `node:path` does for POSIX paths, shared by {@linkcode joinPath} and
 * {@linkcode resolvePath}. Private to `fspath/`.
 * @module
 */

/**
 * Drops empty and `.` segments and resolves `..` (kept at the front of a relative path, dropped at the root of an
 * absolute one). Returns the segments joined by `/`, without a leading or trailing `/`; `""` when none remain.
 */
export function normalizeSegments(path: string, isAbsolute: boolean): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0 && segments.at(-1) !== "..") segments.pop();
    else if (!isAbsolute) segments.push("..");
  }
  return segments.join("/");
}
