import { describe, expect, it } from 'vitest';
import { applyPatches, mergePatch } from '../lib/backends/pulumi/patch';
import { composeSpec } from '../lib/spec/compose';
import { synth } from './support/synth';

describe('strategic-merge patches for upstream manifests (Pulumi form)', () => {
  it('merges maps key by key and lists of named objects by name', () => {
    const base = { spec: { replicas: 1, template: { spec: { containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1' }] } } } };
    const patched = mergePatch(base, { spec: { template: { spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'b', securityContext: { privileged: false } }, { name: 'c', image: 'z:1' }] } } } });
    expect(patched).toEqual({
      spec: {
        replicas: 1,
        template: {
          spec: {
            containers: [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y:1', securityContext: { privileged: false } }, { name: 'c', image: 'z:1' }],
            securityContext: { runAsNonRoot: true },
          },
        },
      },
    });
  });

  it('replaces scalars and unnamed lists', () => {
    expect(mergePatch({ a: [1, 2], b: 'x' }, { a: [3], b: 'y' })).toEqual({ a: [3], b: 'y' });
  });

  it('applies only to the targeted kind and name, the same patch the Argo CD form carries', () => {
    expect(composeSpec({}).target.keycloakOperator).toBe('manifests');
    const out = synth('minimal', 'kind', undefined);
    const bundle = out.plan.units.find((u) => u.type === 'manifests');
    if (bundle?.type !== 'manifests') throw new Error('expected the Keycloak operator bundle');
    const patches = bundle.bundle.props.patches!;
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'keycloak-operator' }, spec: { template: { spec: { containers: [{ name: 'keycloak-operator', image: 'quay.io/keycloak/keycloak-operator:26.5.2' }] } } } };
    const patched = applyPatches(deployment, patches) as typeof deployment & { spec: { template: { spec: { securityContext: unknown; containers: { securityContext: { allowPrivilegeEscalation: boolean } }[] } } } };
    expect(patched.spec.template.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(patched.spec.template.spec.containers[0]!.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(applyPatches({ ...deployment, metadata: { name: 'other' } }, patches)).toEqual({ ...deployment, metadata: { name: 'other' } });
    const app = bundle.bundle.node.children[0] as unknown as { toJson(): { spec: { source: { kustomize: { patches: { patch: string }[] } } } } };
    const argoPatch = JSON.parse(app.toJson().spec.source.kustomize.patches[0]!.patch);
    expect(argoPatch.spec).toEqual(patches[0]!.patch.spec);
  });
});
