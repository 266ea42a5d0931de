import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../lib/core/plan';
import { buildPlan } from '../lib/core/plan';
import { buildPlatform } from '../lib/core/platform';
import { ReleaseManifests } from '../lib/core/upstream';
import { composeSpec } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { AGENTS_SPEC, BRING_YOUR_OWN_SPEC, IDENTITY_NO_SPIRE_SPEC, IDENTITY_SPEC, ROOT } from './support/synth';

/**
 * The Pulumi backend under `pulumi.runtime.setMocks`: every plan unit must register exactly one
 * resource of the right type with the synthesized object as inputs, Helm releases must carry
 * the same chart, version and values as the GitOps form, and no input may hold a credential.
 * Ordering is asserted on the plan (mocks do not see dependsOn).
 */
interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
}
const registered: Registered[] = [];

type Deploy = typeof import('../lib/backends/pulumi/deploy');
let deploy: Deploy;
let k8s: typeof import('@pulumi/kubernetes');

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    'agentplane',
    'kind',
    false,
  );
  deploy = await import('../lib/backends/pulumi/deploy');
  k8s = await import('@pulumi/kubernetes');
});

function settle(resources: Iterable<pulumi.Resource>): Promise<unknown> {
  return Promise.all([...resources].map((r) => new Promise((resolve) => r.urn.apply(resolve))));
}

function expectedType(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['core', apiVersion];
  return `kubernetes:${group}/${version}:${kind}`;
}

async function deployed(target: string, profile: string, spec?: unknown): Promise<{ plan: Plan; mine: Registered[] }> {
  const plan = buildPlan(buildPlatform(composeSpec({ profile, target, spec })));
  const before = registered.length;
  const provider = new k8s.Provider(`cluster-${target}-${profile}`, { context: 'test-context' });
  const resources = deploy.deployPlan(plan, { provider });
  await settle([...resources.values(), provider]);
  return { plan, mine: registered.slice(before) };
}

describe.each([
  ['kind', 'minimal', AGENTS_SPEC],
  ['microshift', 'full', undefined],
  ['openshift', 'full', AGENTS_SPEC],
  ['kind', 'full', BRING_YOUR_OWN_SPEC],
])('Pulumi backend on %s/%s', (target, profile, spec) => {
  it('turns every plan unit into exactly one resource of the right type', async () => {
    const { plan, mine } = await deployed(target as string, profile as string, spec);
    const k8sResources = mine.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes');
    expect(k8sResources.length).toBe(plan.units.length);
    for (const u of plan.units) {
      const name = deploy.resourceName(u);
      const r = k8sResources.filter((x) => x.name === name);
      expect(r, name).toHaveLength(1);
      if (u.type === 'object') {
        expect(r[0]!.type).toBe(expectedType(u.object.apiVersion, u.object.kind));
        expect(r[0]!.inputs.metadata).toMatchObject({ name: u.object.metadata.name });
        if (u.object.spec !== undefined) expect(r[0]!.inputs.spec).toEqual(u.object.spec);
      } else if (u.type === 'helm') {
        expect(r[0]!.type).toBe('kubernetes:helm.sh/v3:Release');
        expect(r[0]!.inputs).toMatchObject({ chart: u.release.chartRef, version: u.release.props.version, namespace: u.release.props.namespace });
        expect(r[0]!.inputs.values).toEqual(u.release.props.values);
      } else if (u.bundle instanceof ReleaseManifests) {
        expect(r[0]!.type).toBe('kubernetes:yaml/v2:ConfigGroup');
        expect(r[0]!.inputs.files).toEqual(u.bundle.props.urls);
      } else if (u.bundle.props.layout === 'files') {
        expect(r[0]!.type).toBe('kubernetes:yaml/v2:ConfigGroup');
        expect(r[0]!.inputs.files).toEqual(u.bundle.urls);
        for (const url of u.bundle.urls) expect(url).toContain(`/${u.bundle.props.revision}/`);
      } else {
        expect(r[0]!.type).toBe('kubernetes:kustomize/v2:Directory');
        expect(r[0]!.inputs.directory).toContain(u.bundle.props.revision);
      }
      expect(r[0]!.provider, name).toContain('cluster-');
    }
  });
});

describe('Pulumi backend details', () => {
  it('uses the same Helm values as the Argo CD Application', async () => {
    const { plan } = await deployed('kind', 'minimal');
    const helm = plan.units.filter((u) => u.type === 'helm');
    expect(helm.length).toBeGreaterThan(0);
    for (const u of helm) {
      if (u.type !== 'helm') continue;
      const app = u.release.node.children[0] as unknown as { toJson(): { spec: { source: { helm: { valuesObject: unknown }; targetRevision: string } } } };
      expect(app.toJson().spec.source.helm.valuesObject).toEqual(u.release.props.values);
      expect(app.toJson().spec.source.targetRevision).toBe(u.release.props.version);
    }
  });

  it('waits for OLM subscriptions before their custom resources', async () => {
    const { mine } = await deployed('openshift', 'minimal');
    const subs = mine.filter((r) => r.type === 'kubernetes:operators.coreos.com/v1alpha1:Subscription');
    expect(subs.length).toBeGreaterThan(0);
    for (const s of subs) expect((s.inputs.metadata as { annotations: Record<string, string> }).annotations['pulumi.com/waitFor']).toBe('jsonpath={.status.state}=AtLatestKnown');
  });

  it('makes Secret payloads Pulumi secrets', async () => {
    const args = deploy.objectArgs({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, stringData: { password: 'x' } });
    expect(pulumi.Output.isInstance(args.stringData)).toBe(true);
    expect(await pulumi.isSecret(args.stringData as pulumi.Output<unknown>)).toBe(true);
  });

  it.each([
    ['openshift', 'full', AGENTS_SPEC],
    ['kind', 'minimal', IDENTITY_SPEC],
    ['microshift', 'minimal', IDENTITY_NO_SPIRE_SPEC],
    ['openshift', 'minimal', IDENTITY_SPEC],
  ] as const)('holds no credential in any resource input (%s %s)', async (target, profile, spec) => {
    const { mine } = await deployed(target, profile, spec);
    expect(mine.length).toBeGreaterThan(20);
    const text = JSON.stringify(mine.map((r) => r.inputs));
    expect(text).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(text).not.toMatch(/(password|secret|token|apikey|api_key)["']?\s*[:=]\s*["']?[A-Za-z0-9+/_-]{8,}/i);
    expect(text).not.toMatch(/\b(AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{20,}|sk-[A-Za-z0-9]{20,})\b/);
    expect(mine.some((r) => r.type === 'kubernetes:core/v1:Secret')).toBe(false);
  });

  it('maps API groups to @pulumi/kubernetes modules', () => {
    expect(deploy.moduleOfGroup('')).toBe('core');
    expect(deploy.moduleOfGroup('rbac.authorization.k8s.io')).toBe('rbac');
    expect(deploy.moduleOfGroup('apps')).toBe('apps');
    expect(deploy.moduleOfGroup('k8s.keycloak.org')).toBeUndefined();
    expect(deploy.resourceClassFor('networking.k8s.io/v1', 'NetworkPolicy')).toBe(k8s.networking.v1.NetworkPolicy);
    expect(deploy.resourceClassFor('agent.rossoctl.dev/v1alpha1', 'AgentRuntime')).toBeUndefined();
  });
});

describe('stack configuration', () => {
  it('refuses to run without an explicit cluster', async () => {
    const { readStackConfig } = await import('../lib/backends/pulumi/program');
    expect(() => readStackConfig('kind', () => undefined, ROOT)).toThrow(SpecError);
    expect(() => readStackConfig('kind', () => undefined, ROOT)).toThrow(/agentplane:kubeContext: no cluster named/);
  });

  it('takes the target from the stack name or from config, and names bad values', async () => {
    const { readStackConfig } = await import('../lib/backends/pulumi/program');
    const cfg = (m: Record<string, string>) => (k: string) => m[k];
    expect(readStackConfig('openshift', cfg({ kubeContext: 'ctx' }), ROOT).target).toBe('openshift');
    expect(readStackConfig('prod', cfg({ kubeContext: 'ctx', target: 'microshift' }), ROOT).target).toBe('microshift');
    expect(() => readStackConfig('prod', cfg({ kubeContext: 'ctx' }), ROOT)).toThrow(/agentplane:target/);
    expect(() => readStackConfig('kind', cfg({ kubeContext: 'ctx', target: 'eks' }), ROOT)).toThrow(/agentplane:target/);
    expect(() => readStackConfig('kind', cfg({ kubeconfig: 'missing.kubeconfig' }), ROOT)).toThrow(/does not exist/);
  });

  it('installs nothing of external products: no Helm release or manifests of theirs, only the platform\'s own objects', async () => {
    const { mine } = await deployed('kind', 'full', BRING_YOUR_OWN_SPEC);
    const releases = mine.filter((r) => r.type === 'kubernetes:helm.sh/v3:Release').map((r) => r.inputs.name);
    expect(releases.length).toBeGreaterThan(0);
    for (const name of ['cert-manager', 'istio-base', 'istiod', 'istio-cni', 'ztunnel', 'spire', 'spire-crds']) expect(releases, name).not.toContain(name);
    const manifests = mine.filter((r) => /ConfigGroup|kustomize/.test(r.type)).map((r) => r.name);
    for (const m of manifests) expect(m).not.toMatch(/keycloak-operator|tekton|shipwright-build/);
    expect(mine.some((r) => r.type === 'kubernetes:k8s.keycloak.org/v2alpha1:KeycloakRealmImport' && (r.inputs.metadata as { namespace?: string }).namespace === 'sso')).toBe(true);
  });

  it('refuses what synth refuses: cluster-wide grants under rbac.scope: namespace', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'agentplane-stack-')), 'namespaced.yaml');
    writeFileSync(file, 'rbac: { scope: namespace }\n');
    pulumi.runtime.setAllConfig({ 'agentplane:kubeContext': 'kind-agentplane', 'agentplane:spec': file });
    const { runProgram } = await import('../lib/backends/pulumi/program');
    expect(() => runProgram(ROOT)).toThrow(/\[AP305\] rbac\.scope: namespace, but 3 components/);
  });

  it('runs the whole program from stack config', async () => {
    pulumi.runtime.setAllConfig({ 'agentplane:kubeContext': 'kind-agentplane', 'agentplane:spec': 'examples/team-agents.yaml' });
    const { runProgram } = await import('../lib/backends/pulumi/program');
    const out = runProgram(ROOT);
    expect(out).toMatchObject({ target: 'kind', profile: 'minimal', components: ['cert-manager', 'guardrails', 'keycloak', 'platform-ca', 'agent-operator', 'tenancy'] });
    expect(out.resourceCount).toBeGreaterThan(50);
  });
});
