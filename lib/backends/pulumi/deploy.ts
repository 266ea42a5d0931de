import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import type { ComponentId } from '../../core/component';
import { apiGroupOf, type KubeObject, type Plan, type PlanUnit } from '../../core/plan';
import { type ManifestPatch, ReleaseManifests } from '../../core/upstream';
import { applyPatches } from './patch';

/** Pulumi type token of the component resources grouping each component's resources. */
export const COMPONENT_TYPE = 'agentplane:platform:Component';

type ResourceClass = new (name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/** The `@pulumi/kubernetes` module of an API group: `core`, `apps`, `rbac`, ...; undefined for CRD groups. */
export function moduleOfGroup(group: string): string | undefined {
  if (group === '') return 'core';
  if (group.endsWith('.k8s.io')) return group.slice(0, group.indexOf('.'));
  return group.includes('.') ? undefined : group;
}

/** The typed resource class for a built-in kind, or undefined (custom resources). */
export function resourceClassFor(apiVersion: string, kind: string): ResourceClass | undefined {
  const group = apiGroupOf(apiVersion);
  const version = apiVersion.slice(apiVersion.indexOf('/') + 1);
  const mod = moduleOfGroup(group);
  if (!mod) return undefined;
  const cls = (k8s as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>)[mod]?.[version]?.[kind];
  return typeof cls === 'function' ? (cls as ResourceClass) : undefined;
}

/** Pulumi logical name of a unit: stable across runs, so URNs never churn. */
export function resourceName(u: PlanUnit): string {
  if (u.type === 'object') {
    const m = u.object.metadata;
    return `${u.component}:${u.object.kind.toLowerCase()}:${m.namespace ? `${m.namespace}/` : ''}${m.name}`;
  }
  return `${u.component}:${u.type}:${u.type === 'helm' ? u.release.releaseName : u.bundle.releaseName}`;
}

/** Object inputs as Pulumi sees them: Secret payloads become Pulumi secrets; OLM subscriptions are awaited. */
export function objectArgs(o: KubeObject): Record<string, unknown> {
  const { apiVersion, kind, ...rest } = o;
  const args: Record<string, unknown> = { ...rest };
  if (kind === 'Secret') {
    if (args.data !== undefined) args.data = pulumi.secret(args.data);
    if (args.stringData !== undefined) args.stringData = pulumi.secret(args.stringData);
  }
  if (kind === 'Subscription' && apiGroupOf(apiVersion) === 'operators.coreos.com') {
    // Custom resources of the operator wait until OLM has installed it.
    args.metadata = { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), 'pulumi.com/waitFor': 'jsonpath={.status.state}=AtLatestKnown' } };
  }
  if (kind === 'BuildRun' && apiGroupOf(apiVersion) === 'shipwright.io') {
    // Agents built from source roll out only once their image exists.
    args.metadata = { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), 'pulumi.com/waitFor': 'condition=Succeeded' } };
  }
  return args;
}

/** Groups one component's resources; depending on it waits for all of them. */
class PlatformComponent extends pulumi.ComponentResource {
  constructor(id: string, opts: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPE, id, {}, opts);
  }
  /** Marks the component complete once its children are registered. */
  complete(): void {
    this.registerOutputs({});
  }
}

export interface DeployOptions {
  /** Explicit provider for the target cluster; never the ambient kubeconfig context. */
  readonly provider: k8s.Provider;
}

/**
 * Applies an install plan with Pulumi: every unit becomes one resource under its component,
 * plan dependencies become `dependsOn`, components wait for the components they depend on.
 * Returns the resources by plan key.
 */
export function deployPlan(plan: Plan, opts: DeployOptions): Map<string, pulumi.Resource> {
  const resources = new Map<string, pulumi.Resource>();
  const components = new Map<ComponentId, PlatformComponent>();
  for (const c of plan.components) {
    const parentDeps = c.dependsOn.map((d) => components.get(d)!).filter(Boolean);
    const comp = new PlatformComponent(c.id, { dependsOn: parentDeps });
    components.set(c.id, comp);
    for (const u of c.units) {
      const ropts: pulumi.CustomResourceOptions = {
        parent: comp,
        provider: opts.provider,
        dependsOn: [...u.dependsOn.map((d) => resources.get(d)!), ...parentDeps],
      };
      resources.set(u.key, createResource(u, ropts));
    }
    comp.complete();
  }
  return resources;
}

const CRD_TYPE = 'kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition';

/**
 * The transform every upstream manifest object goes through: the bundle's patches (the same
 * ones Argo CD applies), and CRDs retained on delete, so removing a release or destroying the
 * stack never deletes custom resources across the cluster.
 */
export function manifestTransform(patches: readonly ManifestPatch[]): pulumi.ResourceTransform {
  return (a) => {
    if (!a.type.startsWith('kubernetes:')) return undefined;
    const props = patches.length ? applyPatches(a.props as Record<string, unknown>, patches) : a.props;
    return { props, opts: a.type === CRD_TYPE ? { ...a.opts, retainOnDelete: true } : a.opts };
  };
}

function createResource(u: PlanUnit, opts: pulumi.CustomResourceOptions): pulumi.Resource {
  const name = resourceName(u);
  switch (u.type) {
    case 'object': {
      const cls = resourceClassFor(u.object.apiVersion, u.object.kind);
      const args = objectArgs(u.object);
      return cls
        ? new cls(name, args, opts)
        : new k8s.apiextensions.CustomResource(name, { apiVersion: u.object.apiVersion, kind: u.object.kind, ...args } as k8s.apiextensions.CustomResourceArgs, opts);
    }
    case 'helm': {
      const p = u.release.props;
      const oci = p.repo.startsWith('oci://');
      return new k8s.helm.v3.Release(
        name,
        {
          name: p.name,
          chart: u.release.chartRef,
          version: p.version,
          namespace: p.namespace,
          createNamespace: false,
          values: p.values,
          ...(oci ? {} : { repositoryOpts: { repo: p.repo } }),
          atomic: true,
          timeout: 900,
        },
        opts,
      );
    }
    case 'manifests': {
      const b = u.bundle;
      const transforms = [manifestTransform(b.props.patches ?? [])];
      if (b instanceof ReleaseManifests) return new k8s.yaml.v2.ConfigGroup(name, { files: [...b.props.urls] }, { ...opts, transforms });
      const p = b.props;
      if (p.layout === 'files') return new k8s.yaml.v2.ConfigGroup(name, { files: b.urls }, { ...opts, transforms });
      return new k8s.kustomize.v2.Directory(
        name,
        { directory: `${p.gitRepo.replace(/\.git$/, '')}/tree/${p.revision}/${p.path}`, namespace: p.namespace },
        { ...opts, transforms },
      );
    }
  }
}
