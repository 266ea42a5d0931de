import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { defineComponent } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { admissionRules, type AdmissionRule } from './rules';
import { podSecurityRules } from './pod-security';
import { PINS } from '../pins';
import { AUTHBRIDGE_CONTAINER } from '../tenancy/auth-bridge';
import { sidecarImage } from '../agent-operator/values';

/** What the guardrails offer: the policies guarding team namespaces. */
export interface GuardrailsExports {
  readonly policy: string;
}

const POLICY = 'agentplane-agent-pods';

/** The two admission policies: rules on pods, and rules on the controllers that create them. */
const POLICY_SETS = [
  { on: 'pods' as const, name: POLICY, resourceRules: [{ apiGroups: [''], resources: ['pods', 'pods/ephemeralcontainers'] }] },
  { on: 'controllers' as const, name: 'agentplane-waypoint-workloads', resourceRules: [{ apiGroups: ['apps'], resources: ['deployments', 'replicasets'] }] },
  { on: 'pod-security' as const, name: 'agentplane-pod-security', resourceRules: [{ apiGroups: [''], resources: ['pods', 'pods/ephemeralcontainers'] }] },
];

/** The operator's sidecar as the pod-security policy exempts it: its name and the exact pinned image. */
export function pinnedSidecar(versions: { readonly authbridge: string }): { container: string; image: string } {
  return { container: AUTHBRIDGE_CONTAINER, image: sidecarImage({ sidecarImages: { repository: PINS.authbridge.source, tag: versions.authbridge } }, 'authbridge') };
}

/** Namespaces the admission policies guard: every team namespace. */
export const TEAM_NAMESPACE_SELECTOR = { matchExpressions: [{ key: LABELS.team, operator: 'Exists' as const }] };

/** Typed subset of `kyverno.io/v1` ClusterPolicy with CEL validation. */
export interface KyvernoClusterPolicyCr {
  apiVersion: 'kyverno.io/v1';
  kind: 'ClusterPolicy';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    background: boolean;
    rules: {
      name: string;
      match: { any: { resources: { kinds: string[]; operations: string[]; namespaceSelector: typeof TEAM_NAMESPACE_SELECTOR } }[] };
      validate: { failureAction: 'Enforce' | 'Audit'; cel: { expressions: { expression: string; message: string }[] } };
    }[];
  };
}

export const guardrails = defineComponent({
  id: 'guardrails',
  title: 'Admission guardrails for team namespaces (ValidatingAdmissionPolicy; optional Kyverno)',
  toggles: [],
  dependsOn: [],
  // The pod-security policy exempts exactly the pinned sidecar image.
  pins: () => ['authbridge'],
  delivery: () => 'native ValidatingAdmissionPolicy + binding (Kubernetes 1.30 GA); Kyverno ClusterPolicy with the same CEL when guardrails.kyverno',
  namespaces: () => [],
  build(scope, ctx) {
    const { spec, names } = ctx;
    const labels = commonLabels('guardrails');
    const rules = [...admissionRules(names, ctx.spec.install.istio.namespace), ...podSecurityRules(pinnedSidecar(spec.versions))];
    const message = (r: AdmissionRule) => `${r.id} ${r.title}: ${r.fix}`;
    const configured = spec.guardrails.admission === 'Deny' ? ['Deny'] : spec.guardrails.admission === 'Warn' ? ['Warn', 'Audit'] : ['Audit'];
    // The pod-security policy replaces the namespace's `restricted` enforcement: it always denies.
    const actionsOf = (on: AdmissionRule['on']) => (on === 'pod-security' ? ['Deny'] : configured);
    for (const set of POLICY_SETS) {
      const own = rules.filter((r) => r.on === set.on);
      const policy = kube<IValidatingAdmissionPolicy>(scope, `${set.on}-policy`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: set.name, labels },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules: set.resourceRules.map((rr) => ({ ...rr, apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'] })) },
          validations: own.map((r) => ({ expression: r.expression, message: message(r), reason: 'Forbidden' })),
        },
      });
      kube<IValidatingAdmissionPolicyBinding>(scope, `${set.on}-binding`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: set.name, labels },
        spec: {
          policyName: set.name,
          validationActions: actionsOf(set.on) as ('Deny' | 'Warn' | 'Audit')[],
          matchResources: { namespaceSelector: TEAM_NAMESPACE_SELECTOR },
        },
      }).node.addDependency(policy);
    }
    if (spec.guardrails.kyverno) {
      kube<KyvernoClusterPolicyCr>(scope, 'kyverno', {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: POLICY, labels, annotations: { 'policies.kyverno.io/description': 'agentplane admission rules for team namespaces (same CEL as the ValidatingAdmissionPolicies)' } },
        spec: {
          background: false,
          rules: rules.map((r) => ({
            name: `${r.id.toLowerCase()}-${r.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`.slice(0, 63).replace(/-+$/, ''),
            match: { any: [{ resources: { kinds: r.on !== 'controllers' ? ['Pod'] : ['apps/v1/Deployment', 'apps/v1/ReplicaSet'], operations: ['CREATE', 'UPDATE'], namespaceSelector: TEAM_NAMESPACE_SELECTOR } }] },
            validate: { failureAction: spec.guardrails.admission === 'Deny' || r.on === 'pod-security' ? 'Enforce' : 'Audit', cel: { expressions: [{ expression: r.expression, message: message(r) }] } },
          })),
        },
      });
    }
    return { policy: POLICY };
  },
});
