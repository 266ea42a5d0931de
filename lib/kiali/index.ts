import type { UiRoute } from '../core/component';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { OlmSubscription } from '../core/olm';
import { ManifestBundle } from '../core/upstream';
import { routeIngress } from '../ingress';

/** What Kiali offers: its UI route. */
export interface KialiExports {
  readonly ui: UiRoute;
}

/** Typed subset of `kiali.io/v1alpha1` Kiali (OpenShift, Kiali operator). */
export interface KialiCr {
  apiVersion: 'kiali.io/v1alpha1';
  kind: 'Kiali';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    /** Where istiod runs, when not istio-system. */
    istio_namespace?: string;
    auth: { strategy: 'openshift' | 'token' | 'anonymous' };
    deployment: { resources: { requests: Record<string, string>; limits: Record<string, string> } };
    external_services: { prometheus: { url: string; auth: { type: 'bearer'; use_kiali_token: boolean }; thanos_proxy: { enabled: boolean } } };
  };
}

const NAMESPACE = 'istio-system';

export const kiali = defineComponent({
  id: 'kiali',
  title: 'Kiali mesh console and the Prometheus it reads',
  toggles: ['kiali'],
  dependsOn: ['istio'],
  pins: (t) => (t.kialiDelivery === 'olm' ? ['kiali-ossm'] : ['istio']),
  delivery: (t) =>
    t.kialiDelivery === 'olm'
      ? 'Kiali operator (kiali-ossm) via OLM; Kiali resource reading cluster monitoring (Thanos)'
      : "Istio's sample add-ons kiali.yaml and prometheus.yaml at the istio pin's tag",
  namespaces: (spec) => [spec.install.istio.mode === 'external' ? spec.install.istio.namespace : NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('kiali');
    // Kiali lives beside istiod: ours, or an external mesh's (OLM delivery; the sample add-ons
    // are fixed to istio-system, which resolveInstall enforces).
    const namespace = ctx.use('istio').systemNamespace;
    const ui: UiRoute = { host: `kiali.${spec.domain}`, namespace, service: 'kiali', port: 20001 };
    if (target.kialiDelivery === 'olm') {
      const operator = new OlmSubscription(scope, 'operator', {
        packageName: 'kiali-ossm',
        channel: spec.versions['kiali-ossm'],
        namespace: 'openshift-operators',
        createOperatorGroup: false,
        providesApiGroups: ['kiali.io'],
        labels,
      });
      kube<KialiCr>(scope, 'instance', {
        apiVersion: 'kiali.io/v1alpha1',
        kind: 'Kiali',
        metadata: { name: 'kiali', namespace, labels },
        spec: {
          ...(namespace === NAMESPACE ? {} : { istio_namespace: namespace }),
          // The operator publishes its own Route and signs users in with OpenShift OAuth.
          auth: { strategy: 'openshift' },
          deployment: { resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } } },
          external_services: {
            prometheus: {
              url: spec.install.prometheus.url!,
              auth: { type: 'bearer', use_kiali_token: true },
              thanos_proxy: { enabled: true },
            },
          },
        },
      }).node.addDependency(operator);
      return { ui };
    }
    const tag = spec.versions.istio;
    new ManifestBundle(scope, 'addons', {
      name: 'kiali',
      namespace: NAMESPACE,
      gitRepo: 'https://github.com/istio/istio.git',
      revision: tag,
      path: 'samples/addons',
      layout: 'files',
      files: ['prometheus.yaml', 'kiali.yaml'],
      rawBaseUrl: `https://raw.githubusercontent.com/istio/istio/${tag}`,
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
    });
    if (target.routes) {
      // The router turns this Ingress into an edge-terminated Route (MicroShift).
      routeIngress(scope, ui, labels);
    }
    return { ui };
  },
});
