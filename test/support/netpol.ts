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
  /** Source address for traffic that is not from a pod (kubelet probes); pods have none. */
  readonly ip?: string;
}

interface Peer {
  namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown };
  podSelector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown };
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol?: string; port?: number; endPort?: number }[];
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

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/') as [string, string];
  const n = (a: string) => a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return (n(ip) & mask) >>> 0 === (n(base) & mask) >>> 0;
}

function peerMatches(objects: readonly KubeObject[], peer: Peer, policyNs: string, pod: Pod): boolean {
  if (peer.namespaceSelector?.matchExpressions || peer.podSelector?.matchExpressions) throw new Error('matchExpressions not modelled');
  if (peer.ipBlock) return pod.ip !== undefined && inCidr(pod.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(pod.ip!, c));
  if (pod.ip !== undefined) return false; // non-pod sources match only ipBlocks
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
        (!r.ports || r.ports.some((x) => (x.protocol ?? 'TCP') === 'TCP' && (x.port === undefined || (x.endPort !== undefined ? port >= x.port && port <= x.endPort : x.port === port)))),
    ),
  );
}

/** A TCP connection from `src` to `dst`:`port`. Non-pod sources (with an `ip`) have no egress policies. */
export function connects(objects: readonly KubeObject[], src: Pod, dst: Pod, port: number): boolean {
  return (src.ip !== undefined || allowed(objects, 'Egress', src, dst, port)) && allowed(objects, 'Ingress', dst, src, port);
}

/** Pod labels of an agent, from its Deployment. */
export function agentPod(objects: readonly KubeObject[], ns: string, agent: string): Pod {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && o.metadata.name === agent);
  if (!d) throw new Error(`no agent ${ns}/${agent}`);
  return { namespace: ns, labels: (d.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels };
}
