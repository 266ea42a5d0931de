import { describe, expect, it } from 'vitest';
import { composeSpec } from '../lib/spec/compose';
import { buildPlan, PlanError } from '../lib/core/plan';
import { buildPlatform } from '../lib/core/platform';
import { namespaceScopeIncompatibilities } from '../lib/core/rbac-scope';
import { synthesize } from '../lib/synth';

const namespaced = { rbac: { scope: 'namespace' } };
const incompatible = (profile: string, target: string, spec: Record<string, unknown>) => {
  const platform = buildPlatform(composeSpec({ profile, target, spec }));
  return namespaceScopeIncompatibilities(platform, buildPlan(platform));
};
const error = (profile: string, target: string, spec: Record<string, unknown>): string => {
  try {
    synthesize(composeSpec({ profile, target, spec }));
  } catch (e) {
    if (e instanceof PlanError) return e.message;
    throw e;
  }
  return '';
};

describe('rbac.scope: namespace', () => {
  it('is off by default: cluster-wide grants are allowed', () => {
    expect(composeSpec({}).rbac.scope).toBe('cluster');
    expect(() => synthesize(composeSpec({ profile: 'full' }))).not.toThrow();
  });

  it('names every component that cannot run with namespaced grants, with the fix for each', () => {
    const msg = error('minimal', 'kind', namespaced);
    expect(msg.split('\n')[0]).toBe('[AP305] rbac.scope: namespace, but 3 components cannot run with namespace-scoped grants only: cert-manager, keycloak, agent-operator');
    expect(msg).toContain('  - cert-manager: installs Helm chart cert-manager (CRDs and operator RBAC are cluster-wide). Fix: set install.certManager: external (installed by the cluster administrators).');
    expect(msg).toContain('Fix: set install.agentOperator: external');
    // cert-manager is needed by the core: turning it off is no fix, and none is offered.
    expect(msg).not.toContain('features.certManager: false');
  });

  it('reports the platform\'s own cluster-wide grants (the UI reads every namespace) and OLM operators', () => {
    const ocp = incompatible('full', 'openshift', { ...namespaced, install: { certManager: 'external', keycloak: 'external', agentOperator: 'external', istio: 'external', spire: 'external', otelCollector: 'external', tekton: 'external', shipwright: 'external' }, features: { observability: { phoenix: false } } });
    expect(ocp.map((p) => p.component).sort()).toEqual(['kiali', 'mcp-gateway', 'ui']);
    expect(ocp.find((p) => p.component === 'ui')).toEqual({ component: 'ui', reasons: ['creates ClusterRole agentplane-ui', 'creates ClusterRoleBinding agentplane-ui'], fix: 'set features.ui: false' });
    expect(ocp.find((p) => p.component === 'kiali')!.reasons[0]).toMatch(/OLM operator kiali-ossm/);
  });

  it('points auto-instrumentation at its own fix: the operator it brings needs cluster-wide RBAC', () => {
    const spec = {
      ...namespaced,
      install: { certManager: 'external', keycloak: 'external', agentOperator: 'external', otelCollector: 'external' },
      features: { observability: { otel: true } },
      teams: [{ name: 'team1' }],
      agents: [{ name: 'a', team: 'team1', image: 'ghcr.io/example/a:1.0.0', telemetry: { autoInstrument: 'python' } }],
    };
    expect(incompatible('minimal', 'kind', spec)).toEqual([
      { component: 'tenancy', reasons: ['installs Helm chart opentelemetry-operator (CRDs and operator RBAC are cluster-wide)'], fix: 'remove telemetry.autoInstrument from the agents: the OpenTelemetry operator that injects it needs cluster-wide RBAC' },
    ]);
  });

  it('synthesizes a platform whose grants are all namespaced once the cluster-wide parts are external', () => {
    const out = synthesize(composeSpec({ profile: 'minimal', spec: { ...namespaced, install: { certManager: 'external', keycloak: 'external', agentOperator: 'external' }, teams: [{ name: 'team1' }] } }));
    const objects = out.files.flatMap((f) => f.objects);
    expect(objects.filter((o) => ['ClusterRole', 'ClusterRoleBinding', 'Subscription'].includes(o.kind))).toEqual([]);
    expect(out.plan.units.filter((u) => u.type !== 'object')).toEqual([]);
    expect(objects.filter((o) => o.kind === 'RoleBinding').length).toBeGreaterThan(0);
  });
});
