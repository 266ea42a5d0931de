/**
 * Structural diff of two plain JSON values (parsed Kubernetes objects) into leaf changes with
 * JSON-path-like field paths, e.g. `spec.template.spec.containers[name=worker].image`.
 */

/** One changed leaf. `old` is absent when the field was added, `new` when it was removed. */
export interface FieldChange {
  readonly path: string;
  readonly old?: unknown;
  readonly new?: unknown;
}

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Keys that read unambiguously after a dot; anything else (annotations such as
// `argocd.argoproj.io/sync-wave`, data keys such as `config.yaml`) is bracketed and quoted.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function keyPath(base: string, key: string): string {
  if (!PLAIN_KEY.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** Deep equality of plain JSON values; map key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isMap(a) || !isMap(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
}

/**
 * Names of list items when the list is keyed by `name` (the Kubernetes convention for containers,
 * env, ports, volumes...): every item a map with a string `name`, names unique. Otherwise
 * undefined and the list is compared by index.
 */
function itemNames(list: readonly unknown[]): string[] | undefined {
  const names: string[] = [];
  for (const item of list) {
    if (!isMap(item) || typeof item.name !== 'string') return undefined;
    names.push(item.name);
  }
  return new Set(names).size === names.length ? names : undefined;
}

/**
 * The changed leaves between `a` (old) and `b` (new), in document order (new's key order, then
 * keys only old has). Lists of named items are matched by `name`, so inserting a container does
 * not shift the others; a changed order of named items is reported as `<path> (order)`.
 * A value whose type changes (map, list, scalar) is one change carrying both values.
 */
export function diffFields(a: unknown, b: unknown, path = ''): FieldChange[] {
  const out: FieldChange[] = [];
  walk(a, b, path, out);
  return out;
}

function walk(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (isMap(a) && isMap(b)) {
    for (const k of Object.keys(b)) {
      const p = keyPath(path, k);
      if (!Object.prototype.hasOwnProperty.call(a, k)) out.push({ path: p, new: b[k] });
      else walk(a[k], b[k], p, out);
    }
    for (const k of Object.keys(a)) if (!Object.prototype.hasOwnProperty.call(b, k)) out.push({ path: keyPath(path, k), old: a[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = itemNames(a);
    const nb = itemNames(b);
    if (na && nb && (a.length > 0 || b.length > 0)) {
      walkNamed(a as Json[], b as Json[], na, nb, path, out);
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, new: b[i] });
      else if (i >= b.length) out.push({ path: p, old: a[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  if (!jsonEqual(a, b)) out.push({ path, old: a, new: b });
}

function walkNamed(a: readonly Json[], b: readonly Json[], na: readonly string[], nb: readonly string[], path: string, out: FieldChange[]): void {
  const byName = new Map(a.map((item, i) => [na[i]!, item]));
  const inB = new Set(nb);
  b.forEach((item, i) => {
    const p = `${path}[name=${nb[i]}]`;
    const old = byName.get(nb[i]!);
    if (old === undefined) out.push({ path: p, new: item });
    else walk(old, item, p, out);
  });
  a.forEach((item, i) => {
    if (!inB.has(na[i]!)) out.push({ path: `${path}[name=${na[i]}]`, old: item });
  });
  // Order can matter (init containers run in order, env entries may reference earlier ones).
  const commonA = na.filter((n) => inB.has(n));
  const commonB = nb.filter((n) => byName.has(n));
  if (commonA.some((n, i) => n !== commonB[i])) out.push({ path: `${path} (order)`, old: commonA, new: commonB });
}
