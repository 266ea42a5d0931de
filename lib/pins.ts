/**
 * Every upstream artifact the platform installs, pinned, with where the pin comes from.
 * This is the one table of versions: components read their pins from here (through the
 * resolved spec, which applies `versions` overrides) and `agentplane explain` prints it.
 */

/** How an upstream artifact is identified. */
export type PinKind = 'helm-chart' | 'image' | 'manifests' | 'olm-channel';

export interface Pin {
  /** Human title shown by `explain`. */
  readonly title: string;
  readonly kind: PinKind;
  /** Repository or registry the artifact comes from (chart repo, image repo, git repo, OLM package). */
  readonly source: string;
  /** The pinned version (chart version, image tag, git tag, OLM channel). */
  readonly version: string;
  /** Why this version: where the pin was read. */
  readonly origin: string;
}

export const PINS = {
  'agent-operator': {
    title: 'Agent operator + admission webhook (Helm chart)',
    kind: 'helm-chart',
    source: 'oci://ghcr.io/rossoctl/operator/operator-chart',
    version: '0.3.0-alpha.10',
    origin: 'reference platform installer (rossoctl, July 2026)',
  },
  authbridge: {
    title: 'AuthBridge sidecar images the operator injects (authbridge, authbridge-envoy, authbridge-lite, proxy-init under this repository)',
    kind: 'image',
    source: 'ghcr.io/rossoctl/cortex',
    version: 'v0.6.0-alpha.12',
    origin: 'reference platform chart values (defaults.images of the operator chart it pins)',
  },
  'cert-manager': {
    title: 'cert-manager (Helm chart; kind, MicroShift)',
    kind: 'helm-chart',
    source: 'https://charts.jetstack.io/cert-manager',
    version: 'v1.17.2',
    origin: 'reference platform installer',
  },
  'cert-manager-operator': {
    title: 'cert-manager Operator for Red Hat OpenShift (OLM)',
    kind: 'olm-channel',
    source: 'redhat-operators/openshift-cert-manager-operator',
    version: 'stable-v1',
    origin: 'reference platform installer (OpenShift)',
  },
  istio: {
    title: "Istio Ambient Helm charts: base, istiod, cni, ztunnel (kind, MicroShift); the sample Prometheus add-on of the same tag (Kiali's, when install.prometheus is managed)",
    kind: 'helm-chart',
    source: 'https://istio-release.storage.googleapis.com/charts',
    version: '1.28.0',
    origin: 'reference platform installer',
  },
  'sail-operator': {
    title: 'OpenShift Service Mesh 3 (Sail) operator (OpenShift, OLM); installs Istio of the istio pin',
    kind: 'olm-channel',
    source: 'redhat-operators/servicemeshoperator3',
    version: 'stable',
    origin: 'reference platform installer (OpenShift)',
  },
  'gateway-api': {
    title: 'Gateway API CRDs, standard channel (kind, MicroShift; OpenShift 4.19+ owns its own)',
    kind: 'manifests',
    source: 'https://github.com/kubernetes-sigs/gateway-api',
    version: 'v1.4.0',
    origin: 'reference platform installer',
  },
  'kiali-server': {
    title: 'Kiali server (Helm chart kiali-server; kind, MicroShift)',
    kind: 'helm-chart',
    source: 'https://kiali.org/helm-charts/kiali-server',
    version: '2.17.0',
    origin: "the chart Istio 1.28.0's sample add-on samples/addons/kiali.yaml was rendered from (its helm.sh/chart label); appVersion v2.17.0 pins the image quay.io/kiali/kiali:v2.17.0",
  },
  'kiali-ossm': {
    title: 'Kiali operator (OpenShift, OLM); Prometheus from cluster monitoring',
    kind: 'olm-channel',
    source: 'redhat-operators/kiali-ossm',
    version: 'stable',
    origin: 'reference platform installer (OpenShift)',
  },
  'spire-crds': {
    title: 'SPIRE CRDs (SPIFFE hardened Helm chart spire-crds; kind, MicroShift, OpenShift before 4.19)',
    kind: 'helm-chart',
    source: 'https://spiffe.github.io/helm-charts-hardened/spire-crds',
    version: '0.5.0',
    origin: 'reference platform installer',
  },
  spire: {
    title: 'SPIRE server, agent, SPIFFE CSI driver, OIDC discovery provider, controller manager (SPIFFE hardened Helm chart spire)',
    kind: 'helm-chart',
    source: 'https://spiffe.github.io/helm-charts-hardened/spire',
    version: '0.28.4',
    origin: 'reference installs 0.27.0; 0.28.4 is the first release with oidc-discovery-provider config.setKeyUse, which Keycloak\'s SPIFFE identity provider needs (same spire-crds 0.5.0)',
  },
  'ztwim-operator': {
    title: 'Zero Trust Workload Identity Manager operator (OpenShift 4.19+, OLM); SPIRE operands',
    kind: 'olm-channel',
    source: 'redhat-operators/openshift-zero-trust-workload-identity-manager',
    version: 'stable-v1',
    origin: 'reference platform installer (OpenShift 4.20+; use tech-preview-v0.2 on 4.19)',
  },
  keycloak: {
    title: 'Keycloak server image',
    kind: 'image',
    source: 'quay.io/keycloak/keycloak',
    version: '26.5.2',
    origin: 'reference platform installer (kind)',
  },
  'keycloak-operator': {
    title: 'Keycloak operator release manifests (kind, MicroShift)',
    kind: 'manifests',
    source: 'https://github.com/keycloak/keycloak-k8s-resources',
    version: '26.5.2',
    origin: 'same release as the Keycloak server image',
  },
  'rhbk-operator': {
    title: 'Red Hat build of Keycloak operator (OpenShift, OLM)',
    kind: 'olm-channel',
    source: 'redhat-operators/rhbk-operator',
    version: 'stable-v26.4',
    origin: 'reference platform installer (OpenShift)',
  },
  postgres: {
    title: 'PostgreSQL for Keycloak and Phoenix',
    kind: 'image',
    source: 'docker.io/library/postgres',
    version: '17.6',
    origin: 'reference runs PostgreSQL 17; newest 17.x patch at pin time',
  },
  'otel-collector': {
    title: 'OpenTelemetry collector, contrib distribution (all targets; on OpenShift run by the OpenTelemetry operator)',
    kind: 'image',
    source: 'docker.io/otel/opentelemetry-collector-contrib',
    version: '0.122.1',
    origin: 'reference platform installer; contrib has the signaltometrics connector the token and cost metrics need',
  },
  'opentelemetry-operator': {
    title: 'Red Hat build of OpenTelemetry operator (OpenShift, OLM); runs the pinned collector image',
    kind: 'olm-channel',
    source: 'redhat-operators/opentelemetry-product',
    version: 'stable',
    origin: 'Red Hat build of OpenTelemetry installation docs (OpenShift 4.11+)',
  },
  'opentelemetry-operator-chart': {
    title: 'OpenTelemetry operator, upstream Helm chart (kind, MicroShift; only when an agent sets telemetry.autoInstrument): injects auto-instrumentation',
    kind: 'helm-chart',
    source: 'https://open-telemetry.github.io/opentelemetry-helm-charts/opentelemetry-operator',
    version: '0.122.0',
    origin: 'open-telemetry/opentelemetry-helm-charts release tag opentelemetry-operator-0.122.0 (Aug 2026, appVersion: operator 0.158.0), the newest chart at pin time',
  },
  phoenix: {
    title: 'Arize Phoenix LLM trace viewer (non-root image variant)',
    kind: 'image',
    source: 'docker.io/arizephoenix/phoenix',
    version: 'version-8.32.1-nonroot',
    origin: 'reference runs version-8.32.1; the -nonroot variant of the same release runs as uid 65532 (Pod Security restricted)',
  },
  'tekton-pipelines': {
    title: 'Tekton Pipelines release manifests (kind, MicroShift); runs Shipwright builds',
    kind: 'manifests',
    source: 'https://storage.googleapis.com/tekton-releases/pipeline/previous',
    version: 'v0.66.0',
    origin: 'reference platform installer',
  },
  'openshift-pipelines-operator': {
    title: 'Red Hat OpenShift Pipelines operator (OpenShift, OLM); Tekton',
    kind: 'olm-channel',
    source: 'redhat-operators/openshift-pipelines-operator-rh',
    version: 'pipelines-1.17',
    origin: 'reference platform installer (OpenShift) installs OpenShift Pipelines; 1.17 ships the Tekton line closest to the v0.66.0 pin',
  },
  'shipwright-build': {
    title: 'Shipwright Build release manifests (kind, MicroShift)',
    kind: 'manifests',
    source: 'https://github.com/shipwright-io/build/releases/download',
    version: 'v0.14.0',
    origin: 'reference platform installer',
  },
  'openshift-builds-operator': {
    title: 'Builds for Red Hat OpenShift operator (OpenShift, OLM); Shipwright',
    kind: 'olm-channel',
    source: 'redhat-operators/openshift-builds-operator',
    version: 'builds-1.3',
    origin: 'reference platform installer (OpenShift) installs OpenShift Builds; 1.3 ships Shipwright v0.14',
  },
  buildah: {
    title: 'Buildah image run by the platform ClusterBuildStrategies',
    kind: 'image',
    source: 'quay.io/containers/buildah',
    version: 'v1.37.5',
    origin: "Shipwright v0.14.0 sample buildah strategies' image",
  },
  registry: {
    title: 'In-cluster container registry (CNCF Distribution)',
    kind: 'image',
    source: 'docker.io/library/registry',
    version: '3.0.0',
    origin: 'reference platform installer (cr-system)',
  },
  'mcp-gateway': {
    title: 'Kuadrant MCP gateway (Helm chart: controller, CRDs; the controller runs the broker/router)',
    kind: 'helm-chart',
    source: 'oci://ghcr.io/kuadrant/charts/mcp-gateway',
    version: '0.6.0',
    origin: 'reference platform installer',
  },
  'ui-backend': {
    title: 'Agent platform UI backend (API on :8000)',
    kind: 'image',
    source: 'ghcr.io/rossoctl/rossoctl/backend',
    version: 'v0.7.0-alpha.6',
    origin: 'platform chart charts/rossoctl 0.7.0-alpha.6 (the UI is not in the operator chart)',
  },
  'ui-frontend': {
    title: 'Agent platform UI frontend (nginx on :8080, proxies /api to the backend)',
    kind: 'image',
    source: 'ghcr.io/rossoctl/rossoctl/ui-v2',
    version: 'v0.7.0-alpha.6',
    origin: 'platform chart charts/rossoctl 0.7.0-alpha.6',
  },
  kubectl: {
    title: 'kubectl image for in-cluster credential generation Jobs',
    kind: 'image',
    source: 'docker.io/alpine/k8s',
    version: '1.30.0',
    origin: 'matches the Kubernetes 1.30 API the platform targets; has a shell for the generator script',
  },
} as const satisfies Record<string, Pin>;

/** Identifier of a pin: the keys of {@link PINS}; also the keys of the spec's `versions` overrides. */
export type PinId = keyof typeof PINS;

export const PIN_IDS = Object.keys(PINS) as PinId[];
