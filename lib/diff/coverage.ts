/**
 * "Does the new policy admit something the old one did not?" for the allow-lists a platform
 * uses: Istio AuthorizationPolicy rules, NetworkPolicy rules and RBAC rules. Each answer is a
 * short description of what is newly matched (for the reviewer), or undefined when every new
 * rule is covered by an old one. Deliberately literal: a value counts as covered only if it
 * appears as is in the old list (or the old list is a `*` wildcard), so the answer errs
 * towards flagging.
 */
import { jsonEqual } from './fields';

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const show = (vs: readonly unknown[]): string => vs.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');

/**
 * Rules are OR-ed: the new list widens when one of its rules is not covered by any old rule.
 * `covered(old, new)` describes what `new` matches beyond `old`. The description names the
 * rule at the same index of the old list when there is one (the usual edit), else the rule is new.
 */
export function widenedRules(oldRules: readonly unknown[], newRules: readonly unknown[], field: string, covered: (narrow: unknown, wide: unknown, path: string) => string | undefined): string | undefined {
  for (let j = 0; j < newRules.length; j++) {
    const rule = newRules[j];
    const path = `${field}[${j}]`;
    if (oldRules.some((o) => jsonEqual(o, rule) || covered(o, rule, path) === undefined)) continue;
    return j < oldRules.length ? covered(oldRules[j], rule, path) : `${path} (new rule)`;
  }
  return undefined;
}

// ---- Istio AuthorizationPolicy: rule = { from: [{source}], to: [{operation}], when: [{key, values, notValues}] }

/**
 * A source or operation `wide` is within `narrow` when each of narrow's positive fields
 * (principals, namespaces, methods, paths, ports...) is present in wide with a subset of
 * values, and each negative field (`notPrincipals`...) excludes at least the same values.
 */
function matcherCovered(narrow: Json, wide: Json, path: string): string | undefined {
  for (const f of Object.keys(narrow)) {
    const n = list(narrow[f]);
    const w = list(wide[f]);
    if (/^not[A-Z]/.test(f)) {
      const lost = n.filter((v) => !w.some((x) => jsonEqual(x, v)));
      if (lost.length) return `${path}.${f} no longer excludes ${show(lost)}`;
    } else {
      if (wide[f] === undefined) return `${path} lost its ${f} constraint`;
      const gained = w.filter((v) => !n.some((x) => jsonEqual(x, v)));
      if (gained.length) return `${path}.${f} gains ${show(gained)}`;
    }
  }
  return undefined;
}

/** `from` / `to` lists: empty matches everything; otherwise OR of entries, each `{ [inner]: matcher }`. */
function entriesCovered(narrow: unknown, wide: unknown, inner: string, path: string): string | undefined {
  const n = list(narrow);
  const w = list(wide);
  if (n.length === 0) return undefined;
  if (w.length === 0) return `${path} constraint removed (now any)`;
  for (let k = 0; k < w.length; k++) {
    const wm = isMap(w[k]) ? (w[k] as Json)[inner] : undefined;
    const p = `${path}[${k}].${inner}`;
    if (!isMap(wm)) return `${path}[${k}] is not a recognised ${inner}`;
    if (n.some((e) => isMap(e) && isMap(e[inner]) && matcherCovered(e[inner] as Json, wm, p) === undefined)) continue;
    const same = n[k];
    return isMap(same) && isMap(same[inner]) ? matcherCovered(same[inner] as Json, wm, p) : `${p} is new: ${JSON.stringify(wm)}`;
  }
  return undefined;
}

/** `when` conditions are AND-ed: each old condition must still be there, no looser. */
function conditionsCovered(narrow: unknown, wide: unknown, path: string): string | undefined {
  const w = list(wide).filter(isMap);
  for (const c of list(narrow)) {
    if (!isMap(c)) continue;
    const same = w.find((x) => x.key === c.key);
    if (!same) return `${path} lost the condition on ${String(c.key)}`;
    if (c.values !== undefined) {
      if (same.values === undefined) return `${path} condition on ${String(c.key)} lost its values`;
      const gained = list(same.values).filter((v) => !list(c.values).includes(v));
      if (gained.length) return `${path} condition on ${String(c.key)} gains ${show(gained)}`;
    }
    const lost = list(c.notValues).filter((v) => !list(same.notValues).includes(v));
    if (lost.length) return `${path} condition on ${String(c.key)} no longer excludes ${show(lost)}`;
  }
  return undefined;
}

/** What the AuthorizationPolicy rule `wide` matches beyond `narrow`, or undefined. */
export function authzRuleCovered(narrow: unknown, wide: unknown, path: string): string | undefined {
  if (!isMap(narrow) || !isMap(wide)) return `${path} is not a recognised rule`;
  for (const k of Object.keys(wide)) if (!['from', 'to', 'when'].includes(k) && !jsonEqual(narrow[k], wide[k])) return `${path}.${k} changed (unknown field)`;
  return entriesCovered(narrow.from, wide.from, 'source', `${path}.from`) ?? entriesCovered(narrow.to, wide.to, 'operation', `${path}.to`) ?? conditionsCovered(narrow.when, wide.when, `${path}.when`);
}

// ---- NetworkPolicy: rule = { from|to: peers, ports }

/** Peers or ports: empty admits everything; otherwise each new entry must appear as is. */
function sameEntriesCovered(narrow: unknown, wide: unknown, path: string): string | undefined {
  const n = list(narrow);
  const w = list(wide);
  if (n.length === 0) return undefined;
  if (w.length === 0) return `${path} removed (now admits all)`;
  const gained = w.filter((e) => !n.some((x) => jsonEqual(x, e)));
  return gained.length ? `${path} gains ${show(gained)}` : undefined;
}

/** What the NetworkPolicy ingress/egress rule `wide` admits beyond `narrow`, or undefined. */
export function netpolRuleCovered(peers: 'from' | 'to') {
  return (narrow: unknown, wide: unknown, path: string): string | undefined => {
    if (!isMap(narrow) || !isMap(wide)) return `${path} is not a recognised rule`;
    return sameEntriesCovered(narrow[peers], wide[peers], `${path}.${peers}`) ?? sameEntriesCovered(narrow.ports, wide.ports, `${path}.ports`);
  };
}

// ---- RBAC: rule = { apiGroups, resources, resourceNames, verbs, nonResourceURLs }

/** What the RBAC rule `wide` grants beyond `narrow`, or undefined (`*` in narrow covers all). */
export function rbacRuleCovered(narrow: unknown, wide: unknown, path: string): string | undefined {
  if (!isMap(narrow) || !isMap(wide)) return `${path} is not a recognised rule`;
  for (const f of ['apiGroups', 'resources', 'verbs', 'nonResourceURLs']) {
    const n = list(narrow[f]);
    if (n.includes('*')) continue;
    const gained = list(wide[f]).filter((v) => !n.includes(v));
    if (gained.length) return `${path}.${f} gains ${show(gained)}`;
  }
  const names = list(narrow.resourceNames);
  if (names.length > 0) {
    const w = list(wide.resourceNames);
    if (w.length === 0) return `${path} no longer limited to resourceNames ${show(names)}`;
    const gained = w.filter((v) => !names.includes(v));
    if (gained.length) return `${path}.resourceNames gains ${show(gained)}`;
  }
  return undefined;
}
