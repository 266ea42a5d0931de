/**
 * What `preflight` learned about a cluster: plain data, read once by the reader and judged by
 * pure rules. Fields the reader could not read are absent (see `unreadable`), so a rule can tell
 * "not there" from "not known".
 */

/** What kind of cluster answered: decided from its API groups (see flavor.ts). */
export type ClusterFlavor = 'openshift' | 'microshift' | 'kubernetes';

/** Who manages an object, from its labels, annotations, owner references and field managers. */
export type OwnerKind = 'agentplane' | 'pulumi' | 'argocd' | 'openshift' | 'olm' | 'helm' | 'unknown';

export interface Owner {
  readonly kind: OwnerKind;
  /** Human description, e.g. `Helm release cert-manager/cert-manager` or `OLM operator openshift-cert-manager-operator (namespace cert-manager-operator)`. */
  readonly description: string;
  /** Argo CD application name (kind argocd). */
  readonly argoApp?: string;
  /** Helm release (kind helm). */
  readonly helmRelease?: { readonly name: string; readonly namespace: string };
  /** OLM package and namespace (kind olm), when the label names them. */
  readonly olmPackage?: { readonly name: string; readonly namespace: string };
}

/** A CustomResourceDefinition on the cluster. */
export interface CrdFact {
  /** `<plural>.<group>`. */
  readonly name: string;
  readonly group: string;
  readonly owner: Owner;
}

/** An operator installed by OLM: a Subscription, its CSV, or both. */
export interface OperatorFact {
  /** OLM package name, e.g. `openshift-cert-manager-operator`. */
  readonly package: string;
  readonly namespace: string;
  /** Installed ClusterServiceVersion name, when known. */
  readonly csv?: string;
  /** CSV phase, e.g. `Succeeded`. */
  readonly phase?: string;
  /** Subscription channel, when a Subscription was found. */
  readonly channel?: string;
  /** The Subscription carries our managed-by label. */
  readonly ours: boolean;
}

export interface StorageClassFact {
  readonly name: string;
  readonly provisioner: string;
  /** Annotated `storageclass.kubernetes.io/is-default-class: "true"`. */
  readonly isDefault: boolean;
}

export interface NamespaceFact {
  readonly name: string;
  /** Labelled `app.kubernetes.io/managed-by: agentplane` (or `pulumi`, our deploy backend). */
  readonly ours: boolean;
  /** The `app.kubernetes.io/managed-by` label, if any. */
  readonly managedBy?: string;
}

/** A read the cluster refused or failed: the report is incomplete there. */
export interface UnreadableFact {
  /** What was being read, e.g. `StorageClasses (storage.k8s.io/v1)`. */
  readonly what: string;
  /** `forbidden`, or the HTTP status / error text. */
  readonly reason: string;
}

/** Everything preflight read from one cluster. */
export interface ClusterFacts {
  /** Kubernetes `gitVersion` from /version, e.g. `v1.32.7`. */
  readonly kubernetesVersion: string;
  readonly flavor: ClusterFlavor;
  /** OpenShift only: the ClusterVersion and the apps domain of the default router. */
  readonly openshift?: { readonly version?: string; readonly appsDomain?: string };
  /** API group name → versions served (from /apis). Absent when discovery was refused. */
  readonly apiGroups?: Readonly<Record<string, readonly string[]>>;
  /** Operator Lifecycle Manager is served (`operators.coreos.com`). */
  readonly olm: boolean;
  readonly crds?: readonly CrdFact[];
  /** OLM installs (only read when OLM is present). */
  readonly operators?: readonly OperatorFact[];
  readonly storageClasses?: readonly StorageClassFact[];
  readonly namespaces?: readonly NamespaceFact[];
  readonly unreadable: readonly UnreadableFact[];
}
