import type { ManifestPatch } from './upstream';
import type { TargetProfile } from '../targets';

/**
 * Pod Security `restricted` contexts. On targets with SCCs (OpenShift, MicroShift) no UID or
 * GID is set: restricted-v2 assigns them from the namespace range and rejects fixed ones. On
 * kind a non-root UID is pinned so images whose default user is root still start non-root.
 */
export interface PodSecurityOptions {
  /** UID to run as where the target does not assign one. @default 1000 */
  readonly uid?: number;
  /** Group owning mounted volumes where the target does not assign one. @default uid */
  readonly fsGroup?: number;
}

export function restrictedPodSecurityContext(target: TargetProfile, opts: PodSecurityOptions = {}): Record<string, unknown> {
  const base: Record<string, unknown> = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  if (target.assignsUids) return base;
  const uid = opts.uid ?? 1000;
  return { ...base, runAsUser: uid, runAsGroup: uid, fsGroup: opts.fsGroup ?? uid };
}

export function restrictedContainerSecurityContext(readOnlyRootFilesystem = true): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ['ALL'] },
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * The only namespaces the platform creates below Pod Security `restricted`, and why
 * (DESIGN §7: node-level components in their own namespaces, listed).
 */
export const POD_SECURITY_EXCEPTIONS: Readonly<Record<string, { level: 'baseline' | 'privileged'; why: string }>> = {
  'istio-cni': { level: 'privileged', why: 'istio-cni node agent: installs the CNI plugin on each node and configures pod networking' },
  'istio-ztunnel': { level: 'privileged', why: 'ztunnel node proxy: enters pod network namespaces (privileged, NET_ADMIN) to carry their traffic' },
  'spire-system': { level: 'privileged', why: 'SPIRE agent (hostPID, hostNetwork, host socket directory) and SPIFFE CSI driver (privileged, mount propagation) on every node' },
  'zero-trust-workload-identity-manager': {
    level: 'privileged',
    why: 'the Zero Trust Workload Identity Manager runs the SPIRE agent and SPIFFE CSI driver DaemonSets in its own namespace (with its own SCCs)',
  },
  'mcp-system': {
    level: 'baseline',
    why: 'the MCP gateway chart and the broker/router its controller creates set no security context (their images default to root); restricted is still audited and warned',
  },
  'istio-system': {
    level: 'baseline',
    why: "istiod and Istio's sample Prometheus (Kiali's, kind/MicroShift) are upstream workloads whose restricted compliance is not guaranteed; restricted is still audited and warned (Kiali itself runs restricted)",
  },
};

/**
 * Namespace labels enforcing Pod Security `restricted`. On OpenShift the label synchronizer
 * would otherwise rewrite them from the SCCs users hold, so it is switched off for our namespaces.
 */
export function restrictedNamespaceLabels(target: TargetProfile): Record<string, string> {
  const labels: Record<string, string> = {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
  if (target.assignsUids) labels['security.openshift.io/scc.podSecurityLabelSync'] = 'false';
  return labels;
}

/**
 * Pod-template fragment that makes an upstream workload `restricted` without fixing UIDs (works
 * under SCCs too): used to patch upstream manifests and operator-managed pods.
 */
export function restrictedPodTemplatePatch(containerName: string): Record<string, unknown> {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{ name: containerName, securityContext: restrictedContainerSecurityContext(false) }],
  };
}

/**
 * Patch for an upstream release's own Namespace on targets where SCCs assign UIDs from a
 * namespace range (MicroShift): the range is exactly the UID upstream pins, so restricted-v2
 * admits the upstream pods unchanged.
 */
export function pinnedUidRangePatch(namespace: string, uid: number): ManifestPatch {
  const range = `${uid}/1`;
  return {
    target: { kind: 'Namespace', name: namespace },
    patch: { apiVersion: 'v1', metadata: { annotations: { 'openshift.io/sa.scc.uid-range': range, 'openshift.io/sa.scc.supplemental-groups': range } } },
  };
}
