import { synthesize } from '../lib/synth';
import { App, ApiObject, Chart } from 'cdk8s';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../lib/checks';
import type { ComponentDefinition } from '../lib/core/component';
import { buildPlan, PlanError, type KubeObject } from '../lib/core/plan';
import type { Platform } from '../lib/core/platform';
import { composeSpec, readSpecFile } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { allRules } from '../lib/rules';
import { ROOT } from './support/synth';

/** One trigger per rule: running it must report that rule id. Admission rules: test/guardrails.test.ts. */
const agent = (over: Record<string, unknown> = {}) => ({ name: 'a', team: 'team1', image: 'ghcr.io/o/a:1.0', ...over });
const team = { teams: [{ name: 'team1' }] };

function specIds(spec: unknown): string[] {
  try {
    composeSpec({ spec });
  } catch (e) {
    if (e instanceof SpecError) return e.issues.map((i) => i.rule ?? '');
    throw e;
  }
  return [];
}
function fileIds(text: string): string[] {
  const f = join(mkdtempSync(join(tmpdir(), 'ap-rules-')), 'spec.yaml');
  writeFileSync(f, text);
  try {
    readSpecFile(f);
  } catch (e) {
    return (e as SpecError).issues.map((i) => i.rule ?? '');
  }
  return [];
}
function planMessage(build: (c: Chart) => void): string {
  const app = new App({ outdir: 'unused' });
  const chart = new Chart(app, 'tenancy', { disableResourceNameHashes: true });
  build(chart);
  const p: Platform = { spec: composeSpec({}), app, components: [{ def: { id: 'tenancy', dependsOn: [] } as unknown as ComponentDefinition, chart, wave: 0, reason: 't' }], skipped: [], external: [] };
  try {
    buildPlan(p);
  } catch (e) {
    if (e instanceof PlanError) return e.message;
    throw e;
  }
  return '';
}
const checkIds = (o: Record<string, unknown>) => runChecks([o as KubeObject]).map((v) => v.rule.id);
const cm = (c: Chart, id: string, name: string) => new ApiObject(c, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'n' } });
const pod = (c: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }, containers: [{ name: 'c', image: 'x/y:1', resources: { requests: { cpu: '1', memory: '1' }, limits: { cpu: '1', memory: '1' } }, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }, ...c }] } });

const TRIGGERS: Record<string, () => string[]> = {
  AP001: () => checkIds({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x', namespace: 'y' } }),
  AP002: () => checkIds({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }),
  AP003: () => checkIds(pod({ resources: {} })),
  AP004: () => checkIds(pod({ image: 'x/y' })),
  AP005: () => checkIds(pod({ securityContext: {} })),
  AP006: () => checkIds({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { a: 'eA==' } }),
  AP007: () => checkIds({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'p', namespace: 'n' }, spec: { rules: [{}] } }),
  AP100: () => fileIds('teams: [\n'),
  AP101: () => specIds({ ...team, teamz: [] }),
  AP102: () => specIds({ teams: [{ name: 'Team!' }] }),
  AP103: () => specIds({ teams: [{ name: 'team1' }, { name: 'team1' }] }),
  AP104: () => specIds({ ...team, agents: [agent({ calls: ['nobody'] })] }),
  AP105: () => specIds({ ...team, agents: [agent({ image: 'ghcr.io/o/a:latest' })] }),
  AP106: () => specIds({ features: { kiali: true, istio: false } }),
  AP107: () => specIds({ ...team, agents: [agent({ calls: [{ agent: 'b', methods: ['GET'] }] }), agent({ name: 'b' })] }),
  AP108: () => specIds({ ...team, agents: [agent({ replicas: 50 })] }),
  AP109: () => specIds({ ...team, agents: [agent({ env: { AGENT_NAME: 'x' } })] }),
  AP110: () => specIds({ teams: [{ name: 'keycloak' }] }),
  AP111: () => specIds({ ...team, agents: [agent({ env: { API_TOKEN: 'abc' } })] }),
  AP112: () => specIds({ ...team, agents: [agent({ name: 'waypoint' })] }),
  AP113: () => specIds({ features: { istio: true }, keycloak: { hostname: 'sso.example.org' } }),
  AP114: () => specIds({ ...team, features: { istio: true }, agents: [agent({ port: 15006 })] }),
  AP115: () => specIds({ keycloak: { realms: [{ name: 'r', groups: [{ name: 'g', roles: ['missing'] }] }] } }),
  AP116: () => specIds({ keycloak: { platformRealm: { clients: [{ clientId: 'web', type: 'public', redirectUris: ['https://a.example/*'], exchange: ['x'] }] } } }),
  AP117: () => specIds({ spire: { jwtSvidTtl: '2h' } }),
  AP118: () => specIds({ target: 'kind', spire: { delivery: 'olm' } }),
  AP124: () => specIds({ install: { keycloak: 'off' } }),
  AP119: () => specIds({ features: { observability: { otel: true } }, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', telemetry: { protocol: 'http/protobuf', endpoint: 'http://otel-collector.observability:4317' } }] }),
  AP120: () => specIds({ teams: [{ name: 't', budget: { dailyTokens: 1000 } }] }),
  // features.builds on, registry off, kind has no internal registry.
  AP121: () => specIds({ features: { builds: true }, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', source: { git: 'https://git.example/a', revision: 'v1' } }] }),
  AP122: () => specIds({ features: { mcpGateway: true }, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', tools: [{ server: 'missing' }] }] }),
  AP125: () => specIds({ features: { observability: { otel: true } }, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', telemetry: { autoInstrument: 'go' } }] }),
  AP301: () => [planMessage((c) => new ApiObject(c, 'w', { apiVersion: 'example.com/v1', kind: 'W', metadata: { name: 'w', namespace: 'n' } })).slice(1, 6)],
  AP302: () => {
    // A tenancy object in a namespace that a later component creates.
    const app = new App({ outdir: 'unused' });
    const first = new Chart(app, 'tenancy', { disableResourceNameHashes: true });
    const later = new Chart(app, 'keycloak', { disableResourceNameHashes: true });
    cm(first, 'cm', 'x');
    new ApiObject(later, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    const def = (id: string) => ({ id, dependsOn: [] }) as unknown as ComponentDefinition;
    const p: Platform = { spec: composeSpec({}), app, components: [{ def: def('tenancy'), chart: first, wave: 0, reason: 't' }, { def: def('keycloak'), chart: later, wave: 1, reason: 't' }], skipped: [], external: [] };
    try {
      buildPlan(p);
    } catch (e) {
      return [(e as Error).message.slice(1, 6)];
    }
    return [];
  },
  AP303: () => [planMessage((c) => (cm(c, 'a', 'x'), cm(c, 'b', 'x'))).slice(1, 6)],
  AP305: () => {
    try {
      synthesize(composeSpec({ spec: { rbac: { scope: 'namespace' } } }));
    } catch (e) {
      return [(e as Error).message.slice(1, 6)];
    }
    return [];
  },
  AP304: () => [
    planMessage((c) => {
      const a = cm(c, 'a', 'a');
      const b = cm(c, 'b', 'b');
      a.addDependency(b);
      b.addDependency(a);
    }).slice(1, 6),
  ],
};

describe('rule catalogue', async () => {
  const rules = await allRules();

  it('has unique ids, each with a title, rationale and fix', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) expect(r.title && r.rationale && r.fix, r.id).toBeTruthy();
  });

  it.each(rules.filter((r) => r.stage !== 'admission').map((r) => r.id))('%s is reported by its trigger', (id) => {
    expect(TRIGGERS[id], `add a trigger for ${id}`).toBeDefined();
    expect(TRIGGERS[id]!()).toContain(id);
  });

  it('is listed in the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const r of rules) expect(readme, r.id).toContain(`| ${r.id} |`);
  });
});
