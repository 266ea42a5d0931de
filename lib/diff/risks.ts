/**
 * Risk rules: which object changes a reviewer must look at, each with a stable id and a short
 * reason. One table, one entry per rule; each says why the change is risky. "Widening" is
 * judged conservatively: when a policy changes in a way these rules cannot classify, it is
 * flagged "policy changed, review" rather than passed.
 */
import { apiGroupOf, type KubeObject } from '../core/plan';
import { authzRuleCovered, netpolRuleCovered, rbacRuleCovered, widenedRules } from './coverage';
import { jsonEqual, type FieldChange } from './fields';

export type RiskId = 'crd-change' | 'namespace-deletion' | 'mtls-loosening' | 'authz-widening' | 'netpol-widening' | 'rbac-widening' | 'guardrail-removal' | 'unpinned-image';

export interface Risk {
  readonly rule: RiskId;
  readonly reason: string;
}

/** One object's change, as the rules see it. */
export interface RiskInput {
  readonly change: 'added' | 'removed' | 'changed';
  /** Component folder holding the object (new side, else old). */
  readonly component: string;
  readonly old?: KubeObject;
  readonly new?: KubeObject;
  /** Changed fields (changed objects only). */
  readonly fields: readonly FieldChange[];
}

/** Facts about the whole diff some rules need. */
export interface RiskContext {
  /**
   * Namespaces removed by this diff. Removing a policy together with its namespace is covered
   * by the namespace-deletion flag (its workloads go too), so policy rules do not repeat it.
   */
  readonly removedNamespaces: ReadonlySet<string>;
  /** Namespaces the old side has (Namespace objects and namespaces of objects). */
  readonly oldNamespaces: ReadonlySet<string>;
}

interface RiskRule {
  readonly id: RiskId;
  /** A reason when the change is risky under this rule, else undefined. */
  readonly check: (c: RiskInput, ctx: RiskContext) => string | undefined;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((v, k) => (isMap(v) ? v[k] : undefined), o);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const is = (o: KubeObject | undefined, group: string, ...kinds: string[]): boolean => o !== undefined && apiGroupOf(o.apiVersion) === group && kinds.includes(o.kind);
const subject = (c: RiskInput): KubeObject => (c.new ?? c.old)!;
const inRemovedNamespace = (c: RiskInput, ctx: RiskContext): boolean => c.change === 'removed' && ctx.removedNamespaces.has(c.old!.metadata.namespace ?? '');
const REVIEW = 'policy changed, review';

/** Fields that select which workloads a policy applies to. */
function selectorChanged(c: RiskInput, ...fields: string[]): string | undefined {
  return fields.find((f) => !jsonEqual(get(c.old?.spec, f), get(c.new?.spec, f)));
}

// ---- upstream releases (Argo CD Applications of charts and manifests, OLM Subscriptions,
// generated kustomizations): the CRDs they install are invisible in the output, so a change
// of *which release* is installed counts as a CRD change.

const RELEASE_FIELD = /^spec\.sources?(\[\d+\])?(\.(repoURL|chart|path|targetRevision))?$/;

function upstreamReleaseChange(c: RiskInput): string | undefined {
  const o = subject(c);
  const app = is(o, 'argoproj.io', 'Application') && c.component !== 'gitops'; // gitops apps sync our own folders
  const sub = is(o, 'operators.coreos.com', 'Subscription');
  const kust = is(o, 'kustomize.config.k8s.io', 'Kustomization');
  if (!app && !sub && !kust) return undefined;
  const what = `upstream release ${o.kind} ${o.metadata.name}`;
  if (c.change === 'added') return `${what} added: it may install CRDs (cluster-wide APIs)`;
  if (c.change === 'removed') return `${what} removed: CRDs it installed may be deleted, with every resource of them`;
  const release = c.fields.filter((f) =>
    app ? RELEASE_FIELD.test(f.path) || /crd/i.test(f.path) : sub ? f.path.startsWith('spec.') && !f.path.startsWith('spec.config') : f.path.startsWith('resources') || /CustomResourceDefinition/.test(JSON.stringify(f)),
  );
  if (release.length === 0) return undefined;
  const f = release[0]!;
  return `${what} changed (${f.path} ${JSON.stringify(f.old ?? null)} -> ${JSON.stringify(f.new ?? null)}): the CRDs it installs may change`;
}

// ---- PeerAuthentication: effective mode per port (port-level, else the policy's mode).

function effectiveModes(o: KubeObject | undefined): Map<string, string> {
  const mode = (v: unknown) => (typeof v === 'string' && v !== '' ? v : 'UNSET');
  const base = mode(get(o?.spec, 'mtls', 'mode'));
  const modes = new Map<string, string>([['*', base]]);
  const ports = get(o?.spec, 'portLevelMtls');
  if (isMap(ports)) for (const [p, v] of Object.entries(ports)) modes.set(p, mode(get(v, 'mode')) === 'UNSET' ? base : mode(get(v, 'mode')));
  return modes;
}

function mtlsLoosening(c: RiskInput, ctx: RiskContext): string | undefined {
  if (!is(subject(c), 'security.istio.io', 'PeerAuthentication') || inRemovedNamespace(c, ctx)) return undefined;
  if (c.change === 'removed') return 'PeerAuthentication removed: its workloads fall back to the namespace or mesh default';
  const now = effectiveModes(c.new);
  if (c.change === 'added') {
    const loose = [...now].filter(([, m]) => m === 'PERMISSIVE' || m === 'DISABLE');
    return loose.length ? `PeerAuthentication added with ${loose.map(([p, m]) => (p === '*' ? m : `port ${p} ${m}`)).join(', ')}: overrides a stricter default` : undefined;
  }
  const before = effectiveModes(c.old);
  for (const p of new Set([...before.keys(), ...now.keys()])) {
    const o = before.get(p) ?? before.get('*')!;
    const n = now.get(p) ?? now.get('*')!;
    if (o === 'STRICT' && n !== 'STRICT') return `${p === '*' ? 'spec.mtls.mode' : `port ${p}`} STRICT -> ${n}`;
  }
  const sel = selectorChanged(c, 'selector', 'targetRef', 'targetRefs');
  return sel && [...before.values()].includes('STRICT') ? `${REVIEW}: ${sel} changed, so other workloads may lose STRICT mTLS` : undefined;
}

// ---- AuthorizationPolicy: ALLOW grants what its rules match (no rules: nothing); DENY and
// CUSTOM (external check) restrict what their rules match, so for them a smaller match widens.

const action = (o: KubeObject | undefined): string => (typeof get(o?.spec, 'action') === 'string' ? (get(o?.spec, 'action') as string) : 'ALLOW');

function authzWidening(c: RiskInput, ctx: RiskContext): string | undefined {
  if (!is(subject(c), 'security.istio.io', 'AuthorizationPolicy') || inRemovedNamespace(c, ctx)) return undefined;
  const rules = (o: KubeObject | undefined) => list(get(o?.spec, 'rules'));
  if (c.change === 'added') {
    return action(c.new) === 'ALLOW' && rules(c.new).length > 0 ? `ALLOW policy added: grants access to workloads in ${c.new!.metadata.namespace ?? 'the mesh'}` : undefined;
  }
  if (c.change === 'removed') {
    const a = action(c.old);
    if (a === 'DENY') return 'DENY policy removed: requests it denied are admitted';
    if (a === 'CUSTOM') return 'CUSTOM (external authorization) policy removed: requests are no longer checked';
    if (a === 'ALLOW' && rules(c.old).length === 0) return 'allow-nothing policy removed: the workloads it closed may admit everything';
    // Narrows access, unless it was the last ALLOW policy of its workloads: Istio then allows all.
    if (a === 'ALLOW') return `${REVIEW}: ALLOW policy removed; if no other ALLOW policy selects its workloads they admit everything`;
    return undefined;
  }
  const [a, b] = [action(c.old), action(c.new)];
  if (a !== b) return a === 'DENY' ? `action DENY -> ${b}: requests it denied are admitted` : `${REVIEW}: action ${a} -> ${b}`;
  const sel = selectorChanged(c, 'selector', 'targetRef', 'targetRefs', 'provider');
  if (sel) return `${REVIEW}: ${sel} changed, so it applies to other workloads`;
  if (b === 'ALLOW') {
    const wider = widenedRules(rules(c.old), rules(c.new), 'rules', authzRuleCovered);
    return wider && `ALLOW policy allows more: ${wider}`;
  }
  if (b === 'DENY' || b === 'CUSTOM') {
    const narrower = widenedRules(rules(c.new), rules(c.old), 'rules', authzRuleCovered);
    return narrower && `${b} policy matches fewer requests (old ${narrower} not covered by the new rules)`;
  }
  return undefined;
}

// ---- NetworkPolicy: policies are additive allow-lists; a selected pod is isolated per policy type.

function policyTypes(o: KubeObject | undefined): string[] {
  const t = get(o?.spec, 'policyTypes');
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  return get(o?.spec, 'egress') !== undefined ? ['Ingress', 'Egress'] : ['Ingress']; // the API's defaults
}

function netpolWidening(c: RiskInput, ctx: RiskContext): string | undefined {
  if (!is(subject(c), 'networking.k8s.io', 'NetworkPolicy') || inRemovedNamespace(c, ctx)) return undefined;
  const ingress = (o: KubeObject | undefined) => list(get(o?.spec, 'ingress'));
  const egress = (o: KubeObject | undefined) => list(get(o?.spec, 'egress'));
  if (c.change === 'removed') return 'NetworkPolicy removed: traffic it isolated may be admitted';
  // An added policy with rules admits that traffic wherever another policy already isolates the
  // pods. In a namespace new in this diff nothing ran or was isolated before: its policies are
  // its initial allow-list (its Namespace addition is what the reviewer sees).
  if (c.change === 'added') {
    const [i, e] = [ingress(c.new).length, egress(c.new).length];
    if (!ctx.oldNamespaces.has(c.new!.metadata.namespace ?? '')) return undefined;
    return i + e > 0 ? `NetworkPolicy added in existing namespace ${c.new!.metadata.namespace}: admits ${[i ? `${i} ingress` : '', e ? `${e} egress` : ''].filter(Boolean).join(' and ')} rule${i + e > 1 ? 's' : ''}` : undefined;
  }
  const lostType = policyTypes(c.old).find((t) => !policyTypes(c.new).includes(t));
  if (lostType) return `policyTypes no longer include ${lostType}: ${lostType.toLowerCase()} of the selected pods is not restricted by it`;
  const sel = selectorChanged(c, 'podSelector');
  if (sel) return `${REVIEW}: podSelector changed, so it applies to other pods`;
  const wider = widenedRules(ingress(c.old), ingress(c.new), 'ingress', netpolRuleCovered('from')) ?? widenedRules(egress(c.old), egress(c.new), 'egress', netpolRuleCovered('to'));
  return wider && `NetworkPolicy admits more: ${wider}`;
}

// ---- RBAC: bindings grant; roles grant once bound (or at once, when aggregated into another role).

const AGGREGATE = /^rbac\.authorization\.k8s\.io\/aggregate-to-/;
const aggregateLabels = (o: KubeObject | undefined) => Object.keys(o?.metadata.labels ?? {}).filter((l) => AGGREGATE.test(l));
const subjectName = (s: unknown) => `${String(get(s, 'kind'))} ${get(s, 'namespace') ? `${String(get(s, 'namespace'))}/` : ''}${String(get(s, 'name'))}`;

function rbacWidening(c: RiskInput): string | undefined {
  const o = subject(c);
  if (is(o, 'rbac.authorization.k8s.io', 'RoleBinding', 'ClusterRoleBinding')) {
    const role = (b: KubeObject | undefined) => `${String(get(b, 'roleRef', 'kind'))} ${String(get(b, 'roleRef', 'name'))}`;
    const subjects = (b: KubeObject | undefined) => list(get(b, 'subjects'));
    if (c.change === 'added') return `${o.kind} added: grants ${role(c.new)} to ${subjects(c.new).map(subjectName).join(', ') || 'no subjects'}`;
    if (c.change === 'removed') return undefined;
    if (role(c.old) !== role(c.new)) return `${REVIEW}: roleRef ${role(c.old)} -> ${role(c.new)}`;
    const gained = subjects(c.new).filter((s) => !subjects(c.old).some((x) => jsonEqual(x, s)));
    return gained.length ? `gains subjects ${gained.map(subjectName).join(', ')} for ${role(c.new)}` : undefined;
  }
  if (is(o, 'rbac.authorization.k8s.io', 'Role', 'ClusterRole')) {
    const newAgg = aggregateLabels(c.new).filter((l) => !aggregateLabels(c.old).includes(l));
    if (c.change !== 'removed' && newAgg.length) return `${o.kind} aggregated into other roles (${newAgg.join(', ')}): its rules are granted to their subjects`;
    if (c.change !== 'changed') return undefined;
    if (!jsonEqual(get(c.old, 'aggregationRule'), get(c.new, 'aggregationRule'))) return `${REVIEW}: aggregationRule changed`;
    const wider = widenedRules(list(get(c.old, 'rules')), list(get(c.new, 'rules')), 'rules', rbacRuleCovered);
    return wider && `${o.kind} grants more: ${wider}`;
  }
  return undefined;
}

// ---- Guardrails: admission policies are the platform's last line against unsafe objects.

function guardrailRemoval(c: RiskInput): string | undefined {
  const o = subject(c);
  const vap = is(o, 'admissionregistration.k8s.io', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding');
  if (!vap && !is(o, 'kyverno.io', 'ClusterPolicy', 'Policy')) return undefined;
  if (c.change === 'removed') return `${o.kind} removed: its admission rules are no longer enforced`;
  if (c.change === 'added' || !vap) return c.change === 'changed' && c.fields.some((f) => f.path.startsWith('spec')) ? `${REVIEW}: guardrail rules changed` : undefined;
  const actions = (b: KubeObject | undefined) => list(get(b?.spec, 'validationActions'));
  if (o.kind === 'ValidatingAdmissionPolicyBinding' && actions(c.old).includes('Deny') && !actions(c.new).includes('Deny')) return 'validationActions no longer include Deny: violations are admitted';
  const failure = (p: KubeObject | undefined) => (get(p?.spec, 'failurePolicy') as string | undefined) ?? 'Fail';
  if (o.kind === 'ValidatingAdmissionPolicy' && failure(c.old) === 'Fail' && failure(c.new) === 'Ignore') return 'failurePolicy Fail -> Ignore: objects are admitted when the policy cannot be evaluated';
  return c.fields.some((f) => f.path.startsWith('spec')) ? `${REVIEW}: guardrail rules changed` : undefined;
}

// ---- Images: every image the platform installs is pinned; one that is not can change under it.

function images(v: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(v)) for (const x of v) images(x, out);
  else if (isMap(v)) for (const [k, x] of Object.entries(v)) (k === 'image' && typeof x === 'string' ? out.add(x) : images(x, out));
  return out;
}

/** An image reference with neither a digest nor a tag (a tag follows a ':' after the last '/'), or tagged `latest`. */
export function isUnpinnedImage(ref: string): boolean {
  if (ref.includes('@')) return false;
  const last = ref.slice(ref.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest';
}

function unpinnedImage(c: RiskInput): string | undefined {
  if (c.change === 'removed') return undefined;
  const before = images(c.old, new Set());
  const bad = [...images(c.new, new Set())].filter((i) => !before.has(i) && isUnpinnedImage(i));
  return bad.length ? `image ${bad.join(', ')} has no tag or digest (or is :latest): it can change without a diff` : undefined;
}

/** The rules, in the order their flags are listed. */
export const RISK_RULES: readonly RiskRule[] = [
  // CRDs are cluster-wide APIs: removing one deletes every resource of it, changing one can drop versions or fields stored objects use.
  { id: 'crd-change', check: (c) => (is(subject(c), 'apiextensions.k8s.io', 'CustomResourceDefinition') ? `CustomResourceDefinition ${c.change}: a cluster-wide API` : upstreamReleaseChange(c)) },
  // Deleting a namespace deletes everything in it, including data (PVCs) and secrets.
  { id: 'namespace-deletion', check: (c) => (c.change === 'removed' && is(c.old, '', 'Namespace') ? 'Namespace removed: everything in it is deleted' : undefined) },
  // STRICT mTLS is what makes workload identity (and identity-based authorization) hold.
  { id: 'mtls-loosening', check: mtlsLoosening },
  // Authorization policies are the L4/L7 allow-lists between agents.
  { id: 'authz-widening', check: authzWidening },
  // NetworkPolicies are the allow-lists when the mesh is off, and defence in depth when on.
  { id: 'netpol-widening', check: netpolWidening },
  // Bindings and role rules decide who may change the cluster.
  { id: 'rbac-widening', check: rbacWidening },
  // Admission policies reject unsafe objects; removing or weakening one admits them.
  { id: 'guardrail-removal', check: guardrailRemoval },
  // The platform pins every image; an unpinned one can change with no diff to review.
  { id: 'unpinned-image', check: unpinnedImage },
];

/** The risk flags of one change, in {@link RISK_RULES} order. */
export function assessRisks(c: RiskInput, ctx: RiskContext): Risk[] {
  const risks: Risk[] = [];
  for (const r of RISK_RULES) {
    const reason = r.check(c, ctx);
    if (reason) risks.push({ rule: r.id, reason });
  }
  return risks;
}
