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

describe('CRDs of upstream releases are kept on removal', () => {
  const crd = (name: string) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name } });

  it('marks every CRD of every manifest release Delete=false for Argo CD and keep for Helm, in both forms', () => {
    // OpenShift installs operators through OLM, which never deletes CRDs with a CSV.
    for (const target of ['kind', 'microshift', 'openshift']) {
      const out = synth('full', target, undefined);
      const bundles = out.plan.units.flatMap((u) => (u.type === 'manifests' && u.bundle.props.providesApiGroups?.length ? [u.bundle] : []));
      expect(bundles.length > 0, target).toBe(target !== 'openshift');
      for (const b of bundles) {
        const patched = applyPatches(crd('widgets.example.com'), b.props.patches ?? []) as { metadata: { annotations?: Record<string, string> } };
        expect(patched.metadata.annotations, `${target} ${b.releaseName}`).toEqual({ 'argocd.argoproj.io/sync-options': 'Delete=false', 'helm.sh/resource-policy': 'keep' });
        // The GitOps form carries the same patch, selecting CRDs by kind alone.
        const json = JSON.stringify(out.files.flatMap((f) => f.objects).filter((o) => JSON.stringify(o).includes(b.releaseName)));
        expect(json, `${target} ${b.releaseName}`).toContain('{\\"kind\\":\\"CustomResourceDefinition\\"');
      }
    }
  });

  it('leaves other kinds alone, and patches named targets only by name', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
    expect(applyPatches(cm, [{ target: { kind: 'CustomResourceDefinition' }, patch: { metadata: { labels: { a: 'b' } } } }])).toEqual(cm);
    expect(applyPatches(crd('a.example.com'), [{ target: { kind: 'CustomResourceDefinition', name: 'b.example.com' }, patch: { metadata: { labels: { a: 'b' } } } }])).toEqual(crd('a.example.com'));
  });

  it('retains CRDs on delete in the Pulumi form, and only CRDs', async () => {
    const { manifestTransform } = await import('../lib/backends/pulumi/deploy');
    const t = manifestTransform([]);
    const args = (type: string) => ({ type, name: 'n', props: { metadata: { name: 'n' } }, opts: {}, custom: true }) as never;
    const kept = (await t(args('kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition'))) as { opts: { retainOnDelete?: boolean } };
    expect(kept.opts.retainOnDelete).toBe(true);
    const other = (await t(args('kubernetes:apps/v1:Deployment'))) as { opts: { retainOnDelete?: boolean } };
    expect(other.opts.retainOnDelete).toBeUndefined();
    expect(await t(args('pulumi:providers:kubernetes'))).toBeUndefined();
  });
});
