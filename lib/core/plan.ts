import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { ComponentId } from './component';
import { providedApiGroups } from './provides';
import type { Platform } from './platform';
import { HelmRelease, type ManifestBundle, type ReleaseManifests, UpstreamArtifact } from './upstream';

/** A synthesized Kubernetes object, as JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** One thing a backend applies: an object, a Helm release, or a bundle of release manifests. */
export type PlanUnit =
  | { readonly type: 'object'; readonly key: string; readonly component: ComponentId; readonly object: KubeObject; dependsOn: string[] }
  | { readonly type: 'helm'; readonly key: string; readonly component: ComponentId; readonly release: HelmRelease; dependsOn: string[] }
  | { readonly type: 'manifests'; readonly key: string; readonly component: ComponentId; readonly bundle: ManifestBundle | ReleaseManifests; dependsOn: string[] };

export interface PlanComponent {
  readonly id: ComponentId;
  readonly wave: number;
  readonly dependsOn: readonly ComponentId[];
  readonly units: readonly PlanUnit[];
}

/**
 * The ordered install plan both backends follow: every unit with the units it must wait for.
 * Explicit construct dependencies plus the implicit rules of DESIGN §5: namespaces before
 * namespaced objects, CRD providers (charts, OLM subscriptions) before custom resources.
 */
export interface Plan {
  readonly components: readonly PlanComponent[];
  /** All units, in a valid apply order. */
  readonly units: readonly PlanUnit[];
  /** API groups provided by a unit of the plan (not by the cluster), with the provider's key. */
  readonly providedGroups: ReadonlyMap<string, string>;
  /** The unit each construct became, so renderers reuse synthesized JSON instead of re-synthesizing. */
  readonly unitOf: ReadonlyMap<IConstruct, PlanUnit>;
}

export class PlanError extends Error {}

export function objectKey(o: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
}

export function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function buildPlan(platform: Platform): Plan {
  const unitOf = new Map<IConstruct, PlanUnit>();
  const units: PlanUnit[] = [];
  const componentOfUnit = new Map<string, ComponentId>();
  const namespaces = new Map<string, string>();
  const providedGroups = new Map<string, string>();
  const seen = new Set<string>();

  const addUnit = (u: PlanUnit, c: IConstruct) => {
    if (seen.has(u.key)) throw new PlanError(`[AP303] duplicate object ${u.key.replace(/\|/g, ' ')} (component ${u.component})`);
    seen.add(u.key);
    unitOf.set(c, u);
    units.push(u);
    componentOfUnit.set(u.key, u.component);
  };

  for (const { def, chart } of platform.components) {
    const walk = (c: IConstruct) => {
      if (c instanceof UpstreamArtifact) {
        const key = `${def.id}|${c instanceof HelmRelease ? 'helm' : 'manifests'}|${c.namespace}|${c.releaseName}`;
        const u: PlanUnit =
          c instanceof HelmRelease
            ? { type: 'helm', key, component: def.id, release: c, dependsOn: [] }
            : { type: 'manifests', key, component: def.id, bundle: c as ManifestBundle | ReleaseManifests, dependsOn: [] };
        addUnit(u, c);
        for (const g of providedApiGroups(c)) providedGroups.set(g, key);
        return; // its Argo CD Application child is the GitOps form of this same unit
      }
      if (c instanceof ApiObject) {
        const object = c.toJson() as KubeObject;
        const key = objectKey(object);
        addUnit({ type: 'object', key, component: def.id, object, dependsOn: [] }, c);
        if (object.kind === 'Namespace' && object.apiVersion === 'v1') namespaces.set(object.metadata.name, key);
        for (const g of providedApiGroups(c)) providedGroups.set(g, key);
        if (object.kind === 'CustomResourceDefinition') {
          const group = (object.spec as { group?: string } | undefined)?.group;
          if (group) providedGroups.set(group, key);
        }
      }
      for (const child of c.node.children) walk(child);
    };
    walk(chart);
  }

  const unitsUnder = (c: IConstruct): PlanUnit[] => {
    const direct = unitOf.get(c);
    if (direct) return [direct];
    return c.node.children.flatMap(unitsUnder);
  };

  const clusterGroups = new Set([...platform.spec.target.clusterApiGroups, ...platform.spec.externalApiGroups]);
  const componentIndex = new Map(platform.components.map((c, i) => [c.def.id, i]));
  for (const [construct, u] of unitOf) {
    const deps = new Set<string>();
    for (let c: IConstruct | undefined = construct; c && !(c instanceof Chart); c = c.node.scope) {
      for (const d of c.node.dependencies) {
        if (d instanceof Chart) continue; // component order covers whole charts
        for (const du of unitsUnder(d)) if (du.key !== u.key) deps.add(du.key);
      }
    }
    if (u.type === 'object') {
      const ns = u.object.metadata.namespace;
      const nsKey = ns !== undefined ? namespaces.get(ns) : undefined;
      if (nsKey) deps.add(nsKey);
      const group = apiGroupOf(u.object.apiVersion);
      if (!clusterGroups.has(group)) {
        const provider = providedGroups.get(group);
        if (!provider) {
          throw new PlanError(
            `[AP301] ${u.object.kind} ${ns ? `${ns}/` : ''}${u.object.metadata.name} (component ${u.component}) uses API group ${group}, which no enabled component installs and the ${platform.spec.target.id} cluster does not serve`,
          );
        }
        if (provider !== u.key) deps.add(provider);
      }
    } else {
      const nsKey = namespaces.get(u.type === 'helm' ? u.release.namespace : u.bundle.namespace);
      if (nsKey) deps.add(nsKey);
    }
    for (const d of deps) {
      const dc = componentOfUnit.get(d)!;
      if (componentIndex.get(dc)! > componentIndex.get(u.component)!) {
        throw new PlanError(`[AP302] ${u.key.replace(/\|/g, ' ')} (component ${u.component}) needs ${d.replace(/\|/g, ' ')} from component ${dc}, which installs later: declare ${dc} in dependsOn of ${u.component}`);
      }
    }
    u.dependsOn = [...deps];
  }

  const ordered = topoSort(units);
  return {
    components: platform.components.map((c) => ({
      id: c.def.id,
      wave: c.wave,
      dependsOn: [...c.def.dependsOn, ...(c.def.optionalDependsOn ?? [])].filter((d) => componentIndex.has(d)),
      units: ordered.filter((u) => u.component === c.def.id),
    })),
    units: ordered,
    providedGroups,
    unitOf,
  };
}

/** Stable topological sort by unit dependencies (component order already respected by construction). */
function topoSort(units: readonly PlanUnit[]): PlanUnit[] {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const state = new Map<string, 1 | 2>();
  const out: PlanUnit[] = [];
  const visit = (u: PlanUnit, path: string[]) => {
    const s = state.get(u.key);
    if (s === 2) return;
    if (s === 1) throw new PlanError(`[AP304] dependency cycle: ${[...path, u.key].join(' -> ')}`);
    state.set(u.key, 1);
    for (const d of u.dependsOn) visit(byKey.get(d)!, [...path, u.key]);
    state.set(u.key, 2);
    out.push(u);
  };
  for (const u of units) visit(u, []);
  return out;
}
