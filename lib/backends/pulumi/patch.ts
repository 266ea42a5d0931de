import type { ManifestPatch } from '../../core/upstream';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Strategic-merge subset used for upstream manifest patches: objects merge key by key, lists of
 * objects with a `name` merge by name, anything else is replaced. Same result as the kustomize
 * patch Argo CD applies for the GitOps form.
 */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (isObj(base) && isObj(patch)) {
    const out: Json = { ...base };
    for (const [k, v] of Object.entries(patch)) out[k] = k in base ? mergePatch(base[k], v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && patch.every((p) => isObj(p) && typeof p.name === 'string')) {
    const out = base.map((b) => {
      const p = isObj(b) ? patch.find((x) => (x as Json).name === b.name) : undefined;
      return p ? mergePatch(b, p) : b;
    });
    for (const p of patch) if (!base.some((b) => isObj(b) && b.name === (p as Json).name)) out.push(p);
    return out;
  }
  return patch;
}

/** Applies the patches whose target matches the object's kind and name (or its kind alone when the target names none). */
export function applyPatches(object: Json, patches: readonly ManifestPatch[]): Json {
  let out = object;
  const name = (object.metadata as Json | undefined)?.name;
  for (const p of patches) {
    if (object.kind === p.target.kind && (p.target.name === undefined || name === p.target.name)) {
      const { apiVersion: _ignored, ...body } = p.patch;
      out = mergePatch(out, body) as Json;
    }
  }
  return out;
}
