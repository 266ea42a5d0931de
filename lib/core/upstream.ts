import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { argoApplication } from './argocd';
import { argoIgnoreDifferences, declareControllerOwnedFields, type ControllerOwnedField } from './drift';
import { declareProvidedApiGroups } from './provides';

/**
 * Upstream software delivered as a pinned artifact (DESIGN §4). The construct holds the typed
 * facts once; each backend renders them natively: GitOps output gets the Argo CD Application
 * child below, Pulumi maps the construct itself to a Helm release or manifest group and skips
 * that child. Synthesis never fetches the artifact.
 */
export interface UpstreamCommonProps {
  /** Release / application name. */
  readonly name: string;
  /** Namespace the artifact installs into (created by our own Namespace object). */
  readonly namespace: string;
  /** API groups whose CRDs this artifact installs, so custom resources can wait for them. */
  readonly providesApiGroups?: readonly string[];
  /** Argo CD namespace and project for the GitOps form. */
  readonly argoNamespace: string;
  readonly argoProject: string;
  readonly labels?: Record<string, string>;
  /** Fields of the rendered objects their controllers rewrite (webhook CA bundles, failure policies). */
  readonly controllerOwnedFields?: readonly ControllerOwnedField[];
}

export interface HelmReleaseProps extends UpstreamCommonProps {
  /** Chart repository: `https://...` Helm repo or `oci://registry/path` (without the chart name). */
  readonly repo: string;
  /** Chart name. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
  /** Typed values, rendered identically by both backends. */
  readonly values: Record<string, unknown>;
}

export abstract class UpstreamArtifact extends Construct {
  readonly releaseName: string;
  readonly namespace: string;
  constructor(scope: Construct, id: string, props: UpstreamCommonProps, source: Record<string, unknown>) {
    super(scope, id);
    declareProvidedApiGroups(this, props.providesApiGroups ?? []);
    this.releaseName = props.name;
    this.namespace = props.namespace;
    const owned = props.controllerOwnedFields ?? [];
    declareControllerOwnedFields(this, owned);
    new ApiObject(this, 'argo-application', argoApplication({
      name: props.name,
      argoNamespace: props.argoNamespace,
      project: props.argoProject,
      destinationNamespace: props.namespace,
      labels: props.labels,
      source,
      syncOptions: ['ServerSideApply=true'],
      ignoreDifferences: argoIgnoreDifferences(owned),
    }));
  }
}

/** A pinned Helm chart. */
export class HelmRelease extends UpstreamArtifact {
  readonly props: HelmReleaseProps;
  constructor(scope: Construct, id: string, props: HelmReleaseProps) {
    super(
      scope,
      id,
      props,
      props.repo.startsWith('oci://')
        ? // Argo CD 3.1+ native OCI source: the chart artifact itself, no repository Secret needed for public registries.
          { repoURL: `${props.repo}/${props.chart}`, path: '.', targetRevision: props.version, helm: { releaseName: props.name, valuesObject: props.values } }
        : { repoURL: props.repo, chart: props.chart, targetRevision: props.version, helm: { releaseName: props.name, valuesObject: props.values } },
    );
    this.props = props;
  }

  /** The chart reference Helm itself takes: `oci://.../chart` or the chart name with a repo. */
  get chartRef(): string {
    return this.props.repo.startsWith('oci://') ? `${this.props.repo}/${this.props.chart}` : this.props.chart;
  }
}

export interface ManifestBundleProps extends UpstreamCommonProps {
  /** Git repository holding the release manifests. */
  readonly gitRepo: string;
  /** Exact tag. */
  readonly revision: string;
  /** Folder in the repository. */
  readonly path: string;
  /**
   * `kustomize`: the folder's kustomization decides (Argo CD detects it; Pulumi applies it with
   * kustomize). `files`: exactly `files` of the folder (Argo CD directory include; Pulumi fetches
   * the raw files of the same tag).
   */
  readonly layout: 'kustomize' | 'files';
  /** With layout `files`: files of the folder to apply. */
  readonly files?: readonly string[];
  /** With layout `files`: raw-file URL prefix of the same tag. */
  readonly rawBaseUrl?: string;
  /**
   * Strategic-merge patches applied on top of the upstream files (e.g. restricted security
   * contexts upstream omits). GitOps: Argo CD kustomize patches over the folder's
   * kustomization; Pulumi: the same patches as client-side transformations.
   */
  readonly patches?: readonly ManifestPatch[];
}

export interface ManifestPatch {
  /** Objects the patch applies to: every object of `kind`, or only the one named `name`. */
  readonly target: { readonly kind: string; readonly name?: string };
  /** Partial object merged into the target; lists of objects merge by `name`. */
  readonly patch: Record<string, unknown>;
}

/**
 * Every CRD of an upstream release is kept when the release is removed: deleting a CRD deletes
 * every custom resource of it, across the cluster. Argo CD skips deleting objects marked
 * `Delete=false` (and honours Helm's keep policy, which Helm itself also obeys); Pulumi retains
 * CRDs on delete (see the Pulumi backend).
 */
export const KEEP_CRDS_PATCH: ManifestPatch = {
  target: { kind: 'CustomResourceDefinition' },
  patch: { apiVersion: 'apiextensions.k8s.io/v1', metadata: { annotations: { 'argocd.argoproj.io/sync-options': 'Delete=false', 'helm.sh/resource-policy': 'keep' } } },
};

/** The patches of a release that installs CRDs: its own, then the keep policy for its CRDs. */
function withKeptCrds<P extends { readonly providesApiGroups?: readonly string[]; readonly patches?: readonly ManifestPatch[] }>(props: P): P {
  return props.providesApiGroups?.length ? { ...props, patches: [...(props.patches ?? []), KEEP_CRDS_PATCH] } : props;
}

/** Pinned release manifests from a git tag. */
export class ManifestBundle extends UpstreamArtifact {
  readonly props: ManifestBundleProps;
  constructor(scope: Construct, id: string, given: ManifestBundleProps) {
    // Layout `files` applies the files as they are (no kustomize); such bundles install no CRDs.
    const props = given.layout === 'files' ? given : withKeptCrds(given);
    super(scope, id, props, {
      repoURL: props.gitRepo,
      targetRevision: props.revision,
      path: props.path,
      ...(props.layout === 'files'
        ? { directory: { include: `{${(props.files ?? []).join(',')}}` } }
        : props.patches?.length
          ? {
              kustomize: {
                patches: props.patches.map((p) => ({
                  target: p.target,
                  patch: patchDocument(p),
                })),
              },
            }
          : {}),
    });
    this.props = props;
  }

  /** With layout `files`: URLs of the files, for backends that apply them directly. */
  get urls(): string[] {
    return (this.props.files ?? []).map((f) => `${this.props.rawBaseUrl}/${this.props.path}/${f}`);
  }
}

/** Where the GitOps repository keeps this platform's output (the spec's `gitops` block). */
export interface GitOpsLocation {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder of the output in the repository. */
  readonly path: string;
}

export interface ReleaseManifestsProps extends UpstreamCommonProps {
  /**
   * Release assets of an exact version (e.g. a GitHub release's `release.yaml`): projects whose
   * installable manifests are built at release time and are not in their git repository.
   */
  readonly urls: readonly string[];
  /** Strategic-merge patches applied on top of the release files. */
  readonly patches?: readonly ManifestPatch[];
  /** The GitOps repository: the generated kustomization lives in it, under `upstream/<name>/`. */
  readonly gitops: GitOpsLocation;
}

/** API group of kustomization files (read by Argo CD, never applied to the cluster). */
export const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

/** The `kustomize.config.k8s.io/v1beta1` Kustomization the GitOps form writes for remote release files. */
export interface KustomizationFile {
  apiVersion: 'kustomize.config.k8s.io/v1beta1';
  kind: 'Kustomization';
  metadata: { name: string };
  resources: string[];
  patches?: { target: { kind: string; name?: string }; patch: string }[];
}

/**
 * Pinned release manifests published as release assets (URLs), not kept in git. GitOps: Argo
 * CD syncs a kustomization in the GitOps repository (`upstream/<name>/kustomization.yaml`)
 * whose resources are the pinned URLs, with the patches; Pulumi applies the same URLs with the
 * same patches as transformations.
 */
export class ReleaseManifests extends UpstreamArtifact {
  readonly props: ReleaseManifestsProps;
  constructor(scope: Construct, id: string, given: ReleaseManifestsProps) {
    const props = withKeptCrds(given);
    super(scope, id, props, {
      repoURL: props.gitops.repoURL,
      targetRevision: props.gitops.targetRevision,
      path: `${props.gitops.path}/${ReleaseManifests.folder(props.name)}`,
    });
    this.props = props;
  }

  /** Folder of the kustomization, relative to the output folder. */
  static folder(name: string): string {
    return `upstream/${name}`;
  }

  /** The kustomization Argo CD builds: the release URLs and the patches. */
  kustomization(): KustomizationFile {
    const patches = this.props.patches ?? [];
    return {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      metadata: { name: this.props.name },
      resources: [...this.props.urls],
      ...(patches.length ? { patches: patches.map((p) => ({ target: p.target, patch: patchDocument(p) })) } : {}),
    };
  }
}

/**
 * A patch as kustomize reads it: the target's kind and name, merged with the patch body. A
 * strategic-merge document needs a name even when the target selects by kind alone; kustomize
 * ignores it then (the target decides).
 */
function patchDocument(p: ManifestPatch): string {
  const meta = (p.patch.metadata ?? {}) as Record<string, unknown>;
  return JSON.stringify({ kind: p.target.kind, ...p.patch, metadata: { ...meta, name: p.target.name ?? 'any' } });
}
