import type { Owner } from './facts';

/** The metadata ownership is decided from (a subset of ObjectMeta). */
export interface OwnershipMeta {
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly { readonly apiVersion?: string; readonly kind?: string; readonly name?: string }[];
  readonly managedFields?: readonly { readonly manager?: string }[];
}

const MANAGED_BY = 'app.kubernetes.io/managed-by';
/** `operators.coreos.com/<package>.<namespace>`: namespaces have no dots, so the last one splits. */
const OLM_PACKAGE_LABEL = /^operators\.coreos\.com\/(.+)\.([a-z0-9-]+)$/;
/** Field managers of OpenShift operators that own objects outside the release payload (Gateway API CRDs since 4.19). */
const OPENSHIFT_FIELD_MANAGERS: Readonly<Record<string, string>> = {
  'ingress-operator': 'the OpenShift ingress operator',
  'cluster-version-operator': 'the OpenShift cluster version operator',
};

/**
 * Who manages an object. Checked from the most specific marker to the least: our own labels,
 * Argo CD tracking (Argo renders Helm charts, so its objects also carry Helm's label), OpenShift
 * (release payload annotations, ClusterVersion owner, operator field managers), OLM, Helm.
 * Anything else is `unknown`, named by its field manager when there is one (e.g. kubectl).
 */
export function ownerOf(meta: OwnershipMeta): Owner {
  const labels = meta.labels ?? {};
  const annotations = meta.annotations ?? {};
  const managedBy = labels[MANAGED_BY];
  if (managedBy === 'agentplane') return { kind: 'agentplane', description: 'agentplane' };
  if (managedBy === 'pulumi') return { kind: 'pulumi', description: 'Pulumi' };

  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  if (tracking) {
    const app = tracking.split(':')[0]!;
    return { kind: 'argocd', description: `Argo CD application ${app}`, argoApp: app };
  }
  const instance = labels['app.kubernetes.io/instance'];
  if (instance && Object.keys(annotations).some((k) => k.startsWith('argocd.argoproj.io/'))) {
    return { kind: 'argocd', description: `Argo CD application ${instance}`, argoApp: instance };
  }

  const refs = meta.ownerReferences ?? [];
  const clusterVersionRef = refs.some((r) => r.kind === 'ClusterVersion');
  const payload = Object.keys(annotations).some((k) => k.startsWith('include.release.openshift.io/')) || annotations['capability.openshift.io/name'] !== undefined;
  const openshiftManager = (meta.managedFields ?? []).map((f) => f.manager ?? '').find((m) => m in OPENSHIFT_FIELD_MANAGERS);
  if (clusterVersionRef || payload || openshiftManager) {
    return { kind: 'openshift', description: openshiftManager ? OPENSHIFT_FIELD_MANAGERS[openshiftManager]! : 'the OpenShift release (cluster version operator)' };
  }

  const olmLabel = Object.keys(labels).map((k) => OLM_PACKAGE_LABEL.exec(k)).find((m) => m !== null);
  const csvRef = refs.find((r) => r.kind === 'ClusterServiceVersion');
  if (olmLabel || csvRef || labels['olm.managed'] === 'true') {
    if (olmLabel) {
      const pkg = { name: olmLabel[1]!, namespace: olmLabel[2]! };
      return { kind: 'olm', description: `OLM operator ${pkg.name} (namespace ${pkg.namespace})`, olmPackage: pkg };
    }
    return { kind: 'olm', description: csvRef?.name ? `OLM operator ${csvRef.name}` : 'OLM' };
  }

  const release = annotations['meta.helm.sh/release-name'];
  if (release || managedBy === 'Helm') {
    const ns = annotations['meta.helm.sh/release-namespace'] ?? '';
    return release
      ? { kind: 'helm', description: `Helm release ${ns ? `${ns}/` : ''}${release}`, helmRelease: { name: release, namespace: ns } }
      : { kind: 'helm', description: 'Helm' };
  }

  if (managedBy) return { kind: 'unknown', description: managedBy };
  const manager = meta.managedFields?.[0]?.manager;
  return { kind: 'unknown', description: manager ? `field manager ${manager} (no ownership labels)` : 'unknown (no ownership labels)' };
}
