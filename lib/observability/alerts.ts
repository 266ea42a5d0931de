import type { ResolvedSpec } from '../spec/resolve';
import { COLLECTOR_METRICS, llmMetrics, promLabel, promName } from './metrics';
import { absent, and, eq, equal, gt, increase, num, offset, or, rate, render, sel, sumBy, type Expr, type Matcher } from './promql';

/** One alerting rule, with its expression kept as a tree for checks. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: Expr;
  /** How long the condition must hold. */
  readonly for: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly description: string;
}

export interface AlertGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

const TEAM = promLabel('service.namespace');
const AGENT = promLabel('service.name');
const MODEL = promLabel('gen_ai.request.model');
/** Budgets are daily: usage over any 24 hours. */
const DAY = '1d';

/**
 * What a cumulative usage series grew by over `window`. `increase()` never counts a series'
 * first sample, so a series younger than the window (no sample `window` ago) counts its whole
 * value instead: one large call on a fresh series still reaches the threshold.
 */
function grewBy(metric: string, matchers: readonly Matcher[], window: string): Expr {
  return or(and(increase(sel(metric, matchers, window)), offset(sel(metric, matchers), window)), sel(metric, matchers));
}

/**
 * The alerts that keep the trace pipeline honest — spans refused, failing to export or dropped
 * from a full queue, and the collector itself not being scraped (silence alerts too) — plus the
 * teams' daily token and cost budgets from the spec.
 */
export function alertGroups(spec: ResolvedSpec, scrapeJob: string, namespace: string): AlertGroup[] {
  const c = COLLECTOR_METRICS;
  const window = (m: string) => sel(m, [], '5m');
  const pipeline: AlertRule[] = [
    {
      alert: 'AgentplaneTraceExportFailing',
      expr: gt(sumBy(['exporter'], rate(window(c.exporterSendFailed.name))), num(0)),
      for: '5m',
      severity: 'critical',
      summary: 'The collector fails to export spans through {{ $labels.exporter }}.',
      description: 'Spans are being lost: the audit trail of agents has a gap. Check the backend behind {{ $labels.exporter }} and the collector logs.',
    },
    {
      alert: 'AgentplaneTraceQueueFull',
      expr: gt(sumBy(['exporter'], rate(window(c.exporterEnqueueFailed.name))), num(0)),
      for: '5m',
      severity: 'critical',
      summary: 'The export queue of {{ $labels.exporter }} is full; spans are dropped.',
      description: 'The backend is slower than the agents produce spans, or unreachable. Spans that do not fit in the queue are lost.',
    },
    {
      alert: 'AgentplaneTraceRefused',
      expr: gt(sumBy(['receiver', 'transport'], rate(window(c.receiverRefused.name))), num(0)),
      for: '5m',
      severity: 'warning',
      summary: 'The collector refuses spans on {{ $labels.receiver }} ({{ $labels.transport }}).',
      description: 'Usually the memory limiter: the collector is out of memory headroom. Raise observability.collector.resources or replicas.',
    },
    {
      alert: 'AgentplaneCollectorDown',
      expr: absent(equal(sel('up', [eq('job', scrapeJob), eq('namespace', namespace)]), num(1))),
      for: '5m',
      severity: 'critical',
      summary: 'The OpenTelemetry collector is not being scraped.',
      description: 'No collector reports: traces and LLM usage metrics are not collected, and the other telemetry alerts cannot fire. Check the collector pods in namespace ' + namespace + '.',
    },
  ];
  const metrics = llmMetrics(spec.observability);
  const tokens = promName(metrics.find((m) => m.name === 'agentplane.llm.tokens')!);
  const cost = metrics.find((m) => m.name === 'agentplane.llm.cost');
  const unpriced = metrics.find((m) => m.name === 'agentplane.llm.requests.unpriced');
  const usage: AlertRule[] = [];
  if (unpriced) {
    usage.push({
      alert: 'AgentplaneUnpricedModel',
      expr: gt(sumBy([TEAM, AGENT, MODEL], grewBy(promName(unpriced), [], '1h')), num(0)),
      for: '0m',
      severity: 'info',
      summary: 'Agent {{ $labels.' + AGENT + ' }} calls model {{ $labels.' + MODEL + ' }}, which has no price.',
      description: 'Cost metrics and cost budgets do not count these calls. Add the model to observability.prices.',
    });
  }
  for (const team of spec.teams) {
    const b = team.budget;
    const budgets: [string, string, number | undefined, string][] = [
      ['AgentplaneTeamTokenBudget', tokens, b.dailyTokens, 'tokens'],
      ['AgentplaneTeamCostBudget', cost ? promName(cost) : '', b.dailyCost, spec.observability.currency],
    ];
    for (const [alert, metric, limit, unit] of budgets) {
      if (limit === undefined || !metric) continue;
      const used = sumBy([TEAM], grewBy(metric, [eq(TEAM, team.name)], DAY));
      for (const [severity, share] of [['warning', 0.8], ['critical', 1]] as const) {
        usage.push({
          alert,
          expr: gt(used, num(limit * share)),
          for: '0m',
          severity,
          labels: { team: team.name },
          summary: `Team ${team.name} used ${share === 1 ? 'its whole' : `${share * 100}% of its`} daily LLM budget of ${limit} ${unit}.`,
          description: `{{ $value | humanize }} ${unit} in the last 24 hours (budget ${limit}, teams[].budget in the spec).`,
        });
      }
    }
  }
  return [
    { name: 'agentplane-telemetry-pipeline', rules: pipeline },
    ...(usage.length ? [{ name: 'agentplane-llm-usage', rules: usage }] : []),
  ];
}

/** The PrometheusRule `spec.groups` of alert groups. */
export function renderGroups(groups: readonly AlertGroup[]): unknown[] {
  return groups.map((g) => ({
    name: g.name,
    rules: g.rules.map((r) => ({
      alert: r.alert,
      expr: render(r.expr),
      ...(r.for === '0m' ? {} : { for: r.for }),
      labels: { severity: r.severity, ...(r.labels ?? {}) },
      annotations: { summary: r.summary, description: r.description },
    })),
  }));
}
