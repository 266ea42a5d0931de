import { createHash } from 'node:crypto';
import type { ApiObject } from 'cdk8s';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { toYaml } from '../backends/yaml';
import { defineComponent } from '../core/component';
import { CONFIG_HASH_ANNOTATION, commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { OlmSubscription } from '../core/olm';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { PINS } from '../pins';
import { parseQuantity } from '../spec/quantity';
import { alertGroups, renderGroups } from './alerts';
import { checkCollectorConfig, type CollectorConfig } from './collector-config';
import { collectorHost, COLLECTOR_HOST, COLLECTOR_NAME, COLLECTOR_POD_LABELS, COLLECTOR_SERVICE, OBSERVABILITY_NAMESPACE, OTLP_PORTS } from './endpoints';
import type { OpenTelemetryCollectorCr, PrometheusRuleCr, ServiceMonitorCr } from './models';
import { COLLECTOR_PORTS, collectorConfig } from './pipelines';
import { PHOENIX_INGEST } from './phoenix';

/** What the collector offers: where agents send OTLP, and the pods to allow egress to. */
export interface OtelExports {
  readonly namespace: string;
  /** Service carrying the OTLP receivers (ours on kind and MicroShift, the operator's on OpenShift). */
  readonly service: string;
  readonly host: string;
  /** Receiver ports, by transport. */
  readonly ports: typeof OTLP_PORTS;
  /** Labels of the collector pods (NetworkPolicy peers). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The rendered configuration (checked); absent for an external collector, whose configuration is not ours. */
  readonly config?: CollectorConfig;
}

/** Service exposing the collector's Prometheus endpoints (LLM metrics and its own). */
export const METRICS_SERVICE = `${COLLECTOR_SERVICE}-metrics`;
const PHOENIX_TOKEN_ENV = 'PHOENIX_BEARER_TOKEN';

export const otel = defineComponent({
  id: 'otel',
  title: 'OpenTelemetry collector: OTLP in, GenAI to OpenInference, LLM token and cost metrics, alerts',
  toggles: ['observability.otel'],
  install: 'otelCollector',
  // An existing collector: agents export to its Service on the standard OTLP ports, and team
  // egress opens to its namespace (narrowed to its pods when their labels are given).
  external: (ctx) => {
    const at = ctx.spec.install.otelCollector;
    return { namespace: at.namespace, service: at.service, host: collectorHost(at), ports: OTLP_PORTS, podLabels: at.podLabels ?? {} };
  },
  dependsOn: [],
  pins: (t) => (t.collectorDelivery === 'olm' ? ['opentelemetry-operator', 'otel-collector'] : ['otel-collector']),
  delivery: (t, spec) =>
    `${t.collectorDelivery === 'olm' ? 'OpenTelemetryCollector resource of the Red Hat build of OpenTelemetry operator (OLM), running the pinned contrib image' : 'Deployment of the pinned contrib image with a rendered, checked configuration'}; ${spec.observability.prometheusOperator ? 'ServiceMonitor and PrometheusRule alerts' : 'Prometheus scrape annotations (no Prometheus operator: no alert rules)'}`,
  namespaces: () => [OBSERVABILITY_NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const o = spec.observability;
    const labels = commonLabels('otel');
    const phoenix = spec.features['observability.phoenix'].on ? PHOENIX_INGEST : undefined;
    // The collector owns the shared namespace: Phoenix (which needs the collector) installs after it.
    const ns = restrictedNamespace(scope, 'namespace', { name: OBSERVABILITY_NAMESPACE, target, labels });
    const config = collectorConfig(o, phoenix && { endpoint: phoenix.endpoint, headers: { authorization: `Bearer \${env:${PHOENIX_TOKEN_ENV}}` } });
    const problems = checkCollectorConfig(config);
    if (problems.length) throw new Error(`collector configuration is invalid:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);

    const podLabels = { ...labels, ...COLLECTOR_POD_LABELS, [LABELS.name]: COLLECTOR_SERVICE };
    const meta = (name: string) => ({ name, namespace: OBSERVABILITY_NAMESPACE, labels: podLabels });
    const image = `${PINS['otel-collector'].source}:${spec.versions['otel-collector']}`;
    const resources = {
      requests: { cpu: o.collector.resources.requests.cpu, memory: o.collector.resources.requests.memory },
      limits: { cpu: o.collector.resources.limits.cpu, memory: o.collector.resources.limits.memory },
    };
    const env = [
      // The Go runtime collects before the memory limiter has to refuse data.
      { name: 'GOMEMLIMIT', value: `${Math.floor((parseQuantity(o.collector.resources.limits.memory) * 0.8) / 2 ** 20)}MiB` },
      ...(phoenix ? [{ name: PHOENIX_TOKEN_ENV, valueFrom: { secretKeyRef: { name: phoenix.token.secretName, key: phoenix.token.key } } }] : []),
    ];
    const scrape: Record<string, string> = o.prometheusOperator ? {} : { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(COLLECTOR_PORTS.prometheus), 'prometheus.io/path': '/metrics' };

    let workload: ApiObject;
    if (target.collectorDelivery === 'olm') {
      const operator = new OlmSubscription(scope, 'operator', {
        packageName: 'opentelemetry-product',
        channel: spec.versions['opentelemetry-operator'],
        namespace: 'openshift-operators',
        createOperatorGroup: false,
        providesApiGroups: ['opentelemetry.io'],
        labels,
      });
      // The operator names the Service `<name>-collector`, derives its ports from the receivers
      // and rolls the pods when the configuration changes. The Red Hat collector image lacks the
      // signaltometrics connector, so the CR runs the pinned contrib image.
      workload = kube<OpenTelemetryCollectorCr>(scope, 'collector', {
        apiVersion: 'opentelemetry.io/v1beta1',
        kind: 'OpenTelemetryCollector',
        metadata: { name: COLLECTOR_NAME, namespace: OBSERVABILITY_NAMESPACE, labels },
        spec: {
          mode: 'deployment',
          image,
          replicas: o.collector.replicas,
          upgradeStrategy: 'none',
          resources,
          podSecurityContext: restrictedPodSecurityContext(target),
          securityContext: restrictedContainerSecurityContext(true),
          env,
          ...(Object.keys(scrape).length ? { podAnnotations: scrape } : {}),
          observability: { metrics: { enableMetrics: false } },
          config: config as unknown as Record<string, unknown>,
        },
      });
      workload.node.addDependency(operator);
    } else {
      const rendered = toYaml(config);
      kube<IServiceAccount>(scope, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(COLLECTOR_SERVICE), automountServiceAccountToken: false });
      const configMap = kube<IConfigMap>(scope, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(COLLECTOR_SERVICE), data: { 'config.yaml': rendered } });
      kube<IService>(scope, 'service', {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta(COLLECTOR_SERVICE),
        spec: {
          selector: { ...COLLECTOR_POD_LABELS },
          ports: [
            { name: 'otlp-grpc', port: OTLP_PORTS.grpc, targetPort: OTLP_PORTS.grpc, protocol: 'TCP', appProtocol: 'grpc' },
            { name: 'otlp-http', port: OTLP_PORTS.http, targetPort: OTLP_PORTS.http, protocol: 'TCP', appProtocol: 'http' },
          ],
        },
      });
      workload = kube<IDeployment>(scope, 'deployment', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(COLLECTOR_SERVICE),
        spec: {
          replicas: o.collector.replicas,
          revisionHistoryLimit: 3,
          selector: { matchLabels: { ...COLLECTOR_POD_LABELS } },
          template: {
            metadata: {
              labels: podLabels,
              // A configuration change rolls the collector (the reference's collector kept its old config).
              annotations: { [CONFIG_HASH_ANNOTATION]: createHash('sha256').update(rendered).digest('hex').slice(0, 16), ...scrape },
            },
            spec: {
              serviceAccountName: COLLECTOR_SERVICE,
              automountServiceAccountToken: false,
              securityContext: restrictedPodSecurityContext(target, { uid: 10001 }),
              containers: [
                {
                  name: 'otel-collector',
                  image,
                  args: ['--config=/etc/otelcol-contrib/config.yaml'],
                  ports: [
                    { name: 'otlp-grpc', containerPort: OTLP_PORTS.grpc, protocol: 'TCP' },
                    { name: 'otlp-http', containerPort: OTLP_PORTS.http, protocol: 'TCP' },
                    { name: 'metrics', containerPort: COLLECTOR_PORTS.prometheus, protocol: 'TCP' },
                    { name: 'telemetry', containerPort: COLLECTOR_PORTS.telemetry, protocol: 'TCP' },
                    { name: 'health', containerPort: COLLECTOR_PORTS.health, protocol: 'TCP' },
                  ],
                  env,
                  resources,
                  securityContext: restrictedContainerSecurityContext(true),
                  readinessProbe: { httpGet: { path: '/', port: 'health' }, periodSeconds: 10 },
                  livenessProbe: { httpGet: { path: '/', port: 'health' }, initialDelaySeconds: 10, periodSeconds: 20 },
                  volumeMounts: [{ name: 'config', mountPath: '/etc/otelcol-contrib', readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: COLLECTOR_SERVICE } }],
            },
          },
        },
      });
      workload.node.addDependency(configMap);
    }
    workload.node.addDependency(ns);

    // One metrics Service on every target (the operator's Services differ): LLM metrics and the
    // collector's own, selected by the pod labels both deliveries share.
    kube<IService>(scope, 'metrics-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...meta(METRICS_SERVICE), labels: { ...labels, [LABELS.name]: METRICS_SERVICE } },
      spec: {
        selector: { ...COLLECTOR_POD_LABELS },
        ports: [
          { name: 'metrics', port: COLLECTOR_PORTS.prometheus, targetPort: COLLECTOR_PORTS.prometheus, protocol: 'TCP' },
          { name: 'telemetry', port: COLLECTOR_PORTS.telemetry, targetPort: COLLECTOR_PORTS.telemetry, protocol: 'TCP' },
        ],
      },
    });
    // OTLP only from agent pods of team namespaces; metrics from the cluster's user-workload
    // Prometheus where the target has one, else from any namespace (wherever Prometheus runs).
    kube<INetworkPolicy>(scope, 'network-policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { ...meta(COLLECTOR_SERVICE), labels },
      spec: {
        podSelector: { matchLabels: { ...COLLECTOR_POD_LABELS } },
        policyTypes: ['Ingress'],
        ingress: [
          ...(spec.teams.length
            ? [
                {
                  from: spec.teams.map((t) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': t.name } }, podSelector: { matchLabels: { [LABELS.component]: 'agent' } } })),
                  ports: [OTLP_PORTS.grpc, OTLP_PORTS.http].map((port) => ({ protocol: 'TCP' as const, port })),
                },
              ]
            : []),
          {
            from: [{ namespaceSelector: target.monitoringNamespace ? { matchLabels: { 'kubernetes.io/metadata.name': target.monitoringNamespace } } : {} }],
            ports: [COLLECTOR_PORTS.prometheus, COLLECTOR_PORTS.telemetry].map((port) => ({ protocol: 'TCP' as const, port })),
          },
        ],
      },
    });
    if (o.prometheusOperator) {
      kube<ServiceMonitorCr>(scope, 'service-monitor', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: METRICS_SERVICE, namespace: OBSERVABILITY_NAMESPACE, labels: { ...labels, ...o.monitorLabels } },
        spec: {
          selector: { matchLabels: { [LABELS.name]: METRICS_SERVICE } },
          endpoints: [
            { port: 'metrics', interval: '30s', path: '/metrics' },
            { port: 'telemetry', interval: '30s', path: '/metrics' },
          ],
        },
      });
      kube<PrometheusRuleCr>(scope, 'alerts', {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'agentplane-telemetry', namespace: OBSERVABILITY_NAMESPACE, labels: { ...labels, ...o.monitorLabels } },
        spec: { groups: renderGroups(alertGroups(spec, METRICS_SERVICE, OBSERVABILITY_NAMESPACE)) },
      });
    }
    return { namespace: OBSERVABILITY_NAMESPACE, service: COLLECTOR_SERVICE, host: COLLECTOR_HOST, ports: OTLP_PORTS, podLabels: COLLECTOR_POD_LABELS, config };
  },
});
