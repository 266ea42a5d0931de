import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { argoApplication } from './argocd';
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
    new ApiObject(this, 'argo-application', argoApplication({
      name: props.name,
      argoNamespace: props.argoNamespace,
      project: props.argoProject,
      destinationNamespace: props.namespace,
      labels: props.labels,
      source,
      syncOptions: ['ServerSideApply=true'],
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
  readonly target: { readonly kind: string; readonly name: string };
  /** Partial object merged into the target; lists of objects merge by `name`. */
  readonly patch: Record<string, unknown>;
}

/** Pinned release manifests from a git tag. */
export class ManifestBundle extends UpstreamArtifact {
  readonly props: ManifestBundleProps;
  constructor(scope: Construct, id: string, props: ManifestBundleProps) {
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
                  patch: JSON.stringify({ kind: p.target.kind, metadata: { name: p.target.name }, ...p.patch }),
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
