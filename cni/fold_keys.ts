/**
 * Go's JSON decoder matches object keys to struct fields case-insensitively (`"Bridge"`, `"IPMASQ"` work). A strict
 * TypeScript schema would reject configs Go accepts, so the skel folds keys once, here, before parsing.
 * @module
 */
import type * as z from "zod/mini";

/**
 * Renames each key of `obj` that is not one of `schemaKeys` but equals one ignoring case to that schema key.
 * An exact key always wins: when both `bridge` and `Bridge` are present, `Bridge` is left as an unknown key.
 * Returns a new object in the original key order; non-objects are returned as they are.
 */
export function foldKeys(obj: unknown, schemaKeys: readonly string[]): unknown {
  if (!isPlainObject(obj)) return obj;
  const exact = new Set(schemaKeys);
  const byLower = new Map<string, string>();
  for (const key of schemaKeys) if (!byLower.has(key.toLowerCase())) byLower.set(key.toLowerCase(), key);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    const target = exact.has(key) ? key : byLower.get(key.toLowerCase());
    const name = target !== undefined && (target === key || !Object.hasOwn(obj, target)) ? target : key;
    out[name] = value;
  }
  return out;
}

/**
 * Applies {@linkcode foldKeys} at every level of `value` that `schema` describes as an object (through optional,
 * nullable, default, pipe and array wrappers), so `"IPAM": {"Type": …}` matches `ipam.type` too.
 */
export function foldKeysDeep(value: unknown, schema: z.ZodMiniType): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const shape = def.shape ?? {};
      const folded = foldKeys(value, Object.keys(shape));
      if (!isPlainObject(folded)) return folded;
      for (const [key, child] of Object.entries(shape)) {
        if (Object.hasOwn(folded, key)) folded[key] = foldKeysDeep(folded[key], child);
      }
      return folded;
    }
    case "array":
      return Array.isArray(value) && def.element
        ? value.map((v) => foldKeysDeep(v, def.element as z.ZodMiniType))
        : value;
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return def.innerType ? foldKeysDeep(value, def.innerType) : value;
    case "pipe": {
      const inner = def.in && defOf(def.in).type !== "transform" ? def.in : def.out;
      return inner ? foldKeysDeep(value, inner) : value;
    }
    default:
      return value;
  }
}

/** The keys a schema accepts at its top level (empty unless it is, or wraps, an object schema). */
export function schemaKeysOf(schema: z.ZodMiniType): string[] {
  const def = defOf(schema);
  if (def.type === "object") return Object.keys(def.shape ?? {});
  const inner = def.innerType ?? (def.in && defOf(def.in).type !== "transform" ? def.in : def.out);
  return inner ? schemaKeysOf(inner) : [];
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodMiniType>;
  element?: z.ZodMiniType;
  innerType?: z.ZodMiniType;
  in?: z.ZodMiniType;
  out?: z.ZodMiniType;
}

function defOf(schema: z.ZodMiniType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
