import { describe, expect, it } from 'vitest';
import { podSpecOf } from '../lib/checks';
import { POD_SECURITY_EXCEPTIONS } from '../lib/core/security';
import { TARGETS as TARGETS_BY_ID } from '../lib/targets';
import { teamPodSecurityLevel } from '../lib/tenancy/team';
import { AGENTS_SPEC, PROFILES, synth, TARGETS } from './support/synth';

describe.each(PROFILES.flatMap((p) => TARGETS.map((t) => [p, t] as const)))('secure by default on %s/%s', (profile, target) => {
  const out = synth(profile, target, AGENTS_SPEC);
  const objects = out.files.flatMap((f) => f.objects);

  it('enforces Pod Security restricted on every namespace it creates but the listed node-level ones', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace');
    expect(namespaces.length).toBeGreaterThan(3);
    for (const ns of namespaces) {
      const team = ns.metadata.labels?.['agentplane.dev/team'] !== undefined;
      const expected = team ? teamPodSecurityLevel(TARGETS_BY_ID[target]) : POD_SECURITY_EXCEPTIONS[ns.metadata.name]?.level ?? 'restricted';
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce'], ns.metadata.name).toBe(expected);
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/warn'], ns.metadata.name).toBe('restricted');
    }
    const teams = namespaces.filter((n) => n.metadata.labels?.['agentplane.dev/team']);
    // Never privileged; baseline only where no SCC adds the capability drop the operator's sidecar lacks.
    for (const t of teams) expect(t.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe(target === 'kind' ? 'baseline' : 'restricted');
  });

  it('sets no fixed UID where the target assigns them (SCCs)', () => {
    for (const o of objects) {
      const sc = podSpecOf(o)?.securityContext;
      if (!sc) continue;
      if (target === 'kind') expect(sc.runAsUser, o.metadata.name).toBeGreaterThan(0);
      else expect(sc.runAsUser, o.metadata.name).toBeUndefined();
    }
  });

  it('emits no Secret and no credential-shaped string', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const text = [...out.texts.values()].join('\n');
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(text).not.toMatch(/(password|secret|token|api[_-]?key)\s*[:=]\s*["']?[A-Za-z0-9+/_-]{12,}/i);
  });

  it('gives every team a default-deny policy and only the platform allowances', () => {
    if (profile === 'full') {
      for (const team of ['team1', 'team2']) {
        const ap = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.namespace === team && o.metadata.name === 'allow-nothing');
        expect(ap?.spec, team).toEqual({});
        expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === team && o.metadata.name === 'default-deny')).toBe(true);
      }
      return;
    }
    for (const team of ['team1', 'team2']) {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === team).map((o) => o.metadata.name);
      expect(policies).toEqual(expect.arrayContaining(['default-deny', 'allow-dns', 'allow-platform-ingress', 'allow-identity-egress']));
    }
  });

  it('lets a callee accept only its declared callers', () => {
    if (profile === 'full') {
      const p = objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'critic-callers')!;
      return void expect((p.spec as { rules: unknown }).rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/team1/sa/coordinator'] } }], to: [{ operation: { ports: ['9000'] } }] }]);
    }
    const critic = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'critic-allow-callers')!;
    expect(critic.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'critic', 'agentplane.dev/team': 'team2' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team1' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'coordinator', 'agentplane.dev/team': 'team1' } } }],
          ports: [{ protocol: 'TCP', port: 9000 }],
        },
      ],
    });
    expect(objects.some((o) => o.metadata.name === 'worker-allow-calls')).toBe(false);
  });
});

describe('agent wiring', () => {
  const objects = synth('minimal', 'kind', AGENTS_SPEC).files.flatMap((f) => f.objects);
  it('gives agents peer URLs from the call graph, as data', () => {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'coordinator-agent-config')!;
    const peers = JSON.parse((cm.data as Record<string, string>)['peers.json']!);
    expect(peers.map((p: { url: string }) => p.url)).toEqual(['http://worker.team1.svc.cluster.local:8080', 'http://critic.team2.svc.cluster.local:9000']);
    const card = JSON.parse((cm.data as Record<string, string>)['agent-card.json']!);
    expect(card).toMatchObject({ name: 'coordinator', version: '1.4.0', skills: [{ id: 'research', tags: ['planning', 'research'] }] });
  });

  it('chooses an AuthBridge mode that keeps namespaces restricted', () => {
    const rt = objects.filter((o) => o.kind === 'AgentRuntime');
    expect(rt).toHaveLength(3);
    for (const r of rt) expect(r.spec).toMatchObject({ type: 'agent', authBridgeMode: 'proxy-sidecar', egressEnforcement: 'none' });
    const meshed = synth('full', 'kind', AGENTS_SPEC).files.flatMap((f) => f.objects).filter((o) => o.kind === 'AgentRuntime');
    // Mesh on too: waypoint mode injects nothing, so nothing would validate or exchange a token.
    for (const r of meshed) expect(r.spec).toMatchObject({ authBridgeMode: 'proxy-sidecar', egressEnforcement: 'none', mtlsMode: 'disabled' });
  });

  it('rolls agent pods when their card or peers change', () => {
    const hash = (spec: unknown) => {
      const d = synth('minimal', 'kind', spec).files.flatMap((f) => f.objects).find((o) => o.kind === 'Deployment' && o.metadata.name === 'coordinator')!;
      return (d.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['agentplane.dev/config-hash'];
    };
    const changed = JSON.parse(JSON.stringify(AGENTS_SPEC));
    changed.agents[0].description = 'something else';
    expect(hash(AGENTS_SPEC)).not.toBe(hash(changed));
  });
});
