import type { OtlpProtocol } from '../spec/schema';

/**
 * Where the platform collector listens: one place for the namespace, Service and receiver ports
 * that agents are wired to, the spec checks, the collector configuration and its Service.
 * The standard OTLP ports: gRPC 4317, HTTP 4318 (never moved by a flag).
 */
export const OBSERVABILITY_NAMESPACE = 'observability';
/** Name of the collector; the OpenTelemetry operator names its Service `<name>-collector`. */
export const COLLECTOR_NAME = 'otel';
export const COLLECTOR_SERVICE = `${COLLECTOR_NAME}-collector`;
export const COLLECTOR_HOST = `${COLLECTOR_SERVICE}.${OBSERVABILITY_NAMESPACE}.svc.cluster.local`;

export type OtlpTransport = 'grpc' | 'http';
export const OTLP_PORTS: Readonly<Record<OtlpTransport, number>> = { grpc: 4317, http: 4318 };

/** The receiver transport an SDK protocol talks to. */
export function transportOf(protocol: OtlpProtocol): OtlpTransport {
  return protocol === 'grpc' ? 'grpc' : 'http';
}

/** Where a collector's OTLP Service is: ours, or an external one (`install.otelCollector`). */
export interface CollectorLocation {
  readonly namespace: string;
  readonly service: string;
}

/** The platform's own collector. */
export const PLATFORM_COLLECTOR: CollectorLocation = { namespace: OBSERVABILITY_NAMESPACE, service: COLLECTOR_SERVICE };

/** Fully qualified in-cluster host of a collector Service. */
export function collectorHost(at: CollectorLocation = PLATFORM_COLLECTOR): string {
  return `${at.service}.${at.namespace}.svc.cluster.local`;
}

/** Base URL of the collector's receiver for a protocol (SDKs append `/v1/traces` for HTTP). */
export function collectorEndpoint(protocol: OtlpProtocol, at: CollectorLocation = PLATFORM_COLLECTOR): string {
  return `http://${collectorHost(at)}:${OTLP_PORTS[transportOf(protocol)]}`;
}

/**
 * Whether a host name designates the collector Service from another namespace. The bare
 * Service name does not: from a team namespace it resolves to that namespace.
 */
export function isCollectorHost(host: string, at: CollectorLocation = PLATFORM_COLLECTOR): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return [`${at.service}.${at.namespace}`, `${at.service}.${at.namespace}.svc`, collectorHost(at)].includes(h);
}

/**
 * Labels of the collector pods on every target: the OpenTelemetry operator's labels for a
 * collector `otel` in namespace `observability`, which our own Deployment repeats.
 */
export const COLLECTOR_POD_LABELS: Readonly<Record<string, string>> = {
  'app.kubernetes.io/component': 'opentelemetry-collector',
  'app.kubernetes.io/instance': `${OBSERVABILITY_NAMESPACE}.${COLLECTOR_NAME}`,
};
