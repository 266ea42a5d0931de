/**
 * Compares two loaded platforms object by object: added, removed and changed objects grouped
 * by component, each with its changed fields and risk flags.
 */
import type { KubeObject } from '../core/plan';
import { diffFields, type FieldChange } from './fields';
import { compare, type PlacedObject } from './objects';
import { assessRisks, type Risk } from './risks';
import type { Side, SourceRef } from './source';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ObjectChange {
  readonly change: ChangeKind;
  /** The new object (added, changed) or the old one (removed). */
  readonly object: KubeObject;
  /** Component the object was in before, when it moved to another component. */
  readonly movedFrom?: string;
  /** Changed fields of a changed object; empty otherwise. */
  readonly fields: readonly FieldChange[];
  readonly risks: readonly Risk[];
}

export interface ComponentChanges {
  readonly component: string;
  readonly objects: readonly ObjectChange[];
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Objects with at least one risk flag. */
  readonly risky: number;
}

export interface DiffResult {
  readonly old: SourceRef;
  readonly new: SourceRef;
  readonly summary: DiffSummary;
  /** Components with changes: new install order, then components only the old side has. */
  readonly components: readonly ComponentChanges[];
}

/** Objects within a component: by kind, namespace, name, then API version (all deterministic). */
function byIdentity(a: ObjectChange, b: ObjectChange): number {
  const x = a.object;
  const y = b.object;
  return compare(x.kind, y.kind) || compare(x.metadata.namespace ?? '', y.metadata.namespace ?? '') || compare(x.metadata.name, y.metadata.name) || compare(x.apiVersion, y.apiVersion);
}

/**
 * Diffs two sides. Objects are matched by identity (API group, kind, namespace, name); an
 * object that moved to another component counts as changed even with equal content, so
 * nothing that would be re-synced by a different Argo CD Application passes unnoticed.
 */
export function diffSides(oldSide: Side, newSide: Side): DiffResult {
  const before = oldSide.platform.objects;
  const after = newSide.platform.objects;
  const removedNamespaces = new Set<string>();
  for (const [key, p] of before) if (!after.has(key) && p.object.apiVersion === 'v1' && p.object.kind === 'Namespace') removedNamespaces.add(p.object.metadata.name);
  const oldNamespaces = new Set<string>();
  for (const p of before.values()) {
    if (p.object.apiVersion === 'v1' && p.object.kind === 'Namespace') oldNamespaces.add(p.object.metadata.name);
    if (p.object.metadata.namespace !== undefined) oldNamespaces.add(p.object.metadata.namespace);
  }
  const ctx = { removedNamespaces, oldNamespaces };

  const groups = new Map<string, ObjectChange[]>();
  const add = (component: string, c: Omit<ObjectChange, 'risks'>, o: PlacedObject | undefined, n: PlacedObject | undefined) => {
    const risks = assessRisks({ change: c.change, component, old: o?.object, new: n?.object, fields: c.fields }, ctx);
    const list = groups.get(component) ?? [];
    list.push({ ...c, risks });
    groups.set(component, list);
  };
  let unchanged = 0;
  for (const [key, n] of after) {
    const o = before.get(key);
    if (!o) {
      add(n.component, { change: 'added', object: n.object, fields: [] }, undefined, n);
      continue;
    }
    const fields = diffFields(o.object, n.object);
    if (fields.length === 0 && o.component === n.component) unchanged++;
    else add(n.component, { change: 'changed', object: n.object, fields, ...(o.component !== n.component ? { movedFrom: o.component } : {}) }, o, n);
  }
  for (const [key, o] of before) if (!after.has(key)) add(o.component, { change: 'removed', object: o.object, fields: [] }, o, undefined);

  const order = [...newSide.platform.components, ...oldSide.platform.components.filter((c) => !newSide.platform.components.includes(c))];
  const components = order.filter((c) => groups.has(c)).map((component) => ({ component, objects: groups.get(component)!.sort(byIdentity) }));
  const all = components.flatMap((c) => c.objects);
  const count = (k: ChangeKind) => all.filter((c) => c.change === k).length;
  return {
    old: { source: oldSide.source, kind: oldSide.kind },
    new: { source: newSide.source, kind: newSide.kind },
    summary: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged, risky: all.filter((c) => c.risks.length > 0).length },
    components,
  };
}
