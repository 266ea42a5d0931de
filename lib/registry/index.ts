import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { defineComponent } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { PINS } from '../pins';
import { REGISTRY_HOST, REGISTRY_NAMESPACE, REGISTRY_PORT, REGISTRY_SERVICE } from './endpoints';

/** What the registry offers: the address builds push to and nodes pull from. */
export interface RegistryExports {
  readonly host: string;
  readonly namespace: string;
}

const DATA_DIR = '/var/lib/registry';

/**
 * The in-cluster registry builds push agent images to (features.containerRegistry): CNCF
 * Distribution, plain HTTP on :5000, data on a persistent volume, non-root with a read-only root.
 * Development clusters only: it has no authentication, so anything that reaches :5000 may push.
 */
export const registry = defineComponent({
  id: 'registry',
  title: 'In-cluster container registry for source builds',
  toggles: ['containerRegistry'],
  dependsOn: [],
  pins: () => ['registry'],
  delivery: () => `Deployment of CNCF Distribution in ${REGISTRY_NAMESPACE}, Service ${REGISTRY_HOST}`,
  namespaces: () => [REGISTRY_NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('registry');
    const selector = { [LABELS.name]: 'registry' };
    const r = spec.builds.registry;
    const meta = (name: string) => ({ name, namespace: REGISTRY_NAMESPACE, labels: { ...labels, ...selector } });
    restrictedNamespace(scope, 'namespace', { name: REGISTRY_NAMESPACE, target, labels });
    kube<IServiceAccount>(scope, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(REGISTRY_SERVICE), automountServiceAccountToken: false });
    kube<IPersistentVolumeClaim>(scope, 'data', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('registry-data'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: r.storage } }, ...(r.storageClassName ? { storageClassName: r.storageClassName } : {}) },
    });
    kube<IDeployment>(scope, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(REGISTRY_SERVICE),
      spec: {
        replicas: 1,
        // One writer on a ReadWriteOnce volume: the old pod stops before the new one mounts it.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...labels, ...selector } },
          spec: {
            serviceAccountName: REGISTRY_SERVICE,
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(target),
            containers: [
              {
                name: 'registry',
                image: `${PINS.registry.source}:${spec.versions.registry}`,
                ports: [{ name: 'http', containerPort: REGISTRY_PORT, protocol: 'TCP' }],
                env: [
                  { name: 'REGISTRY_HTTP_ADDR', value: `:${REGISTRY_PORT}` },
                  { name: 'REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY', value: DATA_DIR },
                  { name: 'REGISTRY_STORAGE_DELETE_ENABLED', value: 'true' },
                  // Distribution 3 exports traces over OTLP by default; nothing listens for them here.
                  { name: 'OTEL_TRACES_EXPORTER', value: 'none' },
                ],
                readinessProbe: { httpGet: { path: '/v2/', port: 'http' }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/v2/', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 20 },
                resources: { requests: { ...r.resources.requests }, limits: { ...r.resources.limits } },
                securityContext: restrictedContainerSecurityContext(),
                volumeMounts: [{ name: 'data', mountPath: DATA_DIR }],
              },
            ],
            volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'registry-data' } }],
          },
        },
      },
    });
    kube<IService>(scope, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(REGISTRY_SERVICE),
      spec: { selector, ports: [{ name: 'http', port: REGISTRY_PORT, targetPort: 'http', protocol: 'TCP' }] },
    });
    kube<INetworkPolicy>(scope, 'network-policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(REGISTRY_SERVICE),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          // Pushes come from build namespaces; pulls come from kubelets on every node, whose
          // addresses no selector can name, so :5000 is also open by address (and nothing else is).
          {
            from: [{ namespaceSelector: { matchLabels: { [LABELS.buildNamespace]: 'true' } } }, { ipBlock: { cidr: '0.0.0.0/0' } }],
            ports: [{ protocol: 'TCP', port: REGISTRY_PORT }],
          },
        ],
        // The registry calls nothing.
        egress: [],
      },
    });
    return { host: REGISTRY_HOST, namespace: REGISTRY_NAMESPACE };
  },
});
