import type { KubeObject } from '../../lib/core/plan';

/**
 * A small evaluator of Istio Ambient authorization over synthesized objects, answering "may
 * workload A reach agent B": ztunnel enforces selector/namespace-wide policies at L4 (and must
 * never be handed an L7 field, which it would ignore); a Service labelled
 * `istio.io/use-waypoint` is reached through the waypoint, which enforces the policies that
 * target the Service, and ztunnel then sees the waypoint as the peer. Within a set of policies:
 * any matching DENY denies; with no ALLOW policy everything is allowed; otherwise a matching
 * ALLOW rule is needed (an ALLOW policy without rules matches nothing).
 */
export interface Workload {
  readonly namespace: string;
  readonly serviceAccount: string;
}
export interface Request {
  readonly from: Workload;
  readonly to: { readonly namespace: string; readonly agent: string };
  readonly port: number;
  readonly method?: string;
  readonly path?: string;
}

/** Fields the evaluator models; any other field in a policy makes it throw instead of guessing. */
const MODELLED = {
  spec: ['action', 'selector', 'targetRefs', 'rules'],
  rule: ['from', 'to'],
  source: ['principals', 'namespaces'],
  operation: ['ports', 'methods', 'paths'],
};
function onlyModelled(kind: keyof typeof MODELLED, o: object): void {
  const extra = Object.keys(o).filter((k) => !MODELLED[kind].includes(k));
  if (extra.length) throw new Error(`authz evaluator does not model ${kind}.${extra.join(', ')}`);
}

interface Policy {
  metadata: { name: string; namespace: string };
  spec: {
    action?: 'ALLOW' | 'DENY';
    selector?: { matchLabels: Record<string, string> };
    targetRefs?: { kind: string; name: string }[];
    rules?: { from?: { source: { principals?: string[]; namespaces?: string[] } }[]; to?: { operation: { ports?: string[]; methods?: string[]; paths?: string[]; hosts?: string[] } }[] }[];
  };
}

const principal = (w: Workload) => `cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}`;

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return pattern === path;
}

function ruleMatches(rule: NonNullable<Policy['spec']['rules']>[number], src: Workload, req: Request, l7: boolean): boolean {
  onlyModelled('rule', rule);
  for (const f of rule.from ?? []) {
    onlyModelled('source', f.source);
    for (const v of [...(f.source.principals ?? []), ...(f.source.namespaces ?? [])]) if (v.includes('*')) throw new Error('wildcards not modelled');
  }
  for (const t of rule.to ?? []) {
    onlyModelled('operation', t.operation);
    // Checked on every operation, not only up to the first match.
    if (!l7 && (t.operation.methods || t.operation.paths)) throw new Error('L7 field in a policy ztunnel enforces: ztunnel would ignore it');
  }
  const fromOk = !rule.from || rule.from.some(({ source: s }) => (!s.principals || s.principals.includes(principal(src))) && (!s.namespaces || s.namespaces.includes(src.namespace)));
  const toOk =
    !rule.to ||
    rule.to.some(({ operation: o }) => (!o.ports || o.ports.includes(String(req.port))) && (!o.methods || o.methods.includes(req.method ?? 'GET')) && (!o.paths || o.paths.some((p) => pathMatches(p, req.path ?? '/'))));
  return fromOk && toOk;
}

function decide(policies: Policy[], src: Workload, req: Request, l7: boolean): boolean {
  for (const p of policies) onlyModelled('spec', p.spec);
  const matches = (p: Policy) => (p.spec.rules ?? []).some((r) => ruleMatches(r, src, req, l7));
  if (policies.some((p) => p.spec.action === 'DENY' && matches(p))) return false;
  const allows = policies.filter((p) => (p.spec.action ?? 'ALLOW') === 'ALLOW');
  return allows.length === 0 || allows.some(matches);
}

export function mayReach(objects: readonly KubeObject[], req: Request): boolean {
  const ns = req.to.namespace;
  const policies = objects.filter((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === ns) as unknown as Policy[];
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.namespace === ns && o.metadata.name === req.to.agent);
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && o.metadata.name === req.to.agent);
  if (!service || !deployment) throw new Error(`no agent ${ns}/${req.to.agent}`);
  const podLabels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
  let src = req.from;
  const waypoint = service.metadata.labels?.['istio.io/use-waypoint'];
  if (waypoint) {
    const targeted = policies.filter((p) => p.spec.targetRefs?.some((t) => (t.kind === 'Service' && t.name === req.to.agent) || (t.kind === 'Gateway' && t.name === waypoint)));
    if (!decide(targeted, src, req, true)) return false;
    src = { namespace: ns, serviceAccount: waypoint };
  }
  const ztunnel = policies.filter((p) => !p.spec.targetRefs && (!p.spec.selector || Object.entries(p.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v)));
  return decide(ztunnel, src, req, false);
}
