import type { ResolvedSpire } from '../spec/resolve';

/** Requests and limits for a container of the charts. */
export interface ContainerResources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** Sizes of SPIRE's own containers (both deliveries): small sidecars and helpers, medium agents and controllers. */
export const SMALL: ContainerResources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
export const MEDIUM: ContainerResources = { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };

/** ClusterSPIFFEIDs the chart would create that the platform replaces with its own, narrower ones. */
const CHART_DEFAULT_IDENTITIES = ['default', 'test-keys', 'spike-keeper', 'spike-nexus', 'spike-pilot'] as const;

/**
 * Typed values of the `spire` chart (SPIFFE hardened charts): only the keys the platform sets.
 * The chart's recommended layout puts server, controller manager and OIDC discovery provider
 * in `serverNamespace` (restricted) and the node agent and CSI driver in `systemNamespace`
 * (privileged: hostPID, hostPath, mount propagation). Namespaces are ours, not the chart's.
 */
export interface SpireChartValues {
  global: {
    openshift: boolean;
    deleteHooks: { enabled: boolean };
    spire: {
      trustDomain: string;
      clusterName: string;
      jwtIssuer: string;
      caSubject: { organization: string; commonName: string };
      namespaces: { create: boolean; server: { name: string }; system: { name: string } };
      recommendations: { enabled: boolean; namespacePSS: boolean; prometheus: boolean; strictMode: boolean };
      persistence?: { storageClass: string };
    };
  };
  'spire-server': {
    defaultJwtSvidTTL: string;
    defaultX509SvidTTL: string;
    resources: ContainerResources;
    persistence: { size: string };
    controllerManager: {
      className: string;
      ignoreNamespaces: string[];
      resources: ContainerResources;
      identities: { clusterSPIFFEIDs: Record<(typeof CHART_DEFAULT_IDENTITIES)[number], { enabled: boolean }> };
    };
  };
  'spire-agent': { resources: ContainerResources };
  'spiffe-csi-driver': { resources: ContainerResources; nodeDriverRegistrar: { resources: ContainerResources } };
  'spiffe-oidc-discovery-provider': {
    /** `use: sig` on every JWK: Keycloak's SPIFFE identity provider ignores keys without it. */
    config: { setKeyUse: boolean };
    /** In-cluster plain HTTP (Keycloak fetches keys over the cluster network; the gateway terminates public TLS). */
    tls: { spire: { enabled: boolean } };
    resources: ContainerResources;
    insecureScheme: { nginx: { resources: ContainerResources } };
  };
}

export interface SpireValuesInput {
  readonly spire: ResolvedSpire;
  readonly organization: string;
  readonly jwtIssuer: string;
  readonly className: string;
  readonly serverNamespace: string;
  readonly systemNamespace: string;
  readonly openshift: boolean;
  readonly ignoreNamespaces: readonly string[];
}

export function spireValues(i: SpireValuesInput): SpireChartValues {
  const s = i.spire;
  return {
    global: {
      openshift: i.openshift,
      // Argo CD and Pulumi prune by ownership; Helm delete hooks would run kubectl Jobs neither waits for.
      deleteHooks: { enabled: false },
      spire: {
        trustDomain: s.trustDomain,
        clusterName: s.clusterName,
        jwtIssuer: i.jwtIssuer,
        caSubject: { organization: i.organization, commonName: s.trustDomain },
        namespaces: { create: false, server: { name: i.serverNamespace }, system: { name: i.systemNamespace } },
        recommendations: { enabled: true, namespacePSS: false, prometheus: false, strictMode: false },
        ...(s.server.storageClassName ? { persistence: { storageClass: s.server.storageClassName } } : {}),
      },
    },
    'spire-server': {
      defaultJwtSvidTTL: s.jwtSvidTtl,
      defaultX509SvidTTL: s.x509SvidTtl,
      resources: s.server.resources,
      persistence: { size: s.server.storage },
      controllerManager: {
        className: i.className,
        ignoreNamespaces: [...i.ignoreNamespaces],
        resources: MEDIUM,
        identities: { clusterSPIFFEIDs: Object.fromEntries(CHART_DEFAULT_IDENTITIES.map((k) => [k, { enabled: false }])) as SpireChartValues['spire-server']['controllerManager']['identities']['clusterSPIFFEIDs'] },
      },
    },
    'spire-agent': { resources: MEDIUM },
    'spiffe-csi-driver': { resources: SMALL, nodeDriverRegistrar: { resources: SMALL } },
    'spiffe-oidc-discovery-provider': {
      config: { setKeyUse: true },
      tls: { spire: { enabled: false } },
      resources: SMALL,
      insecureScheme: { nginx: { resources: SMALL } },
    },
  };
}
