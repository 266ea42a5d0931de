import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { argoApplication, SYNC_OPTIONS, SYNC_WAVE } from '../core/argocd';
import { argoIgnoreDifferences, controllerOwnedFields, type ControllerOwnedField } from '../core/drift';
import { commonLabels } from '../core/labels';
import { apiGroupOf, type KubeObject, type Plan, type PlanUnit } from '../core/plan';
import type { Platform } from '../core/platform';
import { ReleaseManifests, UpstreamArtifact } from '../core/upstream';
import { toYamlStream } from './yaml';

/** One output file: path relative to the output folder, and its objects. */
export interface OutputFile {
  readonly path: string;
  readonly objects: readonly KubeObject[];
}

/** Folder of a component in the output: install order first, so a directory listing reads in order. */
export function componentFolder(index: number, id: string): string {
  return `${String(index + 1).padStart(2, '0')}-${id}`;
}

/**
 * The GitOps form of a platform: one folder per component in install order (one file per
 * top-level construct: a team, the database, the operator...), an `apps/` folder with one Argo
 * CD Application per component carrying its sync wave, and `app-of-apps.yaml`, the root
 * Application to apply once. Objects get intra-component sync waves from the plan and
 * `SkipDryRunOnMissingResource` when their CRD arrives in the same sync.
 */
export function renderGitOps(platform: Platform, plan: Plan): OutputFile[] {
  const { spec } = platform;
  const files: OutputFile[] = [];
  const depth = unitDepths(plan);
  const appFiles: OutputFile[] = [];

  platform.components.forEach((c, i) => {
    const folder = componentFolder(i, c.def.id);
    let written = 0;
    for (const top of c.chart.node.children) {
      const objects: KubeObject[] = [];
      collect(top, undefined, objects, plan, depth);
      if (objects.length > 0) files.push({ path: `${folder}/${top.node.id}.yaml`, objects });
      written += objects.length;
    }
    // Git keeps no empty folders: an Application for one would fail with "app path does not exist".
    if (written === 0) return;
    appFiles.push({
      path: `apps/${folder}.yaml`,
      objects: [
        argoApplication({
          name: `agentplane-${c.def.id}`,
          argoNamespace: spec.gitops.argoNamespace,
          project: spec.gitops.project,
          labels: commonLabels('gitops'),
          wave: c.wave,
          source: { repoURL: spec.gitops.repoURL, targetRevision: spec.gitops.targetRevision, path: `${spec.gitops.path}/${folder}` },
          syncOptions: ['ServerSideApply=true'],
          ignoreDifferences: argoIgnoreDifferences(ownedFieldsOutsideUpstream(c.chart)),
        }) as unknown as KubeObject,
      ],
    });
  });
  files.push(...appFiles);
  // Remote release files: the kustomization their Application syncs, kept beside the output.
  for (const u of plan.units) {
    if (u.type === 'manifests' && u.bundle instanceof ReleaseManifests) {
      files.push({ path: `${ReleaseManifests.folder(u.bundle.releaseName)}/kustomization.yaml`, objects: [u.bundle.kustomization() as unknown as KubeObject] });
    }
  }
  files.push({
    path: 'app-of-apps.yaml',
    objects: [
      argoApplication({
        name: `agentplane-${spec.target.id}-${spec.profile}`,
        argoNamespace: spec.gitops.argoNamespace,
        project: spec.gitops.project,
        labels: commonLabels('gitops'),
        source: { repoURL: spec.gitops.repoURL, targetRevision: spec.gitops.targetRevision, path: `${spec.gitops.path}/apps` },
      }) as unknown as KubeObject,
    ],
  });
  return files;
}

/** Serializes files to text. */
export function serializeFiles(files: readonly OutputFile[]): Map<string, string> {
  return new Map(files.map((f) => [f.path, toYamlStream(f.objects)]));
}

/** Controller-owned fields declared in a component's own objects (upstream artifacts carry theirs in their own Application). */
function ownedFieldsOutsideUpstream(c: IConstruct): ControllerOwnedField[] {
  if (c instanceof UpstreamArtifact) return [];
  return [...controllerOwnedFields(c), ...c.node.children.flatMap(ownedFieldsOutsideUpstream)];
}

function collect(c: IConstruct, upstream: PlanUnit | undefined, out: KubeObject[], plan: Plan, depth: Map<string, number>): void {
  if (c instanceof Chart) return;
  const unit = plan.unitOf.get(c);
  if (c instanceof UpstreamArtifact) upstream = unit;
  if (c instanceof ApiObject) {
    if (unit?.type === 'object') out.push(decorate(unit.object, depth.get(unit.key) ?? 0, plan.providedGroups.has(apiGroupOf(unit.object.apiVersion))));
    else out.push(decorate(c.toJson() as KubeObject, upstream ? depth.get(upstream.key) ?? 0 : 0, false));
  }
  for (const child of c.node.children) collect(child, upstream, out, plan, depth);
}

function decorate(o: KubeObject, wave: number, crdInSameSync: boolean): KubeObject {
  if (wave === 0 && !crdInSameSync) return o;
  const annotations = { ...(o.metadata.annotations ?? {}) };
  if (wave > 0) annotations[SYNC_WAVE] = String(wave);
  if (crdInSameSync) annotations[SYNC_OPTIONS] = 'SkipDryRunOnMissingResource=true';
  return { ...o, metadata: { ...o.metadata, annotations } };
}

/** Longest chain of same-component dependencies below each unit: its wave inside the component's sync. */
function unitDepths(plan: Plan): Map<string, number> {
  const depth = new Map<string, number>();
  const comp = new Map(plan.units.map((u) => [u.key, u.component]));
  for (const u of plan.units) {
    let d = 0;
    for (const dep of u.dependsOn) if (comp.get(dep) === u.component) d = Math.max(d, (depth.get(dep) ?? 0) + 1);
    depth.set(u.key, d);
  }
  return depth;
}
