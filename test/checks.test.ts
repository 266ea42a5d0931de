import { clusterObjects } from '../lib/synth';
import { describe, expect, it } from 'vitest';
import { RULES, runChecks } from '../lib/checks';
import type { KubeObject } from '../lib/core/plan';
import { AGENTS_SPEC, PROFILES, synth, TARGETS } from './support/synth';

const pod = (container: Record<string, unknown>, podSc: Record<string, unknown> = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'team1' },
  spec: { selector: {}, template: { spec: { securityContext: podSc, containers: [{ name: 'c', ...container }] } } },
});
const good = {
  image: 'ghcr.io/o/a:1.0',
  resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

describe('synthesis checks, each both ways', () => {
  it.each<[string, KubeObject, string]>([
    ['cluster-scoped with a namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } }, RULES.clusterScopedNamespace.id],
    ['namespaced without a namespace', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }, RULES.namespacedWithoutNamespace.id],
    ['container without limits', pod({ ...good, resources: { requests: { cpu: '1', memory: '1Gi' } } }), RULES.containerResources.id],
    ['image without tag', pod({ ...good, image: 'ghcr.io/o/a' }), RULES.imagePinned.id],
    ['image tagged latest', pod({ ...good, image: 'ghcr.io/o/a:latest' }), RULES.imagePinned.id],
    ['privilege escalation allowed', pod({ ...good, securityContext: { capabilities: { drop: ['ALL'] } } }), RULES.restrictedSecurityContext.id],
    ['pod may run as root', pod(good, { seccompProfile: { type: 'RuntimeDefault' } }), RULES.restrictedSecurityContext.id],
    ['plaintext Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData: { password: 'x' } }, RULES.noPlaintextSecret.id],
    ['allow-everything AuthorizationPolicy', { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'n' }, spec: { action: 'ALLOW', rules: [{}] } }, RULES.noAllowAll.id],
    ['NetworkPolicy ingress from anywhere', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'n' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] } }, RULES.noAllowAll.id],
    ['NetworkPolicy egress anywhere', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'n' }, spec: { podSelector: {}, egress: [{}] } }, RULES.noAllowAll.id],
  ])('flags %s', (_n, object, id) => {
    expect(runChecks([object]).map((v) => v.rule.id)).toContain(id);
  });

  it('passes a compliant workload', () => {
    expect(runChecks([pod(good)])).toEqual([]);
  });

  it('passes deny-all and scoped allow policies', () => {
    const denyAll = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'n' }, spec: {} } as KubeObject;
    const scoped = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'q', namespace: 'n' }, spec: { rules: [{ from: [{ source: { namespaces: ['x'] } }] }] } } as KubeObject;
    const denyNp = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'd', namespace: 'n' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } } as KubeObject;
    expect(runChecks([denyAll, scoped, denyNp])).toEqual([]);
  });

  it.each(PROFILES.flatMap((p) => TARGETS.map((t) => [p, t] as const)))('passes everything the platform synthesizes (%s/%s)', (p, t) => {
    expect(runChecks(clusterObjects(synth(p, t, AGENTS_SPEC).files))).toEqual([]);
  });

  it('gives every rule a stable id, rationale and fix', () => {
    const ids = Object.values(RULES).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of Object.values(RULES)) expect(r.rationale.length * r.fix.length).toBeGreaterThan(0);
  });
});
