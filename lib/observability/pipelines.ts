import type { ObservabilitySpec } from '../spec/schema';
import type { CollectorConfig, ComponentSettings } from './collector-config';
import { OTLP_PORTS } from './endpoints';
import { genAiStatements } from './genai';
import { llmMetrics, METRIC_RESOURCE_ATTRIBUTES, MODEL_ATTRIBUTE } from './metrics';

/** Ports of the collector besides the OTLP receivers. */
export const COLLECTOR_PORTS = { prometheus: 8889, telemetry: 8888, health: 13133 } as const;

/** How long an idle usage series is kept: longer than the 24-hour budget window. */
const SERIES_LIFETIME = '25h';

export interface PhoenixTarget {
  /** gRPC OTLP endpoint (host:port). */
  readonly endpoint: string;
  /** Headers sent with every export (values may reference `${env:NAME}`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The platform collector's configuration: OTLP in on the standard ports; traces through
 * memory_limiter, the GenAI/OpenInference transform and batch, out to Phoenix (when on) and into
 * the span-to-metrics connector; the derived LLM usage metrics through delta-to-cumulative out to
 * the Prometheus exporter.
 */
export function collectorConfig(o: Pick<ObservabilitySpec, 'prices' | 'currency'>, phoenix?: PhoenixTarget): CollectorConfig {
  const any = (port: number) => `0.0.0.0:${port}`;
  const metrics = llmMetrics(o);
  const signaltometrics: ComponentSettings = {
    spans: metrics.map((m) => ({
      name: m.name,
      description: m.description,
      unit: m.unit,
      include_resource_attributes: METRIC_RESOURCE_ATTRIBUTES.map((key) => ({ key })),
      attributes: [{ key: MODEL_ATTRIBUTE }],
      conditions: [m.condition],
      ...(m.kind === 'sum' ? { sum: { value: m.value } } : { histogram: { buckets: m.buckets, value: m.value } }),
    })),
  };
  const tracesOut = [...(phoenix ? ['otlp/phoenix'] : []), 'signaltometrics'];
  return {
    extensions: { health_check: { endpoint: any(COLLECTOR_PORTS.health) } },
    receivers: {
      otlp: { protocols: { grpc: { endpoint: any(OTLP_PORTS.grpc) }, http: { endpoint: any(OTLP_PORTS.http) } } },
    },
    processors: {
      memory_limiter: { check_interval: '1s', limit_percentage: 80, spike_limit_percentage: 20 },
      // error_mode ignore: a statement that fails on one span skips that statement, never the span.
      'transform/genai_to_openinference': { error_mode: 'ignore', trace_statements: [{ context: 'span', statements: genAiStatements(o.prices) }] },
      // signaltometrics emits delta sums the Prometheus exporter would refuse; accumulate them here,
      // and keep idle series longer than the budgets' 24-hour window (a recreated series loses its
      // first sample to increase()).
      deltatocumulative: { max_stale: SERIES_LIFETIME },
      batch: { timeout: '5s', send_batch_size: 1024 },
    },
    connectors: { signaltometrics },
    exporters: {
      ...(phoenix ? { 'otlp/phoenix': { endpoint: phoenix.endpoint, tls: { insecure: true }, ...(phoenix.headers ? { headers: { ...phoenix.headers } } : {}) } } : {}),
      prometheus: { endpoint: any(COLLECTOR_PORTS.prometheus), resource_to_telemetry_conversion: { enabled: true }, metric_expiration: SERIES_LIFETIME },
    },
    service: {
      extensions: ['health_check'],
      telemetry: {
        metrics: {
          level: 'normal',
          readers: [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: COLLECTOR_PORTS.telemetry, without_type_suffix: true, without_units: true, without_scope_info: true } } } }],
        },
      },
      pipelines: {
        traces: { receivers: ['otlp'], processors: ['memory_limiter', 'transform/genai_to_openinference', 'batch'], exporters: tracesOut },
        // Only metrics derived here: agents' own OTLP metrics are not accepted, so no agent can add
        // series (or labels) to what budgets sum.
        metrics: { receivers: ['signaltometrics'], processors: ['memory_limiter', 'deltatocumulative', 'batch'], exporters: ['prometheus'] },
      },
    },
  };
}
