import type { ResolvedAgent } from '../spec/resolve';

/** One environment variable of a container. */
interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/**
 * The OpenTelemetry SDK environment of an agent. With an endpoint: protocol and endpoint from
 * the resolved telemetry (checked against the collector's receivers), the agent as service name,
 * team, namespace, workload and SPIFFE ID as resource attributes, every trace sampled and
 * exported; metrics and logs not (the collector accepts traces only: usage metrics are derived
 * from spans, so an agent cannot inflate or forge them). Without: exporters off, so
 * no SDK retries against a default endpoint that does not exist. Propagation is on either way.
 */
export function telemetryEnv(a: ResolvedAgent, spiffeId: string | undefined, propagators: readonly string[]): EnvVar[] {
  const t = a.telemetry;
  const propagation = { name: 'OTEL_PROPAGATORS', value: (t?.propagators ?? propagators).join(',') };
  if (!t) {
    return [
      propagation,
      { name: 'OTEL_TRACES_EXPORTER', value: 'none' },
      { name: 'OTEL_METRICS_EXPORTER', value: 'none' },
      { name: 'OTEL_LOGS_EXPORTER', value: 'none' },
    ];
  }
  const attributes: [string, string][] = [
    ['service.namespace', a.team],
    ['k8s.namespace.name', a.namespace],
    ['k8s.deployment.name', a.name],
    ...(spiffeId ? [['spiffe.id', spiffeId] as [string, string]] : []),
    ...Object.keys(t.attributes)
      .sort()
      .map((k) => [k, t.attributes[k]!] as [string, string]),
  ];
  return [
    { name: 'OTEL_SERVICE_NAME', value: a.name },
    { name: 'OTEL_RESOURCE_ATTRIBUTES', value: attributes.map(([k, v]) => `${k}=${v}`).join(',') },
    propagation,
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: t.endpoint },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: t.protocol },
    { name: 'OTEL_TRACES_EXPORTER', value: 'otlp' },
    // The audit trail is complete: every trace the agent starts is recorded.
    { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_always_on' },
    { name: 'OTEL_METRICS_EXPORTER', value: 'none' },
    { name: 'OTEL_LOGS_EXPORTER', value: 'none' },
  ];
}
