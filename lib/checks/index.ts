import type { KubeObject } from '../core/plan';
import type { Rule } from '../rules';
import { parseImage } from '../spec/image';

/**
 * Synthesis checks: rules the upstream schemas cannot express, run on every synthesized object
 * before anything is written. Each rule has a stable id, a rationale and a fix hint.
 */
export type CheckRule = Rule;

export interface Violation {
  readonly rule: CheckRule;
  readonly object: string;
  readonly detail: string;
}

export const RULES = {
  clusterScopedNamespace: {
    id: 'AP001',
    stage: 'synthesis',
    title: 'cluster-scoped objects carry no namespace',
    rationale: 'A cluster-scoped object with metadata.namespace is ambiguous and rejected by some tools.',
    fix: 'emit cluster-scoped objects without a namespace (keep them out of namespaced charts).',
  },
  namespacedWithoutNamespace: {
    id: 'AP002',
    stage: 'synthesis',
    title: 'namespaced objects name their namespace',
    rationale: 'A namespaced object without a namespace lands wherever the applier points, not where the platform intends.',
    fix: 'set metadata.namespace explicitly.',
  },
  containerResources: {
    id: 'AP003',
    stage: 'synthesis',
    title: 'requests and limits on every container',
    rationale: 'Containers without CPU and memory requests and limits starve neighbours and defeat quotas.',
    fix: 'set resources.requests and resources.limits (cpu and memory) on every container.',
  },
  imagePinned: {
    id: 'AP004',
    stage: 'synthesis',
    title: 'images pinned',
    rationale: 'An image without a tag or digest, or tagged latest, changes under a running platform.',
    fix: 'pin an exact tag or a digest.',
  },
  restrictedSecurityContext: {
    id: 'AP005',
    stage: 'synthesis',
    title: 'Pod Security restricted contexts',
    rationale: 'Platform and agent pods run under Pod Security restricted.',
    fix: 'set runAsNonRoot, seccompProfile RuntimeDefault, allowPrivilegeEscalation false and drop ALL capabilities.',
  },
  noPlaintextSecret: {
    id: 'AP006',
    stage: 'synthesis',
    title: 'no Secret data in output',
    rationale: 'Secrets in Git or in synthesized output leak and live forever.',
    fix: 'reference an existing Secret or generate it in-cluster; never emit Secret data.',
  },
  noAllowAll: {
    id: 'AP007',
    stage: 'synthesis',
    title: 'no policy that allows everything',
    rationale: 'An AuthorizationPolicy rule or NetworkPolicy rule without sources (or destinations) silently reopens a default-deny namespace.',
    fix: 'name the sources (principals, namespaces, selectors) and ports each allow rule admits.',
  },
} as const satisfies Record<string, CheckRule>;

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'PersistentVolume', 'StorageClass', 'PriorityClass', 'IngressClass', 'GatewayClass', 'ClusterIssuer',
  'ClusterSPIFFEID', 'SecurityContextConstraints', 'RuntimeClass', 'CSIDriver', 'APIService',
  'ClusterBuildStrategy', 'ClusterServingRuntime', 'ClusterPolicy', 'ClusterIssuer', 'ClusterSecretStore', 'Istio', 'IstioCNI', 'ZTunnel', 'IstioRevision', 'IstioRevisionTag',
  'ZeroTrustWorkloadIdentityManager', 'SpireServer', 'SpireAgent', 'SpiffeCSIDriver', 'SpireOIDCDiscoveryProvider',
]);

interface PodSpecLike {
  securityContext?: Record<string, unknown>;
  containers?: ContainerLike[];
  initContainers?: ContainerLike[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
}
interface ContainerLike {
  name: string;
  image?: string;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: Record<string, unknown>;
}

/** The pod template of a workload object, if it is one. */
export function podSpecOf(o: KubeObject): PodSpecLike | undefined {
  const spec = o.spec as { template?: { spec?: PodSpecLike }; jobTemplate?: { spec?: { template?: { spec?: PodSpecLike } } } } | undefined;
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec?.template?.spec;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template?.spec;
    case 'Pod':
      return o.spec as PodSpecLike;
    default:
      return undefined;
  }
}

function describe(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
}

/** Runs every rule on the objects; returns the violations (empty when all pass). */
export function runChecks(objects: Iterable<KubeObject>): Violation[] {
  const out: Violation[] = [];
  for (const o of objects) {
    const what = describe(o);
    const scoped = CLUSTER_SCOPED.has(o.kind);
    if (scoped && o.metadata.namespace !== undefined) {
      out.push({ rule: RULES.clusterScopedNamespace, object: what, detail: `namespace "${o.metadata.namespace}" set` });
    }
    if (!scoped && o.metadata.namespace === undefined) {
      out.push({ rule: RULES.namespacedWithoutNamespace, object: what, detail: 'no metadata.namespace' });
    }
    const allowAll = allowsEverything(o);
    if (allowAll) out.push({ rule: RULES.noAllowAll, object: what, detail: allowAll });
    if (o.kind === 'Secret' && (o.data !== undefined || o.stringData !== undefined)) {
      out.push({ rule: RULES.noPlaintextSecret, object: what, detail: 'Secret carries data' });
    }
    const pod = podSpecOf(o);
    if (!pod) continue;
    const psc = pod.securityContext ?? {};
    if (psc.runAsNonRoot !== true || (psc.seccompProfile as { type?: string } | undefined)?.type !== 'RuntimeDefault') {
      out.push({ rule: RULES.restrictedSecurityContext, object: what, detail: 'pod securityContext lacks runAsNonRoot or seccompProfile RuntimeDefault' });
    }
    if (pod.hostNetwork || pod.hostPID || pod.hostIPC) {
      out.push({ rule: RULES.restrictedSecurityContext, object: what, detail: 'uses a host namespace' });
    }
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const r = c.resources;
      if (!r?.requests?.cpu || !r.requests.memory || !r.limits?.cpu || !r.limits.memory) {
        out.push({ rule: RULES.containerResources, object: what, detail: `container ${c.name} lacks cpu/memory requests or limits` });
      }
      const img = c.image === undefined ? { problem: 'no image' } : parseImage(c.image);
      if ('problem' in img) out.push({ rule: RULES.imagePinned, object: what, detail: `container ${c.name}: ${img.problem}` });
      const sc = c.securityContext ?? {};
      const caps = (sc.capabilities as { drop?: string[]; add?: string[] } | undefined) ?? {};
      if (sc.allowPrivilegeEscalation !== false || !caps.drop?.includes('ALL') || (caps.add?.length ?? 0) > 0 || sc.privileged === true) {
        out.push({ rule: RULES.restrictedSecurityContext, object: what, detail: `container ${c.name} may escalate privileges or keeps capabilities` });
      }
    }
  }
  return out;
}

/** Why a policy object admits everything, or undefined. */
function allowsEverything(o: KubeObject): string | undefined {
  if (o.kind === 'AuthorizationPolicy' && o.apiVersion.startsWith('security.istio.io/')) {
    const spec = o.spec as { action?: string; rules?: { from?: unknown[]; to?: unknown[] }[] } | undefined;
    if ((spec?.action ?? 'ALLOW') === 'ALLOW' && spec?.rules?.some((r) => !r.from?.length && !r.to?.length)) return 'an ALLOW rule with neither from nor to matches every request';
  }
  if (o.kind === 'NetworkPolicy') {
    const spec = o.spec as { ingress?: { from?: unknown[] }[]; egress?: { to?: unknown[] }[] } | undefined;
    if (spec?.ingress?.some((r) => !r.from?.length)) return 'an ingress rule without from admits every source';
    if (spec?.egress?.some((r) => !r.to?.length)) return 'an egress rule without to admits every destination';
  }
  return undefined;
}

export class CheckError extends Error {
  readonly violations: readonly Violation[];
  constructor(violations: readonly Violation[]) {
    super(
      [
        `synthesis checks failed: ${violations.length} violation${violations.length === 1 ? '' : 's'}`,
        ...violations.slice(0, 50).map((v) => `  - [${v.rule.id}] ${v.object}: ${v.detail}. Fix: ${v.rule.fix}`),
      ].join('\n'),
    );
    this.name = 'CheckError';
    this.violations = violations;
  }
}
