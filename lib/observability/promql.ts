/**
 * A small PromQL expression model: alert rules are built as trees and rendered, so tests (and
 * the synthesis check) can verify what they measure — which metrics, which labels, which
 * thresholds — instead of matching strings.
 */

export interface Matcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~';
  readonly value: string;
}

export type Expr =
  | { readonly kind: 'selector'; readonly metric: string; readonly matchers: readonly Matcher[]; readonly range?: string; readonly offset?: string }
  | { readonly kind: 'call'; readonly fn: 'rate' | 'increase' | 'absent'; readonly arg: Expr }
  | { readonly kind: 'aggregate'; readonly op: 'sum' | 'max'; readonly by: readonly string[]; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: '>' | '==' | '+' | '*' | '/' | 'and' | 'or'; readonly lhs: Expr; readonly rhs: Expr }
  | { readonly kind: 'number'; readonly value: number };

export const sel = (metric: string, matchers: readonly Matcher[] = [], range?: string): Expr => ({ kind: 'selector', metric, matchers, ...(range ? { range } : {}) });
export const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
export const rate = (arg: Expr): Expr => ({ kind: 'call', fn: 'rate', arg });
export const increase = (arg: Expr): Expr => ({ kind: 'call', fn: 'increase', arg });
export const absent = (arg: Expr): Expr => ({ kind: 'call', fn: 'absent', arg });
export const sumBy = (by: readonly string[], arg: Expr): Expr => ({ kind: 'aggregate', op: 'sum', by, arg });
export const num = (value: number): Expr => ({ kind: 'number', value });
export const gt = (lhs: Expr, rhs: Expr): Expr => ({ kind: 'binary', op: '>', lhs, rhs });
export const equal = (lhs: Expr, rhs: Expr): Expr => ({ kind: 'binary', op: '==', lhs, rhs });
export const and = (lhs: Expr, rhs: Expr): Expr => ({ kind: 'binary', op: 'and', lhs, rhs });
export const or = (lhs: Expr, rhs: Expr): Expr => ({ kind: 'binary', op: 'or', lhs, rhs });
export const offset = (e: Expr, by: string): Expr => (e.kind === 'selector' ? { ...e, offset: by } : e);

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Renders an expression as PromQL text. */
export function render(e: Expr): string {
  switch (e.kind) {
    case 'selector': {
      const m = e.matchers.map((x) => `${x.label}${x.op}${quote(x.value)}`).join(', ');
      return `${e.metric}${m ? `{${m}}` : ''}${e.range ? `[${e.range}]` : ''}${e.offset ? ` offset ${e.offset}` : ''}`;
    }
    case 'call':
      return `${e.fn}(${render(e.arg)})`;
    case 'aggregate':
      return `${e.op}${e.by.length ? ` by (${e.by.join(', ')})` : ''} (${render(e.arg)})`;
    case 'binary': {
      const side = (x: Expr) => (x.kind === 'binary' ? `(${render(x)})` : render(x));
      return `${side(e.lhs)} ${e.op} ${side(e.rhs)}`;
    }
    case 'number':
      return formatNumber(e.value);
  }
}

/** Numbers without exponent noise (Prometheus parses both, reviewers read one). */
function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(12)));
}

/** Every selector of an expression (metrics and label matchers it reads). */
export function selectors(e: Expr): Extract<Expr, { kind: 'selector' }>[] {
  switch (e.kind) {
    case 'selector':
      return [e];
    case 'call':
    case 'aggregate':
      return selectors(e.arg);
    case 'binary':
      return [...selectors(e.lhs), ...selectors(e.rhs)];
    case 'number':
      return [];
  }
}

/** Labels the result of an expression keeps (what an alert's labels and annotations may use). */
export function outputLabels(e: Expr): readonly string[] | 'all' {
  switch (e.kind) {
    case 'selector':
      return 'all';
    case 'call':
      return e.fn === 'absent' ? [] : outputLabels(e.arg);
    case 'aggregate':
      return e.by;
    case 'binary':
      return outputLabels(e.lhs);
    case 'number':
      return [];
  }
}
