import type { IValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import type { IValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { defineComponent } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { admissionRules } from './rules';

/** What the guardrails offer: the policies guarding team namespaces. */
export interface GuardrailsExports {
  readonly policy: string;
}

const POLICY = 'agentplane-agent-pods';

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
  pins: () => [],
  delivery: () => 'native ValidatingAdmissionPolicy + binding (Kubernetes 1.30 GA); Kyverno ClusterPolicy with the same CEL when guardrails.kyverno',
  namespaces: () => [],
  build(scope, ctx) {
    const { spec, names } = ctx;
    const labels = commonLabels('guardrails');
    const rules = admissionRules(names);
    const message = (r: (typeof rules)[number]) => `${r.id} ${r.title}: ${r.fix}`;
    const policy = kube<IValidatingAdmissionPolicy>(scope, 'policy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: POLICY, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
        validations: rules.map((r) => ({ expression: r.expression, message: message(r), reason: 'Forbidden' })),
      },
    });
    const actions = spec.guardrails.admission === 'Deny' ? ['Deny'] : spec.guardrails.admission === 'Warn' ? ['Warn', 'Audit'] : ['Audit'];
    kube<IValidatingAdmissionPolicyBinding>(scope, 'binding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: POLICY, labels },
      spec: {
        policyName: POLICY,
        validationActions: actions as ('Deny' | 'Warn' | 'Audit')[],
        matchResources: { namespaceSelector: TEAM_NAMESPACE_SELECTOR },
      },
    }).node.addDependency(policy);
    if (spec.guardrails.kyverno) {
      kube<KyvernoClusterPolicyCr>(scope, 'kyverno', {
        apiVersion: 'kyverno.io/v1',
        kind: 'ClusterPolicy',
        metadata: { name: POLICY, labels, annotations: { 'policies.kyverno.io/description': 'agentplane admission rules for team namespaces (same CEL as the ValidatingAdmissionPolicy)' } },
        spec: {
          background: false,
          rules: rules.map((r) => ({
            name: `${r.id.toLowerCase()}-${r.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase().replace(/-+$/, '')}`.slice(0, 63).replace(/-+$/, ''),
            match: { any: [{ resources: { kinds: ['Pod'], operations: ['CREATE'], namespaceSelector: TEAM_NAMESPACE_SELECTOR } }] },
            validate: { failureAction: spec.guardrails.admission === 'Deny' ? 'Enforce' : 'Audit', cel: { expressions: [{ expression: r.expression, message: message(r) }] } },
          })),
        },
      });
    }
    return { policy: POLICY };
  },
});
