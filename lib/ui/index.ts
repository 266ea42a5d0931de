import type { Construct } from 'constructs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { UiRoute } from '../core/component';
import { defineComponent } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { routeIngress, uiIngressPeers } from '../ingress';
import { PINS } from '../pins';
import type { TargetProfile } from '../targets';
import type { IstioExports } from '../istio';

/** What the UI offers: its route. */
export interface UiExports {
  readonly ui: UiRoute;
}

/** The frontend's nginx proxies `/api/` to `<brand>-backend` in its own namespace (fixed upstream). */
const backendName = (brand: string) => `${brand}-backend`;
const frontendName = (brand: string) => `${brand}-ui`;
const BACKEND_PORT = 8000;
const FRONTEND_PORT = 8080;

interface WorkloadProps {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly port: number;
  readonly env: { name: string; value: string }[];
  readonly writable: readonly string[];
  readonly resources: { requests: Record<string, string>; limits: Record<string, string> };
  readonly serviceAccount: string;
  readonly readinessPath: string;
  readonly labels: Record<string, string>;
  readonly target: TargetProfile;
}

function workload(scope: Construct, p: WorkloadProps): void {
  const selector = { [LABELS.name]: p.name };
  const metadata = { name: p.name, namespace: p.namespace, labels: { ...p.labels, ...selector } };
  kube<IDeployment>(scope, `${p.name}-deployment`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: { ...p.labels, ...selector } },
        spec: {
          serviceAccountName: p.serviceAccount,
          automountServiceAccountToken: p.serviceAccount !== 'default',
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(p.target, { uid: 1001 }),
          containers: [
            {
              name: p.name,
              image: p.image,
              ports: [{ name: 'http', containerPort: p.port, protocol: 'TCP' }],
              env: p.env,
              readinessProbe: { httpGet: { path: p.readinessPath, port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/health', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 30 },
              resources: p.resources,
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: p.writable.map((path, i) => ({ name: `writable-${i}`, mountPath: path })),
            },
          ],
          volumes: p.writable.map((_, i) => ({ name: `writable-${i}`, emptyDir: { sizeLimit: '64Mi' } })),
        },
      },
    },
  });
  kube<IService>(scope, `${p.name}-service`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: { selector, ports: [{ name: 'http', port: p.port, targetPort: 'http', protocol: 'TCP' }] },
  });
}

/**
 * The agent platform UI (features.ui): the upstream backend and frontend, signed in through the
 * platform realm's public PKCE client (`<brand>-ui`, from the identity model) — no client secret,
 * no bootstrap Job with Keycloak admin credentials. Read-only RBAC: the backend lists agents,
 * cards, builds and workloads; it cannot read Secrets or change anything.
 */
export const ui = defineComponent({
  id: 'ui',
  title: 'Agent platform UI (backend + frontend) with the platform realm PKCE client',
  toggles: ['ui'],
  dependsOn: ['keycloak', 'agent-operator'],
  optionalDependsOn: ['shipwright', 'istio'],
  pins: () => ['ui-backend', 'ui-frontend'],
  delivery: () => 'Deployments of the pinned UI images in the platform namespace, published at ui.<domain>',
  namespaces: () => [],
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const BACKEND = backendName(names.brand);
    const FRONTEND = frontendName(names.brand);
    const identity = ctx.use('keycloak');
    const namespace = ctx.use('agent-operator').namespace;
    const labels = commonLabels('ui');
    const host = `ui.${spec.domain}`;
    const realmPath = `/realms/${identity.realm}/protocol/openid-connect`;
    kube<IServiceAccount>(scope, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: BACKEND, namespace, labels } });
    // Read-only: the platform's desired state lives in Git/Pulumi (objects the UI created would be
    // pruned), and write access to Builds could point another team's push or clone Secret at an
    // attacker's registry.
    const read = ['get', 'list', 'watch'];
    const rules: NonNullable<IClusterRole['rules']> = [
      { apiGroups: [''], resources: ['namespaces', 'pods', 'services'], verbs: read },
      { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: read },
      { apiGroups: [names.apiGroup], resources: ['agentruntimes', 'agentcards'], verbs: read },
      ...(spec.features.shipwright.on ? [{ apiGroups: ['shipwright.io'], resources: ['builds', 'buildruns', 'clusterbuildstrategies'], verbs: read }] : []),
    ];
    kube<IClusterRole>(scope, 'cluster-role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: `agentplane-ui`, labels }, rules });
    kube<IClusterRoleBinding>(scope, 'cluster-role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'agentplane-ui', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agentplane-ui' },
      subjects: [{ kind: 'ServiceAccount', name: BACKEND, namespace }],
    });
    workload(scope, {
      name: BACKEND,
      namespace,
      image: `${PINS['ui-backend'].source}:${spec.versions['ui-backend']}`,
      port: BACKEND_PORT,
      serviceAccount: BACKEND,
      readinessPath: '/ready',
      env: [
        { name: 'ENABLE_AUTH', value: 'true' },
        { name: 'KEYCLOAK_URL', value: identity.internalUrl },
        { name: 'KEYCLOAK_PUBLIC_URL', value: identity.publicUrl },
        { name: 'AUTH_ENDPOINT', value: `${identity.publicUrl}${realmPath}/auth` },
        { name: 'TOKEN_ENDPOINT', value: `${identity.internalUrl}${realmPath}/token` },
        { name: 'CLIENT_ID', value: `${names.brand}-ui` },
        { name: 'REDIRECT_URI', value: `https://${host}/` },
        { name: 'SCOPE', value: 'openid profile email' },
        { name: 'DOMAIN_NAME', value: spec.domain },
        ...(spec.features.shipwright.on ? [{ name: 'SHIPWRIGHT_DEFAULT_STRATEGY', value: ctx.useOptional('shipwright')?.strategy ?? '' }] : []),
      ],
      writable: ['/tmp'],
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      labels,
      target,
    });
    workload(scope, {
      name: FRONTEND,
      namespace,
      image: `${PINS['ui-frontend'].source}:${spec.versions['ui-frontend']}`,
      port: FRONTEND_PORT,
      serviceAccount: 'default',
      readinessPath: '/health',
      env: [],
      writable: ['/var/cache/nginx', '/var/run', '/tmp'],
      resources: { requests: { cpu: '25m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
      labels,
      target,
    });
    // The platform namespace is in the ambient mesh when Istio is on: the same peers arrive over
    // HBONE, and kubelet probes from istio-cni's link-local address.
    const policy = (name: string, podName: string, from: NonNullable<NonNullable<INetworkPolicy['spec']>['ingress']>[number]['from'], port: number, mesh?: IstioExports) =>
      kube<INetworkPolicy>(scope, name, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace, labels },
        spec: {
          podSelector: { matchLabels: { [LABELS.name]: podName } },
          policyTypes: ['Ingress'],
          ingress: [
            { from, ports: [{ protocol: 'TCP' as const, port }] },
            ...(mesh ? [{ from, ports: [{ protocol: 'TCP' as const, port: mesh.hbonePort }] }, { from: [{ ipBlock: { cidr: `${mesh.probeSourceAddress}/32` } }] }] : []),
          ],
        },
      });
    const mesh = ctx.useOptional('istio');
    policy('ui-backend-from-frontend', BACKEND, [{ podSelector: { matchLabels: { [LABELS.name]: FRONTEND } } }], BACKEND_PORT, mesh);
    policy('ui-frontend-from-ingress', FRONTEND, uiIngressPeers(target), FRONTEND_PORT, mesh);
    const route: UiRoute = { host, namespace, service: FRONTEND, port: FRONTEND_PORT };
    if (target.routes) {
      routeIngress(scope, route, labels, { 'haproxy.router.openshift.io/timeout': '300s' });
    }
    return { ui: route };
  },
});
