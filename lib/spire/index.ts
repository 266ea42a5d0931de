import { webhookCaFields } from '../core/drift';
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import type { UiRoute } from '../core/component';
import { defineComponent, type BuildContext } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { OlmSubscription } from '../core/olm';
import { HelmRelease } from '../core/upstream';
import { PINS } from '../pins';
import { workloadRef, type WorkloadRef } from '../spec/realms';
import type { ResolvedSpec } from '../spec/resolve';
import type {
  ClusterSpiffeIdCr,
  SpiffeCsiDriverCr,
  SpireAgentCr,
  SpireOidcDiscoveryProviderCr,
  SpireServerCr,
  ZeroTrustWorkloadIdentityManagerCr,
} from './model';
import { MEDIUM, SMALL, spireValues } from './values';

/** What SPIRE offers: where workloads get SVIDs and where verifiers get the keys. */
export interface SpireExports {
  readonly trustDomain: string;
  /** CSI driver serving the Workload API socket into pods. */
  readonly csiDriver: string;
  /** Mount path of the CSI volume in workload containers. */
  readonly workloadApiDir: string;
  /** `SPIFFE_ENDPOINT_SOCKET` value for workloads. */
  readonly endpointSocket: string;
  /** JWKS (keys with `use: sig`) Keycloak verifies JWT-SVIDs against, reachable in the cluster. */
  readonly bundleEndpoint: string;
  /** Issuer of JWT-SVIDs and public host of the OIDC discovery document; unknown for an external SPIRE. */
  readonly jwtIssuer?: string;
  /** The OIDC discovery provider for the platform gateway (Helm delivery; OpenShift gets a managed Route). */
  readonly ui?: UiRoute;
}

const CSI_DRIVER = 'csi.spiffe.io';
const WORKLOAD_API_DIR = '/spiffe-workload-api';
/** `SPIFFE_ENDPOINT_SOCKET` of workloads (same path with either delivery). */
export const SPIRE_ENDPOINT_SOCKET = `unix://${WORKLOAD_API_DIR}/spire-agent.sock`;
const OIDC_SERVICE = 'spire-spiffe-oidc-discovery-provider';
const API_GROUP = 'spire.spiffe.io';

/** Helm delivery: server side restricted, node side privileged (see POD_SECURITY_EXCEPTIONS). */
export const SPIRE_SERVER_NAMESPACE = 'spire-server';
export const SPIRE_SYSTEM_NAMESPACE = 'spire-system';
/** OLM delivery: the operator and every operand live in one namespace. */
export const ZTWIM_NAMESPACE = 'zero-trust-workload-identity-manager';
/** Controller-manager class of our Helm release; the ZTWIM operator's is fixed. */
const HELM_CLASS = 'agentplane';
const ZTWIM_CLASS = 'zero-trust-workload-identity-manager-spire';
/**
 * Namespaces never registered, whatever a ClusterSPIFFEID selects. SPIRE's own namespaces are
 * not listed: the OIDC discovery provider in `spire-server` needs its identity to serve keys.
 */
export const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage', 'openshift-.*'];

/** ZTWIM 0.2 (OpenShift 4.19, tech preview) keeps trust domain and cluster name on each operand. */
function ztwimGeneration(channel: string): 'v0.2' | 'v1' {
  return /^tech-preview-v0\./.test(channel) ? 'v0.2' : 'v1';
}

/** The SPIFFE ID template every ClusterSPIFFEID of the platform uses. */
export const SPIFFE_ID_TEMPLATE = 'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

export const spire = defineComponent({
  id: 'spire',
  title: 'SPIRE workload identity (server, agent, SPIFFE CSI driver, OIDC discovery provider, ClusterSPIFFEIDs)',
  toggles: ['spire'],
  // External: an existing SPIRE whose controller manager serves ClusterSPIFFEIDs; the platform
  // still declares which workloads get identities, so build() reads the mode.
  install: 'spire',
  dependsOn: [],
  pins: (_t, spec) => (spec.install.spire.mode === 'external' ? [] : spec.spire.delivery === 'olm' ? ['ztwim-operator'] : ['spire-crds', 'spire']),
  delivery: (_t, spec) =>
    spec.install.spire.mode === 'external'
      ? `ClusterSPIFFEIDs for the existing SPIRE (install.spire: external, class ${spec.install.spire.className ?? HELM_CLASS})`
      : spec.spire.delivery === 'olm'
      ? 'Zero Trust Workload Identity Manager via OLM; ZeroTrustWorkloadIdentityManager, SpireServer, SpireAgent, SpiffeCSIDriver, SpireOIDCDiscoveryProvider resources'
      : `SPIFFE hardened Helm charts spire-crds and spire from ${PINS.spire.source.slice(0, PINS.spire.source.lastIndexOf('/'))}`,
  namespaces: (spec) =>
    spec.install.spire.mode === 'external' ? [] : spec.spire.delivery === 'olm' ? [ZTWIM_NAMESPACE] : [SPIRE_SERVER_NAMESPACE, SPIRE_SYSTEM_NAMESPACE],
  build(scope, ctx) {
    const { spec } = ctx;
    const labels = commonLabels('spire');
    const ext = spec.install.spire;
    if (ext.mode === 'external') {
      for (const id of clusterSpiffeIds(spec, ext.className ?? HELM_CLASS, labels)) kube<ClusterSpiffeIdCr>(scope, `id-${id.metadata.name}`, id);
      return {
        trustDomain: spec.spire.trustDomain,
        csiDriver: CSI_DRIVER,
        workloadApiDir: WORKLOAD_API_DIR,
        endpointSocket: SPIRE_ENDPOINT_SOCKET,
        bundleEndpoint: ext.bundleEndpoint ?? `http://${OIDC_SERVICE}.${SPIRE_SERVER_NAMESPACE}.svc.cluster.local/keys`,
      };
    }
    const jwtIssuer = `https://oidc-discovery.${spec.domain}`;
    const olm = spec.spire.delivery === 'olm';
    const control = olm ? ztwim(scope, ctx, labels, jwtIssuer) : charts(scope, ctx, labels, jwtIssuer);
    const className = olm ? ZTWIM_CLASS : HELM_CLASS;
    for (const id of clusterSpiffeIds(spec, className, labels)) kube<ClusterSpiffeIdCr>(scope, `id-${id.metadata.name}`, id).node.addDependency(control);
    const oidcNamespace = olm ? ZTWIM_NAMESPACE : SPIRE_SERVER_NAMESPACE;
    return {
      trustDomain: spec.spire.trustDomain,
      csiDriver: CSI_DRIVER,
      workloadApiDir: WORKLOAD_API_DIR,
      endpointSocket: SPIRE_ENDPOINT_SOCKET,
      // ZTWIM serves HTTPS with a service-CA certificate (Keycloak trusts the service CA on
      // OpenShift); the chart serves plain HTTP inside the cluster. Both accept this host name.
      bundleEndpoint: olm
        ? `https://${OIDC_SERVICE}.${oidcNamespace}.svc.cluster.local/keys`
        : `http://${OIDC_SERVICE}.${oidcNamespace}.svc.cluster.local/keys`,
      jwtIssuer,
      ...(olm ? {} : { ui: { host: `oidc-discovery.${spec.domain}`, namespace: oidcNamespace, service: OIDC_SERVICE, port: 80 } }),
    };
  },
});

/**
 * Which workloads get SPIFFE IDs: per team, the agent pods (selected by the component label
 * the platform puts on agents, so nothing else in a team namespace gets an identity by
 * accident); per realm client with a `workload`, exactly that service account.
 */
export function clusterSpiffeIds(spec: ResolvedSpec, className: string, labels: Record<string, string>): ClusterSpiffeIdCr[] {
  const common = { className, spiffeIDTemplate: SPIFFE_ID_TEMPLATE, autoPopulateDNSNames: true, ttl: spec.spire.x509SvidTtl, jwtTtl: spec.spire.jwtSvidTtl };
  const teams = spec.teams.map<ClusterSpiffeIdCr>((t) => ({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: `agentplane-team-${t.name}`, labels },
    spec: {
      ...common,
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': t.name } },
      podSelector: { matchLabels: { [LABELS.component]: 'agent' } },
      hint: `team-${t.name}`,
    },
  }));
  const workloads = new Map<string, WorkloadRef>();
  for (const realm of [spec.keycloak.platformRealm, ...spec.keycloak.realms]) {
    for (const c of realm.clients) {
      const w = workloadRef(c.workload);
      if (w) workloads.set(c.workload!, w);
    }
  }
  const clients = [...workloads.values()]
    .sort((a, b) => (`${a.namespace}/${a.serviceAccount}` < `${b.namespace}/${b.serviceAccount}` ? -1 : 1))
    .map<ClusterSpiffeIdCr>((w) => ({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      // Hashed: "a-b/c" and "a/b-c" must not collide.
      metadata: { name: `agentplane-workload-${w.namespace}-${w.serviceAccount}`.slice(0, 200) + `-${createHash('sha256').update(`${w.namespace}/${w.serviceAccount}`).digest('hex').slice(0, 8)}`, labels },
      spec: {
        ...common,
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': w.namespace } },
        workloadSelectorTemplates: [`k8s:sa:${w.serviceAccount}`],
        hint: `workload-${w.namespace}-${w.serviceAccount}`,
      },
    }));
  return [...teams, ...clients];
}

function charts(scope: Construct, ctx: BuildContext, labels: Record<string, string>, jwtIssuer: string): Construct {
  const { spec, target } = ctx;
  const group = new Construct(scope, 'charts');
  const nss = [SPIRE_SERVER_NAMESPACE, SPIRE_SYSTEM_NAMESPACE].map((name) => restrictedNamespace(scope, `namespace-${name}`, { name, target, labels }));
  const repo = PINS.spire.source.slice(0, PINS.spire.source.lastIndexOf('/'));
  const common = { repo, namespace: SPIRE_SERVER_NAMESPACE, argoNamespace: spec.gitops.argoNamespace, argoProject: spec.gitops.project, labels };
  const crds = new HelmRelease(group, 'crds', { ...common, name: 'spire-crds', chart: 'spire-crds', version: spec.versions['spire-crds'], values: {}, providesApiGroups: [API_GROUP] });
  const release = new HelmRelease(group, 'spire', {
    ...common,
    name: 'spire',
    chart: 'spire',
    // The controller manager patches caBundle into its webhooks; the chart's hooks flip their failurePolicy.
    controllerOwnedFields: webhookCaFields('spire-controller-manager', { validatingFailurePolicy: true, mutating: false }),
    version: spec.versions.spire,
    values: spireValues({
      spire: spec.spire,
      organization: 'agentplane',
      jwtIssuer,
      className: HELM_CLASS,
      serverNamespace: SPIRE_SERVER_NAMESPACE,
      systemNamespace: SPIRE_SYSTEM_NAMESPACE,
      // The chart's OpenShift mode (SCC-friendly security contexts, CSI profile label) wherever SCCs apply.
      openshift: target.assignsUids,
      ignoreNamespaces: IGNORED_NAMESPACES,
    }) as unknown as Record<string, unknown>,
  });
  crds.node.addDependency(...nss);
  release.node.addDependency(crds);
  return group;
}

function ztwim(scope: Construct, ctx: BuildContext, labels: Record<string, string>, jwtIssuer: string): Construct {
  const { spec, target } = ctx;
  const s = spec.spire;
  const group = new Construct(scope, 'operator');
  const ns = restrictedNamespace(scope, 'namespace', { name: ZTWIM_NAMESPACE, target, labels });
  const channel = spec.versions['ztwim-operator'];
  const operator = new OlmSubscription(group, 'subscription', {
    packageName: 'openshift-zero-trust-workload-identity-manager',
    channel,
    namespace: ZTWIM_NAMESPACE,
    // AllNamespaces, as the product documents: operands and ClusterSPIFFEIDs are cluster-wide.
    targetNamespaces: [],
    providesApiGroups: ['operator.openshift.io', API_GROUP],
    labels,
  });
  operator.node.addDependency(ns);
  const v1 = ztwimGeneration(channel) === 'v1';
  const onOperands = v1 ? {} : { trustDomain: s.trustDomain };
  const meta = { name: 'cluster' as const, labels };
  const api = 'operator.openshift.io/v1alpha1' as const;
  const operands: Construct[] = [];
  if (v1) {
    operands.push(
      kube<ZeroTrustWorkloadIdentityManagerCr>(group, 'ztwim', { apiVersion: api, kind: 'ZeroTrustWorkloadIdentityManager', metadata: meta, spec: { trustDomain: s.trustDomain, clusterName: s.clusterName, bundleConfigMap: 'spire-bundle' } }),
    );
  }
  operands.push(
    kube<SpireServerCr>(group, 'server', {
      apiVersion: api,
      kind: 'SpireServer',
      metadata: meta,
      spec: {
        ...(v1 ? {} : { trustDomain: s.trustDomain, clusterName: s.clusterName }),
        jwtIssuer,
        caSubject: { organization: 'agentplane', commonName: s.trustDomain },
        defaultJWTValidity: s.jwtSvidTtl,
        defaultX509Validity: s.x509SvidTtl,
        persistence: { ...(v1 ? {} : { type: 'pvc' as const }), size: s.server.storage, accessMode: 'ReadWriteOnce', ...(s.server.storageClassName ? { storageClass: s.server.storageClassName } : {}) },
        datastore: { databaseType: 'sqlite3', connectionString: '/run/spire/data/datastore.sqlite3', maxOpenConns: 100, maxIdleConns: 2, connMaxLifetime: 3600 },
        resources: s.server.resources,
      },
    }),
    kube<SpireAgentCr>(group, 'agent', {
      apiVersion: api,
      kind: 'SpireAgent',
      metadata: meta,
      spec: {
        ...(v1 ? {} : { trustDomain: s.trustDomain, clusterName: s.clusterName }),
        nodeAttestor: { k8sPSATEnabled: 'true' },
        workloadAttestors: { k8sEnabled: 'true', workloadAttestorsVerification: { type: 'auto' } },
        resources: MEDIUM,
      },
    }),
    kube<SpiffeCsiDriverCr>(group, 'csi-driver', { apiVersion: api, kind: 'SpiffeCSIDriver', metadata: meta, spec: { pluginName: CSI_DRIVER, resources: SMALL } }),
    kube<SpireOidcDiscoveryProviderCr>(group, 'oidc-discovery-provider', {
      apiVersion: api,
      kind: 'SpireOIDCDiscoveryProvider',
      metadata: meta,
      spec: { ...onOperands, jwtIssuer, csiDriverName: CSI_DRIVER, replicaCount: 1, managedRoute: 'true', resources: SMALL },
    }),
  );
  // The documented order: the ZTWIM resource, server, agent, CSI driver, OIDC discovery provider.
  operands.reduce<Construct>((prev, cur) => {
    cur.node.addDependency(prev);
    return cur;
  }, operator);
  return group;
}
