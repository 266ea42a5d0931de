/**
 * Object identity and component grouping, shared by every kind of source so that a spec and
 * the folder synthesized from it produce the same objects under the same keys.
 */
import { apiGroupOf, type KubeObject } from '../core/plan';

/** One object of a platform with the component whose folder holds it. */
export interface PlacedObject {
  /** Identity: API group (no version) + kind + namespace + name. */
  readonly key: string;
  readonly component: string;
  /** File relative to the output folder, for messages. */
  readonly file: string;
  readonly object: KubeObject;
}

/** A platform as the diff sees it: its objects and its components in install order. */
export interface PlatformObjects {
  readonly objects: ReadonlyMap<string, PlacedObject>;
  /** Components in install order: numbered folders, then gitops, then upstream, then any other. */
  readonly components: readonly string[];
}

/**
 * Identity of an object. The API version is left out on purpose: `v1beta1` → `v1` of the same
 * kind is a change of one object, not a removal and an addition.
 */
export function objectIdentity(o: KubeObject): string {
  return [apiGroupOf(o.apiVersion), o.kind, o.metadata.namespace ?? '', o.metadata.name].join('|');
}

/**
 * Component of an output file: its top folder without the `NN-` install-order prefix
 * (`03-keycloak/instance.yaml` → keycloak), `apps/` and `app-of-apps.yaml` → gitops,
 * `upstream/<name>/kustomization.yaml` → upstream (placeObjects gives it to the component whose
 * Application syncs it); any other top-level file is its own name.
 */
export function componentOfPath(path: string): string {
  const segments = path.split('/');
  const top = segments[0]!;
  if (segments.length === 1) return top === 'app-of-apps.yaml' ? 'gitops' : top.replace(/\.ya?ml$/, '');
  if (top === 'apps') return 'gitops';
  return top.replace(/^\d+-/, '');
}

/** Sort rank of a top folder: the install-order number, then gitops, upstream, the rest. */
function folderRank(path: string): number {
  const m = /^(\d+)-/.exec(path);
  if (m) return Number(m[1]);
  const c = componentOfPath(path);
  return c === 'gitops' ? 1e6 : c === 'upstream' ? 1e6 + 1 : 1e6 + 2;
}

/**
 * Places the objects of output files (path → parsed objects). Files are visited in install
 * order so the component order and, for the unexpected case of one identity appearing twice,
 * the `#2` suffix of the second occurrence are deterministic (both are still compared).
 */
export function placeObjects(files: ReadonlyArray<{ readonly path: string; readonly objects: readonly KubeObject[] }>): PlatformObjects {
  const sorted = [...files].sort((a, b) => folderRank(a.path) - folderRank(b.path) || compare(a.path, b.path));
  const objects = new Map<string, PlacedObject>();
  const components: string[] = [];
  const releases = upstreamOwners(sorted);
  for (const f of sorted) {
    const upstream = /^upstream\/([^/]+)\//.exec(f.path);
    const component = (upstream && releases.get(upstream[1]!)) ?? componentOfPath(f.path);
    if (!components.includes(component)) components.push(component);
    for (const object of f.objects) {
      const base = objectIdentity(object);
      let key = base;
      for (let n = 2; objects.has(key); n++) key = `${base}#${n}`;
      objects.set(key, { key, component, file: f.path, object });
    }
  }
  return { objects, components };
}

/**
 * The component of each generated release kustomization (`upstream/<name>/`): the one whose
 * Argo CD Application syncs that folder. A version bump of Tekton then shows under tekton.
 */
function upstreamOwners(files: ReadonlyArray<{ readonly path: string; readonly objects: readonly KubeObject[] }>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files) {
    if (!/^\d+-/.test(f.path)) continue;
    for (const o of f.objects) {
      const path = (o.spec as { source?: { path?: unknown } } | undefined)?.source?.path;
      const m = o.kind === 'Application' && typeof path === 'string' ? /(?:^|\/)upstream\/([^/]+)$/.exec(path) : null;
      if (m) owners.set(m[1]!, componentOfPath(f.path));
    }
  }
  return owners;
}

/** Code-unit string order: locale-independent, so output is identical on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function displayName(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}
