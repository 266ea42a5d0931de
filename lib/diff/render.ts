/** Text (for reviewers) and JSON (for CI bots) forms of a diff. */
import type { DiffResult, ObjectChange } from './compare';
import { displayName } from './objects';

/** Longest value shown in text output; JSON output always carries full values. */
export const MAX_VALUE = 80;

const SIGN = { added: '+', removed: '-', changed: '~' } as const;

/**
 * A value for a text line: JSON (so "1" and 1 differ visibly), cut to `max` characters. When
 * `other` is a long string too, the window starts shortly before the first difference, so two
 * long configs that differ at the end do not print as two identical prefixes.
 */
export function showValue(v: unknown, other?: unknown, max = MAX_VALUE): string {
  if (v === undefined) return '(none)';
  const text = JSON.stringify(v);
  if (text.length <= max) return text;
  let start = 0;
  if (typeof v === 'string' && typeof other === 'string') {
    const o = JSON.stringify(other);
    while (start < text.length && text[start] === o[start]) start++;
    start = Math.max(0, start - 20);
  }
  const body = text.slice(start, start + max - 2);
  return `${start > 0 ? '…' : ''}${body}…`;
}

function objectLines(c: ObjectChange): string[] {
  const head = `  ${SIGN[c.change]} ${c.object.kind} ${displayName(c.object)}${c.movedFrom ? ` (moved from ${c.movedFrom})` : ''}`;
  const fields = c.fields.map((f) => `      ${f.path}: ${showValue(f.old, f.new)} -> ${showValue(f.new, f.old)}`);
  const risks = c.risks.map((r) => `      ! ${r.rule}: ${r.reason}`);
  return [head, ...fields, ...risks];
}

/** The header line: sources and counts. */
export function headerLine(r: DiffResult): string {
  const s = r.summary;
  return `agentplane diff: ${r.old.source} -> ${r.new.source}: ${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.unchanged} unchanged; ${s.risky} risky`;
}

/**
 * Text output: the header line, then per component (`name:`) its objects as `+`, `-` or `~`
 * lines, each changed object followed by `path: old -> new` lines and `!` risk lines. One
 * line when nothing differs.
 */
export function renderText(r: DiffResult): string {
  if (r.components.length === 0) return `agentplane diff: ${r.old.source} -> ${r.new.source}: no differences (${r.summary.unchanged} objects unchanged)`;
  const lines = [headerLine(r)];
  for (const c of r.components) {
    lines.push('', `${c.component}:`);
    for (const o of c.objects) lines.push(...objectLines(o));
  }
  return lines.join('\n');
}

/** The `--json` document for CI bots: values in full, `old`/`new` absent when a field was added/removed. */
export function diffJson(r: DiffResult) {
  return {
    old: r.old,
    new: r.new,
    summary: r.summary,
    components: r.components.map((c) => ({
      component: c.component,
      objects: c.objects.map((o) => ({
        change: o.change,
        apiVersion: o.object.apiVersion,
        kind: o.object.kind,
        ...(o.object.metadata.namespace !== undefined ? { namespace: o.object.metadata.namespace } : {}),
        name: o.object.metadata.name,
        ...(o.movedFrom !== undefined ? { movedFrom: o.movedFrom } : {}),
        ...(o.change === 'changed' ? { fields: o.fields.map((f) => ({ path: f.path, ...('old' in f ? { old: f.old } : {}), ...('new' in f ? { new: f.new } : {}) })) } : {}),
        risks: o.risks.map((x) => ({ rule: x.rule, reason: x.reason })),
      })),
    })),
  };
}
