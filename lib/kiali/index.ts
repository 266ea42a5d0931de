import type { UiRoute } from '../core/component';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { OlmSubscription } from '../core/olm';
import { restrictedContainerSecurityContext } from '../core/security';
import { HelmRelease, ManifestBundle } from '../core/upstream';
import { routeIngress } from '../ingress';
import { PINS } from '../pins';

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
    deployment: { resources: Resources };
    external_services: { prometheus: { url: string; auth: { type: 'bearer'; use_kiali_token: boolean }; thanos_proxy: { enabled: boolean } } };
  };
}

/**
 * Typed subset of the kiali-server chart's values (2.17.0 `values.yaml`) the platform sets; a
 * type alias, not an interface, so it is assignable to HelmRelease `values`.
 */
export type KialiServerValues = {
  auth: { strategy: 'anonymous' };
  deployment: {
    /** Binds the chart's read-only ClusterRole (`kiali-viewer`) instead of its read-write one. */
    view_only_mode: boolean;
    /** The chart's own Ingress/Route; the platform publishes the UI itself. */
    ingress: { enabled: boolean };
    image_pull_policy: 'IfNotPresent';
    resources: Resources;
    /** Replaces the chart's container security context whole. */
    security_context: Record<string, unknown>;
  };
  /** Empty: serve plain HTTP (the chart would expect an OpenShift serving certificate where it detects OpenShift). */
  identity: { cert_file: ''; private_key_file: '' };
  login_token: { signing_key: string };
  /** `logs-tab` disabled: the chart then leaves `pods/log` out of Kiali's ClusterRole. */
  kiali_feature_flags: { disabled_features: string[] };
  server: { web_root: string };
  external_services: {
    prometheus: { url: string };
    grafana: { enabled: boolean };
    tracing: { enabled: boolean };
  };
};

interface Resources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

const NAMESPACE = 'istio-system';
const RESOURCES: Resources = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } };
/**
 * Query URL of Istio's sample Prometheus: its `prometheus.yaml` fixes Service `prometheus`
 * (port 9090) to namespace istio-system, whatever namespace the mesh runs in.
 */
export const SAMPLE_PROMETHEUS_URL = `http://prometheus.${NAMESPACE}:9090`;

/**
 * Values of the pinned kiali-server chart. Settings the chart would otherwise derive from the
 * cluster it renders against (OpenShift detection changes the web root, serving certificate and
 * its own Route) are stated, so kind and MicroShift get the same Kiali.
 */
export function kialiServerValues(prometheusUrl: string): KialiServerValues {
  return {
    // As Istio's sample add-on: no sign-in. The UI is reachable only through the platform gateway
    // (kind) or the router's Route (MicroShift), and view-only mode below keeps anonymous users
    // from changing anything.
    auth: { strategy: 'anonymous' },
    deployment: {
      // Anonymous and read-write, the chart grants create/delete on security.istio.io: anyone
      // reaching the UI could delete the teams' AuthorizationPolicies.
      view_only_mode: true,
      ingress: { enabled: false },
      // The tag is the chart's appVersion (v2.17.0), never a moving one.
      image_pull_policy: 'IfNotPresent',
      resources: RESOURCES,
      // The chart's default context lacks a seccomp profile, which Pod Security restricted requires.
      security_context: { ...restrictedContainerSecurityContext(true), privileged: false },
    },
    identity: { cert_file: '', private_key_file: '' },
    // Anonymous access signs no sessions, so the key is unused; an empty one would make the chart
    // render a random key each time (a new ConfigMap, and a restart, on every Argo CD refresh).
    // Its length is deliberately invalid: Kiali refuses to start if the strategy ever needs a key.
    login_token: { signing_key: 'unused-with-anonymous-auth' },
    // Anonymous visitors must not read every namespace's pod logs (agents' included).
    kiali_feature_flags: { disabled_features: ['logs-tab'] },
    // The sample's web root; Kiali redirects `/` there.
    server: { web_root: '/kiali' },
    external_services: {
      prometheus: { url: prometheusUrl },
      // The platform installs no Grafana, and tracing is off as in the sample.
      grafana: { enabled: false },
      tracing: { enabled: false },
    },
  };
}

export const kiali = defineComponent({
  id: 'kiali',
  title: 'Kiali mesh console (and, when managed, the Prometheus it reads)',
  toggles: ['kiali'],
  dependsOn: ['istio'],
  pins: (t, spec) => (t.kialiDelivery === 'olm' ? ['kiali-ossm'] : spec.install.prometheus.mode === 'managed' ? ['kiali-server', 'istio'] : ['kiali-server']),
  delivery: (t, spec) =>
    t.kialiDelivery === 'olm'
      ? 'Kiali operator (kiali-ossm) via OLM; Kiali resource reading cluster monitoring (Thanos)'
      : `Helm chart ${PINS['kiali-server'].source} reading ${spec.install.prometheus.mode === 'managed' ? "Istio's sample prometheus.yaml at the istio pin's tag" : `the external Prometheus at ${spec.install.prometheus.url}`}`,
  namespaces: (spec) => [spec.install.istio.mode === 'external' ? spec.install.istio.namespace : NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('kiali');
    // Kiali lives beside istiod: ours, or an external mesh's.
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
          deployment: { resources: RESOURCES },
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
    const argo = { argoNamespace: spec.gitops.argoNamespace, argoProject: spec.gitops.project, labels };
    const managedPrometheus = spec.install.prometheus.mode === 'managed';
    if (managedPrometheus) {
      const tag = spec.versions.istio;
      new ManifestBundle(scope, 'prometheus', {
        name: 'kiali-prometheus',
        namespace: NAMESPACE,
        gitRepo: 'https://github.com/istio/istio.git',
        revision: tag,
        path: 'samples/addons',
        layout: 'files',
        files: ['prometheus.yaml'],
        rawBaseUrl: `https://raw.githubusercontent.com/istio/istio/${tag}`,
        ...argo,
      });
    }
    const pin = PINS['kiali-server'];
    // Installed beside istiod. Kiali 2.14+ has no `istio_namespace` setting: it finds istiod by its
    // `app=istiod` label in any namespace, so an external mesh elsewhere needs nothing more.
    new HelmRelease(scope, 'chart', {
      name: 'kiali',
      namespace,
      repo: pin.source.slice(0, pin.source.lastIndexOf('/')),
      chart: pin.source.slice(pin.source.lastIndexOf('/') + 1),
      version: spec.versions['kiali-server'],
      // The chart's defaults (deployment.instance_name kiali, server.port 20001) give Service
      // `kiali` on port 20001, which `ui` names.
      values: kialiServerValues(managedPrometheus ? SAMPLE_PROMETHEUS_URL : spec.install.prometheus.url!),
      providesApiGroups: [],
      ...argo,
    });
    if (target.routes) {
      // The router turns this Ingress into an edge-terminated Route (MicroShift).
      routeIngress(scope, ui, labels);
    }
    return { ui };
  },
});
