import { App, ApiObject, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { buildPlan, PlanError, type Plan, type PlanUnit } from '../lib/core/plan';
import { installOrder, type Platform } from '../lib/core/platform';
import type { ComponentDefinition } from '../lib/core/component';
import { composeSpec } from '../lib/spec/compose';
import { AGENTS_SPEC, PROFILES, synth, TARGETS } from './support/synth';

function position(plan: Plan): Map<string, number> {
  return new Map(plan.units.map((u, i) => [u.key, i]));
}

const isCustom = (u: PlanUnit) => u.type === 'object' && !['', 'apps', 'batch', 'policy'].includes(u.object.apiVersion.includes('/') ? u.object.apiVersion.split('/')[0]! : '') && !u.object.apiVersion.split('/')[0]!.endsWith('.k8s.io');

describe.each(PROFILES.flatMap((p) => TARGETS.map((t) => [p, t] as const)))('install plan %s/%s', (profile, target) => {
  const { plan } = synth(profile, target, AGENTS_SPEC);
  const pos = position(plan);

  it('orders every unit after everything it depends on', () => {
    for (const u of plan.units) for (const d of u.dependsOn) expect(pos.get(d)!, `${u.key} after ${d}`).toBeLessThan(pos.get(u.key)!);
  });

  it('creates namespaces before the objects in them', () => {
    const nsPos = new Map(plan.units.filter((u) => u.type === 'object' && u.object.kind === 'Namespace').map((u) => [(u as { object: { metadata: { name: string } } }).object.metadata.name, pos.get(u.key)!]));
    for (const u of plan.units) {
      const ns = u.type === 'object' ? u.object.metadata.namespace : u.type === 'helm' ? u.release.namespace : u.bundle.namespace;
      if (ns && nsPos.has(ns)) {
        expect(nsPos.get(ns)!, u.key).toBeLessThan(pos.get(u.key)!);
        expect(u.dependsOn.some((d) => d.startsWith(`v1|Namespace||${ns}`)), u.key).toBe(true);
      }
    }
  });

  it('installs CRD providers (charts, manifests, OLM subscriptions) before custom resources', () => {
    const customs = plan.units.filter(isCustom);
    expect(customs.length).toBeGreaterThan(0);
    for (const u of customs) {
      if (u.type !== 'object') continue;
      const group = u.object.apiVersion.split('/')[0]!;
      const provider = plan.providedGroups.get(group);
      if (!provider) continue; // served by the cluster (OLM, routes on OpenShift)
      expect(u.dependsOn, u.key).toContain(provider);
      expect(pos.get(provider)!).toBeLessThan(pos.get(u.key)!);
    }
  });

  it('installs components in dependency order', () => {
    const ids = plan.components.map((c) => c.id);
    expect(ids.indexOf('cert-manager')).toBeLessThan(ids.indexOf('agent-operator'));
    expect(ids.indexOf('keycloak')).toBeLessThan(ids.indexOf('agent-operator'));
    expect(ids.indexOf('agent-operator')).toBeLessThan(ids.indexOf('tenancy'));
    for (const c of plan.components) for (const d of c.dependsOn) expect(plan.components.find((x) => x.id === d)!.wave).toBeLessThan(c.wave);
  });
});

describe('component dependencies in the plan (what Pulumi dependsOn follows)', () => {
  it('include enabled optional dependencies, exactly as the GitOps waves do', () => {
    const { plan } = synth('full', 'kind', undefined);
    const deps = (id: string) => plan.components.find((c) => c.id === id)!.dependsOn;
    expect(deps('tenancy')).toEqual(expect.arrayContaining(['keycloak', 'agent-operator', 'guardrails', 'istio']));
    expect(deps('agent-operator')).toContain('istio');
    expect(deps('ingress')).toContain('kiali');
    for (const c of plan.components) for (const d of c.dependsOn) expect(plan.components.find((x) => x.id === d)!.wave).toBeLessThan(c.wave);
    const minimal = synth('minimal', 'kind', undefined).plan;
    expect(minimal.components.find((c) => c.id === 'tenancy')!.dependsOn).not.toContain('istio');
  });
});

describe('plan errors', () => {
  const platformWith = (build: (chart: Chart) => void): Platform => {
    const spec = composeSpec({});
    const app = new App({ outdir: 'unused' });
    const chart = new Chart(app, 'tenancy', { disableResourceNameHashes: true });
    build(chart);
    return { spec, app, components: [{ def: { id: 'tenancy', dependsOn: [] } as unknown as ComponentDefinition, chart, wave: 0, reason: 'test' }], skipped: [], external: [] };
  };

  it('rejects a custom resource whose API group nobody installs', () => {
    const p = platformWith((c) => new ApiObject(c, 'w', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team1' } }));
    expect(() => buildPlan(p)).toThrow(/Widget team1\/w \(component tenancy\) uses API group example.com, which no enabled component installs/);
  });

  it('rejects the same object twice', () => {
    const p = platformWith((c) => {
      new ApiObject(c, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
      new ApiObject(c, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    });
    expect(() => buildPlan(p)).toThrow(PlanError);
  });

  it('rejects dependency cycles between objects', () => {
    const p = platformWith((c) => {
      const a = new ApiObject(c, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'n' } });
      const b = new ApiObject(c, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'n' } });
      a.addDependency(b);
      b.addDependency(a);
    });
    expect(() => buildPlan(p)).toThrow(/dependency cycle/);
  });

  it('rejects component dependency cycles and missing dependencies by name', () => {
    const a = { id: 'keycloak', dependsOn: ['tenancy'] } as unknown as ComponentDefinition;
    const b = { id: 'tenancy', dependsOn: ['keycloak'] } as unknown as ComponentDefinition;
    expect(() => installOrder([a, b])).toThrow(/cycle: keycloak -> tenancy -> keycloak/);
    expect(() => installOrder([b])).toThrow(/tenancy depends on keycloak, which is off or not registered/);
  });
});
