import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import type { KubeObject } from '../lib/core/plan';
import { assessRisks, componentOfPath, diffFields, diffSides, isUnpinnedImage, RISK_RULES, showValue, type RiskInput, type Side } from '../lib/diff';
import { placeObjects } from '../lib/diff/objects';
import { PINS } from '../lib/pins';
import { composeSpec, readSpecFile } from '../lib/spec/compose';
import { OUTPUT_MARKER, synthesize, writeOutput } from '../lib/synth';
import { ROOT } from './support/synth';

const FIX = join(ROOT, 'test', 'fixtures', 'diff');
const fixture = (name: string) => join(FIX, name);
const tmp = () => mkdtempSync(join(tmpdir(), 'agentplane-diff-'));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

interface JsonObject {
  change: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  fields?: { path: string; old?: unknown; new?: unknown }[];
  risks: { rule: string; reason: string }[];
}
interface JsonDiff {
  old: { source: string; kind: string };
  new: { source: string; kind: string };
  summary: { added: number; removed: number; changed: number; unchanged: number; risky: number };
  components: { component: string; objects: JsonObject[] }[];
}

async function json(...argv: string[]): Promise<JsonDiff> {
  const r = await run('diff', ...argv, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as JsonDiff;
}

const label = (o: JsonObject) => `${o.change} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/** Synthesizes a spec file into a fresh folder the way `agentplane synth` does. */
function synthFolder(specFile: string): string {
  const dir = join(tmp(), 'out');
  writeOutput(dir, synthesize(composeSpec({ profile: undefined, spec: readSpecFile(specFile), source: specFile })).texts);
  return dir;
}

describe('agentplane diff: end to end', () => {
  it('finds no differences between a spec and itself, in one line', async () => {
    const r = await run('diff', fixture('teams-2.yaml'), fixture('teams-2.yaml'));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^agentplane diff: \S+teams-2\.yaml -> \S+teams-2\.yaml: no differences \(\d+ objects unchanged\)\n$/);
    const j = await json(fixture('teams-2.yaml'), fixture('teams-2.yaml'));
    expect(j.components).toEqual([]);
    expect(j.summary).toMatchObject({ added: 0, removed: 0, changed: 0, risky: 0 });
    expect(j.summary.unchanged).toBeGreaterThan(40);
  });

  it('finds no differences between a spec and the folder synthesized from it', async () => {
    // team-agents has agents, env, literal blocks and quoted strings: the YAML round trip matters.
    const spec = join(ROOT, 'examples', 'team-agents.yaml');
    const dir = synthFolder(spec);
    const j = await json(spec, dir);
    expect(j.old.kind).toBe('spec');
    expect(j.new.kind).toBe('folder');
    expect(j.components).toEqual([]);
    expect(j.summary.unchanged).toBeGreaterThan(50);
    expect((await json(dir, spec)).components).toEqual([]);
  });

  it('a profile and its synthesized folder are equal too (full: every component, upstream kustomizations)', async () => {
    const dir = join(tmp(), 'full');
    writeOutput(dir, synthesize(composeSpec({ profile: 'full' })).texts);
    const j = await json('full', dir);
    expect(j.old.kind).toBe('profile');
    expect(j.components).toEqual([]);
    expect(j.summary.unchanged).toBeGreaterThan(100);
  });

  it('a version bump changes only the objects carrying that version', async () => {
    expect(PINS['cert-manager'].version).not.toBe('v1.17.3'); // the fixture must be a bump
    const j = await json(fixture('base.yaml'), fixture('cert-manager-bump.yaml'));
    expect(j.summary).toMatchObject({ added: 0, removed: 0, changed: 1, risky: 1 });
    expect(j.components).toEqual([
      {
        component: 'cert-manager',
        objects: [
          {
            change: 'changed',
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Application',
            namespace: 'argocd',
            name: 'cert-manager',
            fields: [{ path: 'spec.source.targetRevision', old: PINS['cert-manager'].version, new: 'v1.17.3' }],
            risks: [{ rule: 'crd-change', reason: expect.stringContaining('CRDs it installs may change') as unknown as string }],
          },
        ],
      },
    ]);
    const text = await run('diff', fixture('base.yaml'), fixture('cert-manager-bump.yaml'));
    expect(text.out.split('\n').slice(1).join('\n')).toBe(
      [
        '',
        'cert-manager:',
        '  ~ Application argocd/cert-manager',
        `      spec.source.targetRevision: "${PINS['cert-manager'].version}" -> "v1.17.3"`,
        `      ! crd-change: upstream release Application cert-manager changed (spec.source.targetRevision "${PINS['cert-manager'].version}" -> "v1.17.3"): the CRDs it installs may change`,
        '',
      ].join('\n'),
    );
    expect(text.out).toMatch(/^agentplane diff: \S+base\.yaml -> \S+cert-manager-bump\.yaml: 0 added, 0 removed, 1 changed, \d+ unchanged; 1 risky\n/);
  });

  it('adding a team adds its tenancy objects, flags its RoleBindings, and adds its realm group', async () => {
    const j = await json(fixture('teams-2.yaml'), fixture('teams-3.yaml'));
    expect(j.components.map((c) => c.component)).toEqual(['keycloak', 'tenancy']);
    // The platform realm has one group per team (its members' namespace attribute): the only
    // change outside tenancy, and a legitimate one.
    const keycloak = j.components[0]!.objects;
    expect(keycloak.map(label)).toEqual(['changed KeycloakRealmImport keycloak/rossoctl-realm']);
    expect(keycloak[0]!.fields!.map((f) => f.path)).toEqual(['spec.realm.groups[name=team3]']);
    expect(keycloak[0]!.fields![0]).toMatchObject({ new: { name: 'team3' } });
    expect(keycloak[0]!.fields![0]).not.toHaveProperty('old');
    expect(keycloak[0]!.risks).toEqual([]);

    const tenancy = j.components[1]!.objects;
    expect(tenancy.every((o) => o.change === 'added' && (o.namespace === 'team3' || (o.kind === 'Namespace' && o.name === 'team3')))).toBe(true);
    expect(tenancy.map((o) => `${o.kind} ${o.name}`)).toEqual([
      'ConfigMap authbridge-config',
      'ConfigMap authbridge-runtime-config',
      'LimitRange team-limits',
      'Namespace team3',
      'NetworkPolicy allow-dns',
      'NetworkPolicy allow-identity-egress',
      'NetworkPolicy allow-platform-ingress',
      'NetworkPolicy default-deny',
      'ResourceQuota team-quota',
      'Role agents-editor',
      'Role agents-viewer',
      'RoleBinding team-admins',
      'RoleBinding team-admins-agents',
      'RoleBinding team-viewers',
      'RoleBinding team-viewers-agents',
    ]);
    // New RoleBindings grant; NetworkPolicies in a namespace new in this diff are its initial allow-list.
    const risky = tenancy.filter((o) => o.risks.length > 0);
    expect(risky.map((o) => o.kind)).toEqual(['RoleBinding', 'RoleBinding', 'RoleBinding', 'RoleBinding']);
    expect(risky.flatMap((o) => o.risks.map((r) => r.rule))).toEqual(['rbac-widening', 'rbac-widening', 'rbac-widening', 'rbac-widening']);
    expect(risky[0]!.risks[0]!.reason).toBe('RoleBinding added: grants ClusterRole admin to Group team3-admins');
    expect(j.summary).toMatchObject({ added: 15, removed: 0, changed: 1, risky: 4 });
  });

  it('removing a team flags the namespace deletion once, not every policy inside it', async () => {
    const j = await json(fixture('teams-3.yaml'), fixture('teams-2.yaml'));
    const tenancy = j.components.find((c) => c.component === 'tenancy')!.objects;
    expect(tenancy.every((o) => o.change === 'removed')).toBe(true);
    const risky = tenancy.filter((o) => o.risks.length > 0);
    expect(risky.map(label)).toEqual(['removed Namespace team3']);
    expect(risky[0]!.risks).toEqual([{ rule: 'namespace-deletion', reason: 'Namespace removed: everything in it is deleted' }]);
  });

  it('minimal -> full flags the upstream releases that install CRDs', async () => {
    const j = await json('minimal', 'full');
    const objects = j.components.flatMap((c) => c.objects.map((o) => ({ ...o, component: c.component })));
    const crd = objects.filter((o) => o.risks.some((r) => r.rule === 'crd-change')).map((o) => `${o.component} ${o.kind} ${o.name}`);
    expect(crd).toEqual(expect.arrayContaining(['gateway-api Application gateway-api-crds', 'spire Application spire-crds', 'istio Application istio-base', 'tekton Application tekton-pipelines', 'tekton Kustomization tekton-pipelines', 'shipwright Kustomization shipwright-build']));
    expect(objects.filter((o) => o.change === 'removed').map(label)).toEqual(['removed Application argocd/agentplane-kind-minimal']);
    // Components in the new install order, gitops last; release kustomizations belong to the
    // component whose Application syncs them.
    const order = j.components.map((c) => c.component);
    expect(order.at(-1)).toBe('gitops');
    expect(order).not.toContain('upstream');
    expect(order.indexOf('gateway-api')).toBeLessThan(order.indexOf('tenancy'));
    // Component Applications move folders: a normal change, sync wave included.
    const keycloakApp = objects.find((o) => o.name === 'agentplane-keycloak')!;
    expect(keycloakApp.fields!.map((f) => f.path)).toEqual(['metadata.annotations["argocd.argoproj.io/sync-wave"]', 'spec.source.path']);
    expect(keycloakApp.fields![1]).toMatchObject({ old: expect.stringMatching(/^charts-out\/kind-minimal\/\d\d-keycloak$/), new: expect.stringMatching(/^charts-out\/kind-full\/\d\d-keycloak$/) });
    expect(j.summary.risky).toBe(objects.filter((o) => o.risks.length > 0).length);
  });

  it('prints the same bytes on every run', async () => {
    const a = await run('diff', 'minimal', 'agentstack');
    const b = await run('diff', 'minimal', 'agentstack');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const c = await run('diff', 'minimal', 'agentstack', '--json');
    const d = await run('diff', 'minimal', 'agentstack', '--json');
    expect(c.out).toBe(d.out);
  });

  it('honours --target for profiles', async () => {
    const j = await json('minimal', 'minimal', '--target', 'openshift');
    expect(j.components).toEqual([]);
  });
});

describe('agentplane diff: errors', () => {
  it('exits 2 with one clear line on usage errors', async () => {
    const zero = await run('diff');
    expect(zero).toEqual({ code: 2, out: '', err: "agentplane diff: expected OLD and NEW. See 'agentplane diff --help'.\n" });
    const one = await run('diff', 'minimal');
    expect(one).toEqual({ code: 2, out: '', err: "agentplane diff: expected OLD and NEW. See 'agentplane diff --help'.\n" });
    const three = await run('diff', 'minimal', 'full', 'agentstack');
    expect(three.code).toBe(2);
    expect(three.err).toBe('agentplane diff: unexpected argument "agentstack". See \'agentplane diff --help\'.\n');

    const missing = await run('diff', 'minimal', join(tmp(), 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^agentplane diff: NEW "\S+nope\.yaml": no such file\. Pass a spec file \(\.yaml, \.yml, \.json\), a profile \(minimal, full, agentstack\) or a folder written by 'agentplane synth'\. See 'agentplane diff --help'\.\n$/);

    const unknown = await run('diff', 'minimall', 'full');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^agentplane diff: OLD "minimall" is not a spec file .*a profile \(minimal, full, agentstack\)/);

    const notOurs = tmp();
    writeFileSync(join(notOurs, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const folder = await run('diff', notOurs, 'minimal');
    expect(folder.code).toBe(2);
    expect(folder.err).toContain(`OLD "${notOurs}" is a folder not written by 'agentplane synth' (no ${OUTPUT_MARKER})`);
    expect(`${zero.err}${missing.err}${folder.err}`).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with the spec error, like the other commands', async () => {
    const bad = join(tmp(), 'bad.yaml');
    writeFileSync(bad, 'teams: 3\n');
    const r = await run('diff', 'minimal', bad);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^agentplane diff: invalid platform spec \(\S+bad\.yaml\): 1 problem\n {2}- teams: /);
  });

  it('exits 1 on an unreadable synthesized folder, naming the file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, OUTPUT_MARKER), '');
    mkdirSync(join(dir, '01-x'));
    writeFileSync(join(dir, '01-x', 'a.yaml'), 'apiVersion: v1\nkind: [\n');
    const r = await run('diff', dir, 'minimal');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^agentplane diff: \S+: 01-x\/a\.yaml: YAML syntax error at line \d+, column \d+/);

    writeFileSync(join(dir, '01-x', 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n- just a list\n');
    const r2 = await run('diff', dir, 'minimal');
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('01-x/a.yaml: document 2 is not a Kubernetes object');
  });

  it('documents itself', async () => {
    const r = await run('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: agentplane diff OLD NEW/);
    expect(r.out).toMatch(/summary\.risky/);
  });
});

// ---- units

const obj = (apiVersion: string, kind: string, name: string, namespace: string | undefined, rest: Record<string, unknown> = {}): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...rest,
});

function side(source: string, files: Record<string, KubeObject[]>): Side {
  return { source, kind: 'folder', platform: placeObjects(Object.entries(files).map(([path, objects]) => ({ path, objects }))) };
}

describe('objects and fields', () => {
  it('maps output paths to components', () => {
    expect(componentOfPath('03-keycloak/instance.yaml')).toBe('keycloak');
    expect(componentOfPath('12-agent-operator/operator-chart.yaml')).toBe('agent-operator');
    expect(componentOfPath('apps/03-keycloak.yaml')).toBe('gitops');
    expect(componentOfPath('app-of-apps.yaml')).toBe('gitops');
    expect(componentOfPath('upstream/tekton-pipelines/kustomization.yaml')).toBe('upstream');
  });

  it('treats an apiVersion bump as a change of one object', () => {
    const before = side('a', { '01-x/a.yaml': [obj('example.io/v1beta1', 'Thing', 't', 'ns', { spec: { a: 1 } })] });
    const after = side('b', { '01-x/a.yaml': [obj('example.io/v1', 'Thing', 't', 'ns', { spec: { a: 1 } })] });
    const r = diffSides(before, after);
    expect(r.summary).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(r.components[0]!.objects[0]!.fields).toEqual([{ path: 'apiVersion', old: 'example.io/v1beta1', new: 'example.io/v1' }]);
  });

  it('reports an object that moved to another component', () => {
    const o = obj('v1', 'ConfigMap', 'c', 'ns');
    const r = diffSides(side('a', { '01-x/a.yaml': [o] }), side('b', { '02-y/a.yaml': [o] }));
    expect(r.components).toEqual([{ component: 'y', objects: [{ change: 'changed', object: o, fields: [], movedFrom: 'x', risks: [] }] }]);
  });

  it('matches named list items by name, others by index, and quotes odd keys', () => {
    const a = { spec: { containers: [{ name: 'a', image: 'i:1' }, { name: 'b', image: 'j:1' }], args: ['x', 'y'] }, metadata: { annotations: { 'a.io/x': '1' } } };
    const b = { spec: { containers: [{ name: 'new', image: 'k:1' }, { name: 'a', image: 'i:2' }, { name: 'b', image: 'j:1' }], args: ['x'] }, metadata: { annotations: { 'a.io/x': '2' } } };
    expect(diffFields(a, b)).toEqual([
      { path: 'spec.containers[name=new]', new: { name: 'new', image: 'k:1' } },
      { path: 'spec.containers[name=a].image', old: 'i:1', new: 'i:2' },
      { path: 'spec.args[1]', old: 'y' },
      { path: 'metadata.annotations["a.io/x"]', old: '1', new: '2' },
    ]);
    // Reordering named items is reported, not ignored.
    expect(diffFields({ l: [{ name: 'a' }, { name: 'b' }] }, { l: [{ name: 'b' }, { name: 'a' }] })).toEqual([{ path: 'l (order)', old: ['a', 'b'], new: ['b', 'a'] }]);
    // Type changes carry both values; equal values of different key order are equal.
    expect(diffFields({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } })).toEqual([]);
    expect(diffFields({ x: '1' }, { x: 1 })).toEqual([{ path: 'x', old: '1', new: 1 }]);
  });

  it('truncates long text values around the first difference', () => {
    const a = `${'x'.repeat(200)}A${'y'.repeat(50)}`;
    const b = `${'x'.repeat(200)}B${'y'.repeat(50)}`;
    expect(showValue(a, b)).toMatch(/^…x{20}A/);
    expect(showValue(a, b).length).toBeLessThanOrEqual(80);
    expect(showValue('short')).toBe('"short"');
    expect(showValue(undefined)).toBe('(none)');
  });
});

// ---- risk rules: one risky and one harmless change per rule

const ctx = { removedNamespaces: new Set<string>(), oldNamespaces: new Set(['team1', 'argocd']) };
const changed = (old: KubeObject, now: KubeObject, component = 'x'): RiskInput => ({ change: 'changed', component, old, new: now, fields: diffFields(old, now) });
const added = (now: KubeObject, component = 'x'): RiskInput => ({ change: 'added', component, new: now, fields: [] });
const removed = (old: KubeObject, component = 'x'): RiskInput => ({ change: 'removed', component, old, fields: [] });
const rules = (c: RiskInput, context = ctx) => assessRisks(c, context).map((r) => r.rule);

const pa = (mode: string | undefined, ports?: Record<string, unknown>) => obj('security.istio.io/v1', 'PeerAuthentication', 'default', 'team1', { spec: { ...(mode ? { mtls: { mode } } : {}), ...(ports ? { portLevelMtls: ports } : {}) } });
const authz = (spec: Record<string, unknown>) => obj('security.istio.io/v1', 'AuthorizationPolicy', 'p', 'team1', { spec });
const from = (...principals: string[]) => ({ from: [{ source: { principals } }] });
const netpol = (spec: Record<string, unknown>) => obj('networking.k8s.io/v1', 'NetworkPolicy', 'n', 'team1', { spec: { podSelector: {}, ...spec } });
const role = (rulesList: unknown[], labels?: Record<string, string>) => ({ ...obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'r', undefined, { rules: rulesList }), ...(labels ? { metadata: { name: 'r', labels } } : {}) });
const binding = (subjects: unknown[]) => obj('rbac.authorization.k8s.io/v1', 'RoleBinding', 'b', 'team1', { roleRef: { kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' }, subjects });
const app = (rev: string, values: Record<string, unknown> = {}) => obj('argoproj.io/v1alpha1', 'Application', 'chart', 'argocd', { spec: { source: { repoURL: 'https://c', chart: 'c', targetRevision: rev, helm: { valuesObject: values } } } });
const deploy = (image: string) => obj('apps/v1', 'Deployment', 'd', 'team1', { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });

describe('risk rules', () => {
  it('has a stable id per rule', () => {
    expect(RISK_RULES.map((r) => r.id)).toEqual(['crd-change', 'namespace-deletion', 'mtls-loosening', 'authz-widening', 'netpol-widening', 'rbac-widening', 'guardrail-removal', 'unpinned-image']);
  });

  it('crd-change: CRDs and upstream releases, not their tuning', () => {
    const crd = obj('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'things.example.io', undefined, { spec: { group: 'example.io' } });
    expect(rules(added(crd))).toEqual(['crd-change']);
    expect(rules(removed(crd))).toEqual(['crd-change']);
    expect(rules(changed(app('1.0.0'), app('1.1.0')))).toEqual(['crd-change']);
    expect(rules(changed(app('1.0.0'), app('1.0.0', { crds: { keep: false } })))).toEqual(['crd-change']);
    expect(rules(changed(app('1.0.0', { replicas: 1 }), app('1.0.0', { replicas: 2 })))).toEqual([]);
    // Applications syncing agentplane's own folders carry no upstream CRDs.
    expect(rules(changed(app('main'), app('v2'), 'gitops'))).toEqual([]);
    expect(rules(added(app('1.0.0'), 'gitops'))).toEqual([]);
  });

  it('namespace-deletion: a removed Namespace, not an added one', () => {
    const ns = obj('v1', 'Namespace', 'team1', undefined);
    expect(assessRisks(removed(ns), ctx)).toEqual([{ rule: 'namespace-deletion', reason: 'Namespace removed: everything in it is deleted' }]);
    expect(rules(added(ns))).toEqual([]);
  });

  it('mtls-loosening: STRICT to PERMISSIVE/DISABLE/UNSET, port exemptions, removal; not tightening', () => {
    expect(assessRisks(changed(pa('STRICT'), pa('PERMISSIVE')), ctx)).toEqual([{ rule: 'mtls-loosening', reason: 'spec.mtls.mode STRICT -> PERMISSIVE' }]);
    expect(rules(changed(pa('STRICT'), pa(undefined)))).toEqual(['mtls-loosening']);
    expect(rules(changed(pa('STRICT'), pa('STRICT', { '8080': { mode: 'DISABLE' } })))).toEqual(['mtls-loosening']);
    expect(rules(removed(pa('STRICT')))).toEqual(['mtls-loosening']);
    expect(rules(added(pa('PERMISSIVE')))).toEqual(['mtls-loosening']);
    expect(rules(changed(pa('PERMISSIVE'), pa('STRICT')))).toEqual([]);
    expect(rules(added(pa('STRICT')))).toEqual([]);
    // Its namespace going too is the namespace-deletion flag's business.
    expect(rules(removed(pa('STRICT')), { ...ctx, removedNamespaces: new Set(['team1']) })).toEqual([]);
  });

  it('authz-widening: wider ALLOW rules, weaker DENY, removed DENY, added ALLOW; not narrowing', () => {
    const allow = authz({ action: 'ALLOW', rules: [from('a')] });
    expect(assessRisks(changed(allow, authz({ action: 'ALLOW', rules: [from('a', 'b')] })), ctx)).toEqual([{ rule: 'authz-widening', reason: 'ALLOW policy allows more: rules[0].from[0].source.principals gains b' }]);
    expect(rules(changed(allow, authz({ action: 'ALLOW', rules: [from('a'), from('c')] })))).toEqual(['authz-widening']);
    expect(rules(changed(authz({ rules: [{ ...from('a'), when: [{ key: 'request.auth.claims[iss]', values: ['x'] }] }] }), allow))).toEqual(['authz-widening']);
    expect(rules(changed(authz({ rules: [{ ...from('a'), to: [{ operation: { methods: ['GET'] } }] }] }), authz({ rules: [{ ...from('a'), to: [{ operation: { methods: ['GET', 'POST'] } }] }] })))).toEqual(['authz-widening']);
    expect(rules(changed(authz({ action: 'DENY', rules: [from('a', 'b')] }), authz({ action: 'DENY', rules: [from('a')] })))).toEqual(['authz-widening']);
    expect(rules(changed(authz({ action: 'DENY', rules: [from('a')] }), authz({ action: 'ALLOW', rules: [from('a')] })))).toEqual(['authz-widening']);
    expect(rules(removed(authz({ action: 'DENY', rules: [from('a')] })))).toEqual(['authz-widening']);
    expect(rules(added(allow))).toEqual(['authz-widening']);
    // Harmless: narrowing, a tighter DENY, an allow-nothing policy, an added DENY, a label.
    expect(rules(changed(authz({ action: 'ALLOW', rules: [from('a', 'b')] }), allow))).toEqual([]);
    expect(rules(changed(authz({ action: 'DENY', rules: [from('a')] }), authz({ action: 'DENY', rules: [from('a', 'b')] })))).toEqual([]);
    expect(rules(added(authz({})))).toEqual([]);
    expect(rules(added(authz({ action: 'DENY', rules: [from('a')] })))).toEqual([]);
    expect(rules(changed(allow, { ...allow, metadata: { ...allow.metadata, labels: { a: 'b' } } }))).toEqual([]);
    // Unclassifiable: flagged for review.
    expect(assessRisks(changed(allow, { ...allow, spec: { ...(allow.spec as object), selector: { matchLabels: { app: 'x' } } } }), ctx)[0]!.reason).toMatch(/^policy changed, review: selector changed/);
  });

  it('netpol-widening: removal, new peers or ports, lost policy type; not narrowing', () => {
    const base = netpol({ policyTypes: ['Ingress', 'Egress'], ingress: [{ from: [{ podSelector: { matchLabels: { a: '1' } } }], ports: [{ port: 80 }] }], egress: [] });
    expect(rules(removed(base))).toEqual(['netpol-widening']);
    expect(rules(changed(base, netpol({ ...(base.spec as object), ingress: [{ from: [{ podSelector: { matchLabels: { a: '1' } } }, { namespaceSelector: {} }], ports: [{ port: 80 }] }] })))).toEqual(['netpol-widening']);
    expect(rules(changed(base, netpol({ ...(base.spec as object), ingress: [{ from: [{ podSelector: { matchLabels: { a: '1' } } }] }] })))).toEqual(['netpol-widening']);
    expect(rules(changed(base, netpol({ ...(base.spec as object), policyTypes: ['Ingress'] })))).toEqual(['netpol-widening']);
    expect(rules(changed(base, netpol({ ...(base.spec as object), egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] })))).toEqual(['netpol-widening']);
    expect(rules(added(base))).toEqual(['netpol-widening']); // team1 existed before
    expect(rules(added({ ...base, metadata: { name: 'n', namespace: 'brand-new' } }))).toEqual([]);
    // Harmless: fewer ports, a rule removed, a default-deny added.
    expect(rules(changed(base, netpol({ ...(base.spec as object), ingress: [] })))).toEqual([]);
    expect(rules(added(netpol({ policyTypes: ['Ingress', 'Egress'] })))).toEqual([]);
  });

  it('rbac-widening: new bindings and subjects, more verbs or resources, aggregation; not narrowing', () => {
    const subj = { kind: 'Group', name: 'g' };
    expect(rules(added(binding([subj])))).toEqual(['rbac-widening']);
    expect(rules(changed(binding([subj]), binding([subj, { kind: 'ServiceAccount', name: 'sa', namespace: 'team1' }])))).toEqual(['rbac-widening']);
    const read = { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] };
    expect(assessRisks(changed(role([read]), role([{ ...read, verbs: ['get', 'delete'] }])), ctx)).toEqual([{ rule: 'rbac-widening', reason: 'ClusterRole grants more: rules[0].verbs gains delete' }]);
    expect(rules(changed(role([read]), role([read, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }])))).toEqual(['rbac-widening']);
    expect(rules(changed(role([{ ...read, resourceNames: ['a'] }]), role([read])))).toEqual(['rbac-widening']);
    expect(rules(added(role([read], { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' })))).toEqual(['rbac-widening']);
    // Harmless: a removed binding, fewer subjects, fewer verbs, a new unbound role, a verb within '*'.
    expect(rules(removed(binding([subj])))).toEqual([]);
    expect(rules(changed(binding([subj, { kind: 'Group', name: 'h' }]), binding([subj])))).toEqual([]);
    expect(rules(changed(role([{ ...read, verbs: ['get', 'list'] }]), role([read])))).toEqual([]);
    expect(rules(added(role([read])))).toEqual([]);
    expect(rules(changed(role([{ ...read, verbs: ['*'] }]), role([{ ...read, verbs: ['delete'] }])))).toEqual([]);
  });

  it('guardrail-removal: removed or weakened admission policies; not added ones', () => {
    const vap = obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicy', 'p', undefined, { spec: { failurePolicy: 'Fail', validations: [{ expression: 'true' }] } });
    const vapb = obj('admissionregistration.k8s.io/v1', 'ValidatingAdmissionPolicyBinding', 'b', undefined, { spec: { policyName: 'p', validationActions: ['Deny'] } });
    expect(rules(removed(vap))).toEqual(['guardrail-removal']);
    expect(rules(removed(vapb))).toEqual(['guardrail-removal']);
    expect(rules(changed(vapb, { ...vapb, spec: { policyName: 'p', validationActions: ['Warn'] } }))).toEqual(['guardrail-removal']);
    expect(rules(changed(vap, { ...vap, spec: { ...(vap.spec as object), failurePolicy: 'Ignore' } }))).toEqual(['guardrail-removal']);
    expect(rules(added(vap))).toEqual([]);
    expect(rules(changed(vap, { ...vap, metadata: { name: 'p', labels: { a: 'b' } } }))).toEqual([]);
  });

  it('unpinned-image: an image with neither tag nor digest', () => {
    expect(isUnpinnedImage('ghcr.io/o/a')).toBe(true);
    expect(isUnpinnedImage('localhost:5000/o/a')).toBe(true);
    expect(isUnpinnedImage('ghcr.io/o/a:latest')).toBe(true);
    expect(isUnpinnedImage('localhost:5000/o/a:1.2')).toBe(false);
    expect(isUnpinnedImage('ghcr.io/o/a@sha256:abc')).toBe(false);
    expect(rules(changed(deploy('ghcr.io/o/a:1.0'), deploy('ghcr.io/o/a')))).toEqual(['unpinned-image']);
    expect(rules(added(deploy('ghcr.io/o/a')))).toEqual(['unpinned-image']);
    expect(rules(changed(deploy('ghcr.io/o/a:1.0'), deploy('ghcr.io/o/a:1.1')))).toEqual([]);
  });
});
