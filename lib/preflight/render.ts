import type { ClusterFacts } from './facts';
import type { Finding, Severity } from './rules';

/** Where the facts came from. */
export interface ReportSource {
  readonly context: string;
  readonly server: string;
}

/** The machine-readable report (`--json`). */
export interface PreflightJson {
  readonly context: string;
  readonly server: string;
  readonly cluster: ClusterFacts;
  readonly findings: readonly Finding[];
  readonly conflicts: number;
  readonly warnings: number;
}

/** The `--json` report: the facts as read, every finding, and the counts that decide the exit code. */
export function reportJson(source: ReportSource, facts: ClusterFacts, findings: readonly Finding[]): PreflightJson {
  return { ...source, cluster: facts, findings, conflicts: count(findings, 'conflict'), warnings: count(findings, 'warning') };
}

const HEADINGS: Readonly<Record<Severity, string>> = { conflict: 'Conflicts', warning: 'Warnings', ok: 'OK' };

/** The text report: a header of facts, then findings grouped conflict → warning → ok, each with its fix. */
export function renderReport(source: ReportSource, facts: ClusterFacts, findings: readonly Finding[]): string {
  const defaults = facts.storageClasses?.filter((c) => c.isDefault).map((c) => c.name);
  const header: [string, string][] = [
    ['context', source.context],
    ['server', source.server],
    ['kubernetes', facts.kubernetesVersion],
    ...(facts.flavor === 'openshift' ? ([['openshift', facts.openshift?.version ?? '(unknown)'], ['apps domain', facts.openshift?.appsDomain ?? '(unknown)']] as [string, string][]) : []),
    ...(facts.flavor === 'microshift' ? ([['flavor', 'MicroShift']] as [string, string][]) : []),
    ['OLM', facts.apiGroups ? (facts.olm ? 'yes' : 'no') : '(unknown)'],
    ['default StorageClass', defaults === undefined ? '(unknown)' : defaults.length ? defaults.join(', ') : 'none'],
  ];
  const width = Math.max(...header.map(([k]) => k.length));
  const lines = [`agentplane preflight`, ...header.map(([k, v]) => `  ${`${k}:`.padEnd(width + 1)} ${v}`)];
  for (const severity of ['conflict', 'warning', 'ok'] as const) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `${HEADINGS[severity]} (${group.length}):`);
    for (const f of group) {
      lines.push(`  [${f.id}] ${f.message}`);
      if (f.fix) lines.push(`      Fix: ${f.fix}`);
    }
  }
  const conflicts = count(findings, 'conflict');
  const warnings = count(findings, 'warning');
  lines.push('', conflicts === 0 ? `no conflicts (${warnings} warning${warnings === 1 ? '' : 's'}): the spec can be applied to this cluster.` : `${conflicts} conflict${conflicts === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}: fix the conflicts before applying.`);
  return lines.join('\n');
}

function count(findings: readonly Finding[], severity: Severity): number {
  return findings.filter((f) => f.severity === severity).length;
}
