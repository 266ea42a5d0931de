import { describe, expect, it } from 'vitest';
import { composeSpec } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { renderGraph } from '../lib/graph';
import { mayReach, type Request } from './support/authz';
import { agentPod, connects } from './support/netpol';
import { MESH_SPEC, synth, TARGETS } from './support/synth';

const objectsOf = (profile: string, target: string, spec: unknown) => synth(profile, target, spec).files.flatMap((f) => f.objects);
const operator = { namespace: 'rossoctl-system', serviceAccount: 'controller-manager' };
const sa = (namespace: string, serviceAccount: string) => ({ namespace, serviceAccount });
const to = (agent: string, namespace = 'team1') => ({ namespace, agent });

/** The reference table of the three-agent sample (coordinator -> worker, coordinator -> critic). */
const MATRIX: [string, Request, boolean][] = [
  ['declared caller, same team (L4 edge)', { from: sa('team1', 'coordinator'), to: to('worker'), port: 8080 }, true],
  ['declared caller, L7 edge, allowed method and path', { from: sa('team1', 'coordinator'), to: to('critic'), port: 9000, method: 'POST', path: '/a2a/tasks' }, true],
  ['declared caller, L7 edge, wrong method', { from: sa('team1', 'coordinator'), to: to('critic'), port: 9000, method: 'DELETE', path: '/a2a/tasks' }, false],
  ['declared caller, L7 edge, wrong path', { from: sa('team1', 'coordinator'), to: to('critic'), port: 9000, method: 'POST', path: '/admin' }, false],
  ['declared caller, wrong port', { from: sa('team1', 'coordinator'), to: to('worker'), port: 9090 }, false],
  ['platform namespace (operator) -> worker', { from: operator, to: to('worker'), port: 8080 }, true],
  ['platform namespace (operator) -> critic card', { from: operator, to: to('critic'), port: 9000, method: 'GET', path: '/.well-known/agent-card.json' }, true],
  ['undeclared agent, same team: worker -> critic', { from: sa('team1', 'worker'), to: to('critic'), port: 9000, method: 'POST', path: '/a2a' }, false],
  ['undeclared agent, same team: critic -> worker', { from: sa('team1', 'critic'), to: to('worker'), port: 8080 }, false],
  ['undeclared reverse edge: worker -> coordinator', { from: sa('team1', 'worker'), to: to('coordinator'), port: 8080 }, false],
  ['other namespace: team2/reviewer -> worker', { from: sa('team2', 'reviewer'), to: to('worker'), port: 8080 }, false],
  ['other namespace: team2/reviewer -> critic', { from: sa('team2', 'reviewer'), to: to('critic'), port: 9000, method: 'POST', path: '/a2a' }, false],
  ['other namespace: default/anything -> coordinator', { from: sa('default', 'default'), to: to('coordinator'), port: 8080 }, false],
];

describe.each(TARGETS)('mesh policies from the call graph on %s', (target) => {
  const objects = objectsOf('full', target, MESH_SPEC);

  it.each(MATRIX)('%s', (_name, req, expected) => {
    expect(mayReach(objects, req)).toBe(expected);
  });

  it('enrolls team and platform namespaces in the ambient mesh with STRICT mTLS in every team', () => {
    for (const ns of ['team1', 'team2', 'rossoctl-system']) {
      expect(objects.find((o) => o.kind === 'Namespace' && o.metadata.name === ns)!.metadata.labels?.['istio.io/dataplane-mode']).toBe('ambient');
    }
    for (const ns of ['team1', 'team2']) {
      const pa = objects.find((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === ns)!;
      expect(pa.spec).toEqual({ mtls: { mode: 'STRICT' } });
    }
  });

  it('deploys a waypoint only where an edge needs L7, and binds only that Service to it', () => {
    const waypoints = objects.filter((o) => o.kind === 'Gateway' && (o.spec as { gatewayClassName: string }).gatewayClassName === 'istio-waypoint');
    expect(waypoints.map((w) => w.metadata.namespace)).toEqual(['team1']);
    const bound = objects.filter((o) => o.kind === 'Service' && o.metadata.labels?.['istio.io/use-waypoint']).map((o) => o.metadata.name);
    expect(bound).toEqual(['critic']);
  });

  it('never hands ztunnel an L7 rule', () => {
    for (const p of objects.filter((o) => o.kind === 'AuthorizationPolicy')) {
      const spec = p.spec as { targetRefs?: unknown; rules?: { to?: { operation: Record<string, unknown> }[] }[] };
      if (spec.targetRefs) continue;
      for (const r of spec.rules ?? []) for (const t of r.to ?? []) expect(Object.keys(t.operation)).toEqual(['ports']);
    }
  });

  it('lets mesh tunnels and the waypoint through the NetworkPolicies', () => {
    const waypoint = { namespace: 'team1', labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint' } };
    const coordinator = agentPod(objects, 'team1', 'coordinator');
    const critic = agentPod(objects, 'team1', 'critic');
    const istiod = { namespace: 'istio-system', labels: { app: 'istiod' } };
    expect(connects(objects, coordinator, waypoint, 15008)).toBe(true);
    expect(connects(objects, waypoint, critic, 15008)).toBe(true);
    expect(connects(objects, waypoint, istiod, 15012)).toBe(true);
    expect(connects(objects, coordinator, istiod, 15012)).toBe(false);
    expect(connects(objects, coordinator, critic, 9000)).toBe(false); // plaintext around the mesh
    // kubelet probes arrive from istio-cni's link-local address on the app port
    expect(connects(objects, { namespace: '', labels: {}, ip: '169.254.7.127' }, critic, 9000)).toBe(true);
    expect(connects(objects, { namespace: '', labels: {}, ip: '10.0.0.9' }, critic, 9000)).toBe(false);
  });

  it('replaces per-edge NetworkPolicies with an HBONE allowance between enrolled namespaces', () => {
    const names = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === 'team1').map((o) => o.metadata.name);
    expect(names).toContain('allow-mesh');
    expect(names.filter((n) => n.includes('allow-callers') || n.includes('allow-calls'))).toEqual([]);
  });
});

describe('istio off: NetworkPolicies enforce the same graph at L4', () => {
  // The sample without its L7 rules (NetworkPolicies cannot see HTTP).
  const l4Spec = JSON.parse(JSON.stringify(MESH_SPEC));
  l4Spec.agents[0].calls = ['worker', 'critic'];
  const meshObjects = objectsOf('full', 'kind', l4Spec);
  const plainObjects = objectsOf('minimal', 'kind', { ...l4Spec, features: { istio: false } });
  const agents = [
    ['team1', 'coordinator', 8080],
    ['team1', 'worker', 8080],
    ['team1', 'critic', 9000],
    ['team2', 'reviewer', 8080],
  ] as const;

  it.each(agents.flatMap((a) => agents.filter((b) => b !== a).map((b) => [a, b] as const)))('%j -> %j: same decision with and without the mesh', (a, b) => {
    const viaMesh = mayReach(meshObjects, { from: sa(a[0], a[1]), to: to(b[1], b[0]), port: b[2] });
    const viaNetpol = connects(plainObjects, agentPod(plainObjects, a[0], a[1]), agentPod(plainObjects, b[0], b[1]), b[2]);
    expect(viaNetpol).toBe(viaMesh);
  });

  it('admits the platform namespace in both', () => {
    const operatorPod = { namespace: 'rossoctl-system', labels: { 'control-plane': 'controller-manager' } };
    for (const [ns, name, port] of agents) {
      expect(connects(plainObjects, operatorPod, agentPod(plainObjects, ns, name), port)).toBe(true);
      expect(mayReach(meshObjects, { from: operator, to: to(name, ns), port })).toBe(true);
    }
  });
});

describe('L7 rules need an L7 enforcement point', () => {
  const l7 = (over: Record<string, unknown>) => ({
    teams: [{ name: 'team1' }],
    agents: [
      { name: 'a', team: 'team1', image: 'ghcr.io/o/a:1.0', calls: [{ agent: 'b', methods: ['GET'] }] },
      { name: 'b', team: 'team1', image: 'ghcr.io/o/b:1.0' },
    ],
    ...over,
  });
  const issues = (spec: unknown) => {
    try {
      composeSpec({ spec });
      return [];
    } catch (e) {
      return (e as SpecError).issues;
    }
  };

  it('rejects methods/paths without the mesh', () => {
    expect(issues(l7({}))).toEqual([expect.objectContaining({ path: 'agents[0].calls[0]', message: expect.stringMatching(/without the mesh only L4 NetworkPolicies/) })]);
  });
  it('rejects methods/paths with waypoints disabled', () => {
    expect(issues(l7({ features: { istio: true }, mesh: { waypoints: false } }))).toEqual([expect.objectContaining({ path: 'agents[0].calls[0]', fix: expect.stringMatching(/mesh.waypoints: true/) })]);
  });
  it('accepts them on the mesh with waypoints', () => {
    expect(issues(l7({ features: { istio: true } }))).toEqual([]);
  });
  it('names bad methods and paths by field', () => {
    const bad = l7({ features: { istio: true } });
    (bad.agents[0] as { calls: unknown[] }).calls = [{ agent: 'b', methods: ['FETCH'], paths: ['no-slash'] }, { agent: 'b', verbs: ['GET'] }];
    const paths = issues(bad).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['agents[0].calls[0].methods[0]', 'agents[0].calls[0].paths[0]', 'agents[0].calls[1].verbs']));
  });
});

describe('agentplane graph', () => {
  it('draws every edge with the policy enforcing it (Mermaid)', () => {
    const text = renderGraph(composeSpec({ spec: MESH_SPEC }), 'mermaid');
    expect(text).toMatch(/^flowchart LR/);
    expect(text).toContain('team1__coordinator -->|"ztunnel (L4, mTLS): cluster.local/ns/team1/sa/coordinator -> port 8080"| team1__worker');
    expect(text).toContain('team1__coordinator ==>|"waypoint (L7): cluster.local/ns/team1/sa/coordinator POST /a2a /a2a/*"| team1__critic');
    expect(text).toContain('platform(["platform: rossoctl-system"])');
  });

  it('draws NetworkPolicy edges as DOT when the mesh is off', () => {
    const spec = JSON.parse(JSON.stringify(MESH_SPEC));
    spec.features = { istio: false };
    spec.agents[0].calls = ['worker', 'critic'];
    const text = renderGraph(composeSpec({ spec }), 'dot');
    expect(text).toMatch(/^digraph agents \{/);
    expect(text).toContain('team1__coordinator -> team1__critic [label="NetworkPolicy: pods of team1/coordinator -> TCP 9000"];');
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });
});
