import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { UiRoute } from '../core/component';
import { defineComponent } from '../core/component';
import { GeneratedSecret } from '../core/generated-secret';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { Postgres } from '../core/postgres';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { routeIngress, uiIngressPeers } from '../ingress';
import { PINS } from '../pins';
import { COLLECTOR_POD_LABELS, OBSERVABILITY_NAMESPACE } from './endpoints';

/** What Phoenix offers: its UI. */
export interface PhoenixExports {
  readonly ui: UiRoute;
}

const NAME = 'phoenix';
const HTTP_PORT = 6006;
const GRPC_PORT = 4317;
const AUTH_SECRET = 'phoenix-auth';

/**
 * Where the collector sends spans when Phoenix is on: fixed names, so the collector (installed
 * first, owner of the shared namespace) needs nothing from this component.
 */
export const PHOENIX_INGEST = {
  /** gRPC OTLP endpoint (host:port). */
  endpoint: `${NAME}.${OBSERVABILITY_NAMESPACE}.svc.cluster.local:${GRPC_PORT}`,
  /** Secret and key of the bearer token the collector sends (`PHOENIX_ADMIN_SECRET`). */
  token: { secretName: AUTH_SECRET, key: 'adminSecret' },
} as const;
/** UID of the -nonroot image (distroless nonroot), where the target does not assign UIDs. */
const PHOENIX_UID = 65532;

export const phoenix = defineComponent({
  id: 'phoenix',
  title: 'Phoenix LLM trace viewer with PostgreSQL',
  toggles: ['observability.phoenix'],
  // After the collector, which owns the observability namespace.
  dependsOn: ['otel'],
  pins: () => ['phoenix', 'postgres', 'kubectl'],
  delivery: (t) => `StatefulSet with PostgreSQL in namespace ${OBSERVABILITY_NAMESPACE}; authentication on (generated secrets); UI on phoenix.<domain> via ${t.routes ? 'a Route (Ingress)' : 'the platform gateway'}`,
  namespaces: () => [OBSERVABILITY_NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const p = spec.observability.phoenix;
    const labels = commonLabels('phoenix');
    const selector = { [LABELS.name]: NAME };
    const podLabels = { ...labels, ...selector };
    const meta = (name: string) => ({ name, namespace: OBSERVABILITY_NAMESPACE, labels: podLabels });
    const generatorImage = `${PINS.kubectl.source}:${spec.versions.kubectl}`;
    const ui: UiRoute = { host: `phoenix.${spec.domain}`, namespace: OBSERVABILITY_NAMESPACE, service: NAME, port: HTTP_PORT };

    const db = new Postgres(scope, 'database', {
      name: 'phoenix-postgres',
      database: 'phoenix',
      generatedSecretName: 'phoenix-db',
      clients: selector,
      namespace: OBSERVABILITY_NAMESPACE,
      target,
      image: `${PINS.postgres.source}:${spec.versions.postgres}`,
      generatorImage,
      existingSecret: p.database.credentialsSecret,
      storage: p.database.storage,
      storageClassName: p.database.storageClassName,
      labels,
    });
    // Authentication on: the session-signing secret, the admin bearer the collector ingests with,
    // and the first admin's password — generated in the cluster, never the image's default.
    const auth = new GeneratedSecret(scope, 'auth', {
      namespace: OBSERVABILITY_NAMESPACE,
      secretName: AUTH_SECRET,
      fixedKeys: {},
      randomKeys: ['secret', 'adminSecret', 'adminPassword'],
      image: generatorImage,
      target,
      labels,
    });

    kube<IServiceAccount>(scope, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(NAME), automountServiceAccountToken: false });
    kube<IService>(scope, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(NAME),
      spec: {
        selector,
        ports: [
          { name: 'http', port: HTTP_PORT, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' },
          { name: 'otlp-grpc', port: GRPC_PORT, targetPort: 'otlp-grpc', protocol: 'TCP', appProtocol: 'grpc' },
        ],
      },
    });
    const fromSecret = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });
    const sts = kube<IStatefulSet>(scope, 'statefulset', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(NAME),
      spec: {
        serviceName: NAME,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: podLabels },
          spec: {
            serviceAccountName: NAME,
            automountServiceAccountToken: false,
            // A Service named phoenix would inject PHOENIX_PORT=tcp://..., which Phoenix refuses.
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(target, { uid: PHOENIX_UID }),
            containers: [
              {
                name: NAME,
                image: `${PINS.phoenix.source}:${spec.versions.phoenix}`,
                ports: [
                  { name: 'http', containerPort: HTTP_PORT, protocol: 'TCP' },
                  { name: 'otlp-grpc', containerPort: GRPC_PORT, protocol: 'TCP' },
                ],
                env: [
                  { name: 'PHOENIX_PORT', value: String(HTTP_PORT) },
                  { name: 'PHOENIX_GRPC_PORT', value: String(GRPC_PORT) },
                  { name: 'PHOENIX_WORKING_DIR', value: '/data' },
                  { name: 'PHOENIX_ROOT_URL', value: `https://${ui.host}` },
                  { name: 'PHOENIX_POSTGRES_HOST', value: db.host },
                  { name: 'PHOENIX_POSTGRES_PORT', value: String(db.port) },
                  { name: 'PHOENIX_POSTGRES_DB', value: db.database },
                  { name: 'PHOENIX_POSTGRES_USER', ...fromSecret(db.secretName, 'username') },
                  { name: 'PHOENIX_POSTGRES_PASSWORD', ...fromSecret(db.secretName, 'password') },
                  { name: 'PHOENIX_ENABLE_AUTH', value: 'true' },
                  { name: 'PHOENIX_USE_SECURE_COOKIES', value: 'true' },
                  { name: 'PHOENIX_SECRET', ...fromSecret(AUTH_SECRET, 'secret') },
                  { name: 'PHOENIX_ADMIN_SECRET', ...fromSecret(AUTH_SECRET, 'adminSecret') },
                  { name: 'PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD', ...fromSecret(AUTH_SECRET, 'adminPassword') },
                ],
                resources: {
                  requests: { cpu: p.resources.requests.cpu, memory: p.resources.requests.memory },
                  limits: { cpu: p.resources.limits.cpu, memory: p.resources.limits.memory },
                },
                securityContext: restrictedContainerSecurityContext(true),
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 5 },
                startupProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5, failureThreshold: 60 },
                volumeMounts: [
                  { name: 'data', mountPath: '/data' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            // Traces live in PostgreSQL; the working directory only holds exports and scratch files.
            volumes: [
              { name: 'data', emptyDir: { sizeLimit: '1Gi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
      },
    });
    sts.node.addDependency(db, auth);

    kube<INetworkPolicy>(scope, 'network-policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(NAME),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          // Spans come from the platform collector only (agents never bypass it).
          { from: [{ podSelector: { matchLabels: { ...COLLECTOR_POD_LABELS } } }], ports: [{ protocol: 'TCP', port: GRPC_PORT }] },
          // The UI (behind Phoenix's own login) from the router, or the platform gateway.
          {
            from: uiIngressPeers(target),
            ports: [{ protocol: 'TCP', port: HTTP_PORT }],
          },
        ],
      },
    });

    if (target.routes) {
      // The router turns this Ingress into an edge-terminated Route (MicroShift, OpenShift).
      routeIngress(scope, ui, meta(NAME).labels);
    }
    return { ui };
  },
});
