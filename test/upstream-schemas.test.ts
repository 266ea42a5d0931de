import { clusterObjects } from '../lib/synth';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/core/plan';
import { AGENT_MODELS, OWN_MODELS } from './support/models';
import { EXAMPLE_CASES, PROFILES, synth, TARGETS } from './support/synth';

/**
 * Every synthesized object against a schema: Kubernetes 1.3x and Argo CD kinds through the
 * `kubernetes-models` packages (their upstream OpenAPI schemas), the rest through our own typed
 * models. An object of a kind with no schema fails the test, so new kinds cannot slip by.
 */
function validatorFor(o: KubeObject): (o: KubeObject) => void {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const ownModel = OWN_MODELS[`${o.apiVersion}/${o.kind}`];
  if (ownModel) return (x) => void ownModel.parse(x);
  if (group === 'cert-manager.io') {
    const cls = require('@kubernetes-models/cert-manager/cert-manager.io/v1')[o.kind];
    return (x) => new cls(x).validate();
  }
  if (group === 'argoproj.io') {
    const cls = require('@kubernetes-models/argo-cd/argoproj.io/v1alpha1')[o.kind];
    return (x) => new cls(x).validate();
  }
  if (group === '' || !group!.includes('.') || group!.endsWith('.k8s.io')) {
    const mod = require(`kubernetes-models/${group ? `${group}/` : ''}${version}`);
    const cls = mod[o.kind];
    if (!cls) throw new Error(`kubernetes-models has no ${o.apiVersion} ${o.kind}`);
    return (x) => new cls(x).validate();
  }
  const own = /^agent\.[a-z]+\.dev\//.test(o.apiVersion) ? AGENT_MODELS[o.kind] : undefined;
  if (!own) throw new Error(`no schema for ${o.apiVersion} ${o.kind}: add a typed model in test/support/models.ts`);
  return (x) => {
    own.parse(x);
  };
}

const cases = [
  ...PROFILES.flatMap((p) => TARGETS.map((t) => [`${t}/${p}`, p, t, undefined] as const)),
  ...EXAMPLE_CASES.flatMap((c) => TARGETS.map((t) => [`${t}/${c.name}`, c.profile as string, t, c.spec] as const)),
];

describe.each(cases)('%s: every object is valid against its schema', (_name, profile, target, spec) => {
  const objects = clusterObjects(synth(profile, target, spec).files);
  it('validates', () => {
    const failures: string[] = [];
    for (const o of objects) {
      try {
        validatorFor(o)(o);
      } catch (e) {
        failures.push(`${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: ${(e as Error).message.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(objects.length).toBeGreaterThan(10);
  });
});

describe('schema validation catches bad objects', () => {
  it('rejects a Deployment with a non-string image', () => {
    const bad = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'y' }, spec: { selector: {}, template: { spec: { containers: [{ name: 'a', image: 3 }] } } } } as unknown as KubeObject;
    expect(() => validatorFor(bad)(bad)).toThrow(/image/);
  });
  it('rejects an AgentRuntime with an unknown AuthBridge mode', () => {
    const bad = { apiVersion: 'agent.rossoctl.dev/v1alpha1', kind: 'AgentRuntime', metadata: { name: 'a', namespace: 'team1' }, spec: { type: 'agent', targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'a' }, authBridgeMode: 'sidecar' } } as unknown as KubeObject;
    expect(() => validatorFor(bad)(bad)).toThrow();
  });
  it('refuses kinds without any schema', () => {
    const odd = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'n' } } as KubeObject;
    expect(() => validatorFor(odd)).toThrow(/no schema/);
  });
});
