import type { KubeObject } from '../../lib/core/plan';

/**
 * A small evaluator of Kubernetes NetworkPolicies (L4): a connection is allowed when the
 * source's egress and the destination's ingress both allow it. Pods selected by no policy of a
 * direction are unrestricted in that direction. Namespaces carry their labels plus
 * `kubernetes.io/metadata.name`.
 */
export interface Pod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

interface Peer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: unknown;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number }[];
}
interface Np {
  metadata: { namespace: string };
  spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes: string[]; ingress?: Rule[]; egress?: Rule[] };
}

const selects = (sel: { matchLabels?: Record<string, string> } | undefined, labels: Readonly<Record<string, string>>) =>
  !sel || Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

export function nsLabels(objects: readonly KubeObject[], ns: string): Record<string, string> {
  const o = objects.find((x) => x.kind === 'Namespace' && x.metadata.name === ns);
  return { ...(o?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

function peerMatches(objects: readonly KubeObject[], peer: Peer, policyNs: string, pod: Pod): boolean {
  if (peer.ipBlock) return false; // in-cluster pods are not matched by the public-internet block
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(objects, pod.namespace)) : pod.namespace === policyNs;
  return nsOk && selects(peer.podSelector, pod.labels);
}

function allowed(objects: readonly KubeObject[], dir: 'Ingress' | 'Egress', self: Pod, other: Pod, port: number): boolean {
  const policies = (objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === self.namespace) as unknown as Np[]).filter(
    (p) => p.spec.policyTypes.includes(dir) && selects(p.spec.podSelector, self.labels),
  );
  if (policies.length === 0) return true;
  return policies.some((p) =>
    ((dir === 'Ingress' ? p.spec.ingress : p.spec.egress) ?? []).some(
      (r) =>
        (!(dir === 'Ingress' ? r.from : r.to) || (dir === 'Ingress' ? r.from! : r.to!).some((peer) => peerMatches(objects, peer, p.metadata.namespace, other))) &&
        (!r.ports || r.ports.some((x) => x.port === undefined || x.port === port)),
    ),
  );
}

export function connects(objects: readonly KubeObject[], src: Pod, dst: Pod, port: number): boolean {
  return allowed(objects, 'Egress', src, dst, port) && allowed(objects, 'Ingress', dst, src, port);
}

/** Pod labels of an agent, from its Deployment. */
export function agentPod(objects: readonly KubeObject[], ns: string, agent: string): Pod {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && o.metadata.name === agent);
  if (!d) throw new Error(`no agent ${ns}/${agent}`);
  return { namespace: ns, labels: (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels };
}
