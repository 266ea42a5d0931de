/** Typed subsets of the custom resources the observability components emit. */

/** `opentelemetry.io/v1beta1` OpenTelemetryCollector (OpenTelemetry operator). */
export interface OpenTelemetryCollectorCr {
  apiVersion: 'opentelemetry.io/v1beta1';
  kind: 'OpenTelemetryCollector';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    mode: 'deployment';
    image: string;
    replicas: number;
    upgradeStrategy: 'automatic' | 'none';
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    podSecurityContext: Record<string, unknown>;
    securityContext: Record<string, unknown>;
    env: Record<string, unknown>[];
    podAnnotations?: Record<string, string>;
    observability: { metrics: { enableMetrics: boolean } };
    /** The collector configuration as an object (v1beta1). */
    config: Record<string, unknown>;
  };
}

/** `monitoring.coreos.com/v1` ServiceMonitor. */
export interface ServiceMonitorCr {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    selector: { matchLabels: Record<string, string> };
    endpoints: { port: string; interval: string; path: string }[];
  };
}

/** `monitoring.coreos.com/v1` PrometheusRule. */
export interface PrometheusRuleCr {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: { groups: unknown[] };
}
