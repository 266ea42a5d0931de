import type { ObservabilitySpec } from '../spec/schema';
import { COST_ATTRIBUTE, countable, MODEL_CALL } from './genai';

/**
 * The LLM usage metrics the collector derives from spans (signaltometrics connector), and the
 * names and labels they have once the Prometheus exporter translates them. Alerts and dashboards
 * read the Prometheus side; both sides come from this one table.
 */

/** Resource attributes kept on every metric: agent, team, namespace. */
export const METRIC_RESOURCE_ATTRIBUTES = ['service.name', 'service.namespace', 'k8s.namespace.name'] as const;
/** The model dimension. */
export const MODEL_ATTRIBUTE = 'gen_ai.request.model';

export interface LlmMetric {
  /** OpenTelemetry metric name. */
  readonly name: string;
  readonly description: string;
  /** UCUM unit; curly-brace annotations are dropped from the Prometheus name. */
  readonly unit: string;
  readonly kind: 'sum' | 'histogram';
  /** OTTL condition selecting the spans counted. */
  readonly condition: string;
  /** OTTL value expression (sum) or observed value (histogram). */
  readonly value: string;
  readonly buckets?: readonly number[];
}

const attr = (k: string) => `attributes["${k}"]`;
const TOKENS_IN = attr('gen_ai.usage.input_tokens');
const TOKENS_OUT = attr('gen_ai.usage.output_tokens');
const IN_OK = countable('gen_ai.usage.input_tokens');
const OUT_OK = countable('gen_ai.usage.output_tokens');

/** Metric definitions for a spec: cost metrics only when there is a price table. */
export function llmMetrics(o: Pick<ObservabilitySpec, 'prices' | 'currency'>): LlmMetric[] {
  const metrics: LlmMetric[] = [
    { name: 'agentplane.llm.requests', description: 'Model calls (LLM and embedding spans).', unit: '{request}', kind: 'sum', condition: MODEL_CALL, value: '1' },
    { name: 'agentplane.llm.tokens.input', description: 'Input (prompt) tokens of model calls.', unit: '{token}', kind: 'sum', condition: `${MODEL_CALL} and ${IN_OK}`, value: TOKENS_IN },
    { name: 'agentplane.llm.tokens.output', description: 'Output (completion) tokens of model calls.', unit: '{token}', kind: 'sum', condition: `${MODEL_CALL} and ${OUT_OK}`, value: TOKENS_OUT },
    {
      name: 'agentplane.llm.tokens',
      description: 'Input plus output tokens of model calls (what team budgets count).',
      unit: '{token}',
      kind: 'sum',
      condition: `${MODEL_CALL} and ${IN_OK} and ${OUT_OK}`,
      value: `${TOKENS_IN} + ${TOKENS_OUT}`,
    },
    {
      name: 'agentplane.llm.duration',
      description: 'Latency of model calls.',
      unit: 's',
      kind: 'histogram',
      condition: MODEL_CALL,
      value: 'Seconds(end_time - start_time)',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300],
    },
  ];
  if (o.prices.length > 0) {
    metrics.push(
      { name: 'agentplane.llm.cost', description: `Cost of model calls in ${o.currency}, from the spec's price table.`, unit: `{${o.currency}}`, kind: 'sum', condition: `${MODEL_CALL} and IsDouble(${attr(COST_ATTRIBUTE)})`, value: attr(COST_ATTRIBUTE) },
      { name: 'agentplane.llm.requests.unpriced', description: 'Model calls of a model missing from the price table (their cost is not counted).', unit: '{request}', kind: 'sum', condition: `${MODEL_CALL} and ${attr(COST_ATTRIBUTE)} == nil`, value: '1' },
    );
  }
  return metrics;
}

/** Prometheus label of an OpenTelemetry attribute (the exporter's translation). */
export function promLabel(attribute: string): string {
  return attribute.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * Prometheus name of a metric as the collector's Prometheus exporter (0.122, suffixes on) writes
 * it. signaltometrics emits non-monotonic sums, which become gauges: no `_total`.
 */
export function promName(m: Pick<LlmMetric, 'name' | 'unit'>): string {
  const base = m.name.split(/[^A-Za-z0-9]+/).filter(Boolean).join('_');
  const unit = m.unit.startsWith('{') ? '' : ({ s: 'seconds', ms: 'milliseconds', By: 'bytes', '1': '' } as Record<string, string>)[m.unit] ?? m.unit;
  return unit && !base.split('_').includes(unit) ? `${base}_${unit}` : base;
}

/** Series a metric produces in Prometheus (histograms expand to bucket/sum/count). */
export function promSeries(m: LlmMetric): string[] {
  const n = promName(m);
  return m.kind === 'histogram' ? [`${n}_bucket`, `${n}_sum`, `${n}_count`] : [n];
}

/** Labels every LLM metric carries in Prometheus. */
export const LLM_LABELS = [...METRIC_RESOURCE_ATTRIBUTES, MODEL_ATTRIBUTE].map(promLabel);

/** The collector's own metrics the alerts read (0.122 names: no `_total`, labels as listed). */
export const COLLECTOR_METRICS = {
  exporterSendFailed: { name: 'otelcol_exporter_send_failed_spans', labels: ['exporter'] },
  exporterEnqueueFailed: { name: 'otelcol_exporter_enqueue_failed_spans', labels: ['exporter'] },
  receiverRefused: { name: 'otelcol_receiver_refused_spans', labels: ['receiver', 'transport'] },
  receiverAccepted: { name: 'otelcol_receiver_accepted_spans', labels: ['receiver', 'transport'] },
} as const;
