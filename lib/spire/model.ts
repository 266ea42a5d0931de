/**
 * Typed models of the SPIRE resources the platform emits: the controller manager's
 * `ClusterSPIFFEID` (schema: spire-controller-manager CRDs) and the Zero Trust Workload Identity
 * Manager operands (`operator.openshift.io/v1alpha1`, cluster-scoped singletons named `cluster`).
 */

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface ClusterSpiffeIdCr {
  apiVersion: 'spire.spiffe.io/v1alpha1';
  kind: 'ClusterSPIFFEID';
  metadata: { name: string; labels?: Record<string, string> };
  spec: {
    /** The controller manager instance that reconciles it (it ignores other classes). */
    className: string;
    spiffeIDTemplate: string;
    namespaceSelector: LabelSelector;
    podSelector?: LabelSelector;
    /** Extra selectors narrowing the entry, e.g. `k8s:sa:<name>`. */
    workloadSelectorTemplates?: string[];
    autoPopulateDNSNames: boolean;
    /** Upper bound of X.509-SVID lifetime. */
    ttl: string;
    /** Upper bound of JWT-SVID lifetime. */
    jwtTtl: string;
    hint: string;
  };
}

interface OperandMeta {
  name: 'cluster';
  labels?: Record<string, string>;
}

/** Resource requests and limits of an operand's containers. */
interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/** ZTWIM 1.0: trust domain and cluster name, read by every operand controller. */
export interface ZeroTrustWorkloadIdentityManagerCr {
  apiVersion: 'operator.openshift.io/v1alpha1';
  kind: 'ZeroTrustWorkloadIdentityManager';
  metadata: OperandMeta;
  spec: { trustDomain: string; clusterName: string; bundleConfigMap: string };
}

export interface SpireServerCr {
  apiVersion: 'operator.openshift.io/v1alpha1';
  kind: 'SpireServer';
  metadata: OperandMeta;
  spec: {
    /** 0.2 only (1.0 reads them from the ZeroTrustWorkloadIdentityManager). */
    trustDomain?: string;
    clusterName?: string;
    jwtIssuer: string;
    caSubject: { country?: string; organization: string; commonName: string };
    defaultJWTValidity: string;
    defaultX509Validity: string;
    persistence: { type?: 'pvc'; size: string; accessMode: 'ReadWriteOnce'; storageClass?: string };
    datastore: { databaseType: 'sqlite3'; connectionString: string; maxOpenConns: number; maxIdleConns: number; connMaxLifetime: number };
    resources: Resources;
  };
}

export interface SpireAgentCr {
  apiVersion: 'operator.openshift.io/v1alpha1';
  kind: 'SpireAgent';
  metadata: OperandMeta;
  spec: {
    trustDomain?: string;
    clusterName?: string;
    nodeAttestor: { k8sPSATEnabled: 'true' };
    workloadAttestors: { k8sEnabled: 'true'; workloadAttestorsVerification: { type: 'auto' } };
    resources: Resources;
  };
}

export interface SpiffeCsiDriverCr {
  apiVersion: 'operator.openshift.io/v1alpha1';
  kind: 'SpiffeCSIDriver';
  metadata: OperandMeta;
  spec: { pluginName: string; resources: Resources };
}

export interface SpireOidcDiscoveryProviderCr {
  apiVersion: 'operator.openshift.io/v1alpha1';
  kind: 'SpireOIDCDiscoveryProvider';
  metadata: OperandMeta;
  spec: { trustDomain?: string; jwtIssuer: string; csiDriverName: string; replicaCount: number; managedRoute: 'true' | 'false'; resources: Resources };
}
