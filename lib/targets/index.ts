/**
 * Targets are data (DESIGN §3): what a cluster kind offers and how each component is delivered
 * there. Components ask the target; they never test the target's name.
 */

export type TargetId = 'kind' | 'microshift' | 'openshift';
export const TARGET_IDS: readonly TargetId[] = ['kind', 'microshift', 'openshift'];

/** How an operator-managed component is installed on a target. */
export type OperatorDelivery = 'olm' | 'manifests';

export interface ClusterDns {
  /** Namespace of the cluster DNS pods. */
  readonly namespace: string;
  /** Labels selecting the DNS pods. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Ports the DNS pods listen on (NetworkPolicy sees the pod port, after Service translation). */
  readonly ports: readonly number[];
}

export interface TargetProfile {
  readonly id: TargetId;
  readonly title: string;
  /** Operator Lifecycle Manager is present (OpenShift). MicroShift ships without it by default. */
  readonly olm: boolean;
  /** The cluster router serves `route.openshift.io` Routes and turns Ingresses into Routes. */
  readonly routes: boolean;
  /**
   * SecurityContextConstraints assign each namespace a UID range: pods must not request a fixed
   * UID/GID (restricted-v2 rejects them). Elsewhere we pin a non-root UID so `runAsNonRoot` can be
   * verified for images whose default user is root.
   */
  readonly assignsUids: boolean;
  /**
   * Namespace labels selecting the cluster router (routes targets), for NetworkPolicies admitting
   * UI traffic; the policy-group label also covers host-network routers.
   */
  readonly routerNamespaces: readonly Readonly<Record<string, string>>[];
  /** Cluster DNS, for the egress allowance in default-deny namespaces. */
  readonly dns: ClusterDns;
  /** API groups the cluster itself serves (no component of ours installs their CRDs). */
  readonly clusterApiGroups: readonly string[];
  /** Delivery of the Keycloak operator. */
  readonly keycloakOperator: OperatorDelivery;
  /** Whether the Keycloak image is pinned in the Keycloak CR (the RHBK operator brings its own). */
  readonly pinKeycloakImage: boolean;
  /** How Istio Ambient is installed: upstream Helm charts, or the Sail (OSSM 3) operator via OLM. */
  readonly meshDelivery: 'helm' | 'olm';
  /** Istio `global.platform` for the CNI paths of the cluster (upstream charts). */
  readonly istioPlatform?: 'openshift';
  /** The cluster owns the Gateway API CRDs (OpenShift 4.19+): never install them. */
  readonly gatewayApiProvided: boolean;
  /** How Kiali is installed: the upstream kiali-server Helm chart, or the Kiali operator via OLM. */
  readonly kialiDelivery: 'helm' | 'olm';
  /** Namespace of the Prometheus that scrapes user workloads, when the cluster has a fixed one. */
  readonly monitoringNamespace?: string;
  /** The cluster's own image registry, as pods and builds address it (OpenShift); source builds push there by default. */
  readonly internalRegistry?: string;
  /** How the OpenTelemetry collector is run: our own Deployment, or the OpenTelemetry operator via OLM. */
  readonly collectorDelivery: 'deployment' | 'olm';
  /** Namespace Argo CD runs in (OpenShift GitOps uses `openshift-gitops`). */
  readonly argoNamespace: string;
  /** Notes printed by `explain` for this target. */
  readonly notes: readonly string[];
}

const BUILTIN_GROUPS = [
  '', 'apps', 'batch', 'policy', 'rbac.authorization.k8s.io', 'networking.k8s.io',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io',
  'coordination.k8s.io', 'autoscaling', 'discovery.k8s.io',
];

const OPENSHIFT_DNS: ClusterDns = {
  namespace: 'openshift-dns',
  podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
  ports: [5353],
};

export const TARGETS: Readonly<Record<TargetId, TargetProfile>> = {
  kind: {
    id: 'kind',
    title: 'kind (vanilla Kubernetes, upstream charts and release manifests)',
    olm: false,
    routes: false,
    assignsUids: false,
    routerNamespaces: [],
    dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, ports: [53] },
    clusterApiGroups: BUILTIN_GROUPS,
    keycloakOperator: 'manifests',
    pinKeycloakImage: true,
    meshDelivery: 'helm',
    gatewayApiProvided: false,
    kialiDelivery: 'helm',
    collectorDelivery: 'deployment',
    argoNamespace: 'argocd',
    notes: ['Argo CD is expected in namespace argocd; Pulumi talks to the kind context named in stack config.'],
  },
  microshift: {
    id: 'microshift',
    title: 'MicroShift (no OLM by default: release manifests and Helm; Routes and SCCs present)',
    olm: false,
    routes: true,
    assignsUids: true,
    routerNamespaces: [{ 'kubernetes.io/metadata.name': 'openshift-ingress' }, { 'policy-group.network.openshift.io/ingress': '' }],
    dns: OPENSHIFT_DNS,
    clusterApiGroups: [...BUILTIN_GROUPS, 'route.openshift.io', 'security.openshift.io'],
    keycloakOperator: 'manifests',
    pinKeycloakImage: true,
    meshDelivery: 'helm',
    istioPlatform: 'openshift',
    gatewayApiProvided: false,
    kialiDelivery: 'helm',
    collectorDelivery: 'deployment',
    argoNamespace: 'argocd',
    notes: ['MicroShift enforces SCCs: no fixed UIDs are set on pods.'],
  },
  openshift: {
    id: 'openshift',
    title: 'OpenShift 4.x (OLM operators, Routes, SCCs)',
    olm: true,
    routes: true,
    assignsUids: true,
    routerNamespaces: [{ 'kubernetes.io/metadata.name': 'openshift-ingress' }, { 'policy-group.network.openshift.io/ingress': '' }],
    dns: OPENSHIFT_DNS,
    clusterApiGroups: [...BUILTIN_GROUPS, 'route.openshift.io', 'security.openshift.io', 'operators.coreos.com', 'config.openshift.io', 'gateway.networking.k8s.io', 'monitoring.coreos.com'],
    keycloakOperator: 'olm',
    pinKeycloakImage: false,
    meshDelivery: 'olm',
    gatewayApiProvided: true,
    kialiDelivery: 'olm',
    monitoringNamespace: 'openshift-user-workload-monitoring',
    internalRegistry: 'image-registry.openshift-image-registry.svc:5000',
    collectorDelivery: 'olm',
    argoNamespace: 'openshift-gitops',
    notes: [
      'Set `domain` to the cluster apps domain (apps.<baseDomain>) so hostnames and the trust domain match the router.',
      'Argo CD is expected as OpenShift GitOps in namespace openshift-gitops.',
      'observability.prometheusOperator: true needs user workload monitoring (enableUserWorkload: true in openshift-monitoring/cluster-monitoring-config).',
    ],
  },
};
