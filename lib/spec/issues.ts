/**
 * Spec problems: each names the field path, what is wrong and the fix. Validation collects all
 * of them and raises one {@link SpecError}, so a user fixes everything in one round.
 */

export interface SpecIssue {
  /** Field path such as `agents[2].image`; empty for the whole document. */
  readonly path: string;
  /** What is wrong, one sentence. */
  readonly message: string;
  /** How to fix it, one sentence. */
  readonly fix?: string;
  /** Id of the rule in the catalogue (lib/rules.ts). */
  readonly rule?: string;
}

export class SpecError extends Error {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[], source?: string) {
    super(formatIssues(issues, source));
    this.name = 'SpecError';
    this.issues = issues;
  }
}

export function formatIssue(issue: SpecIssue): string {
  const where = issue.path === '' ? '(spec)' : issue.path;
  return `${where}: ${issue.message}${issue.fix ? ` Fix: ${issue.fix}` : ''}${issue.rule ? ` [${issue.rule}]` : ''}`;
}

export function formatIssues(issues: readonly SpecIssue[], source?: string): string {
  const head = `invalid platform spec${source ? ` (${source})` : ''}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  return [head, ...issues.map((i) => `  - ${formatIssue(i)}`)].join('\n');
}

/** Renders a path of keys and indexes as `a.b[2].c`. */
export function pathString(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Closest candidate by edit distance, when close enough to be a likely typo. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
