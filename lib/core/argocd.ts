/** Argo CD `Application` objects: the GitOps form of upstream charts and of our component folders. */

export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

export interface ArgoAppOptions {
  readonly name: string;
  readonly argoNamespace: string;
  readonly project: string;
  readonly destinationNamespace?: string;
  readonly source: Record<string, unknown>;
  readonly labels?: Record<string, string>;
  readonly wave?: number;
  /** Extra sync options, e.g. ServerSideApply=true. */
  readonly syncOptions?: readonly string[];
  /** `spec.ignoreDifferences`: fields controllers write after us (see core/drift.ts). */
  readonly ignoreDifferences?: readonly Record<string, unknown>[];
}

/** Typed `argoproj.io/v1alpha1` Application: the fields the platform sets. */
export interface ArgoApplication {
  apiVersion: typeof ARGO_API_VERSION;
  kind: 'Application';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string>; finalizers: string[] };
  spec: {
    project: string;
    source: Record<string, unknown>;
    destination: { server: string; namespace?: string };
    ignoreDifferences?: Record<string, unknown>[];
    syncPolicy: {
      automated: { prune: boolean; selfHeal: boolean };
      syncOptions: string[];
      retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } };
    };
  };
}

/** An Application that syncs automatically, prunes and self-heals; namespaces are ours, not Argo's. */
export function argoApplication(o: ArgoAppOptions): ArgoApplication {
  const annotations = o.wave !== undefined ? { [SYNC_WAVE]: String(o.wave) } : undefined;
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Application',
    metadata: {
      name: o.name,
      namespace: o.argoNamespace,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(annotations ? { annotations } : {}),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
    },
    spec: {
      project: o.project,
      source: o.source,
      destination: {
        server: 'https://kubernetes.default.svc',
        ...(o.destinationNamespace ? { namespace: o.destinationNamespace } : {}),
      },
      // Ignored fields are also kept on sync (RespectIgnoreDifferences), else a sync reverts them anyway.
      ...(o.ignoreDifferences?.length ? { ignoreDifferences: [...o.ignoreDifferences] } : {}),
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=false', ...(o.syncOptions ?? []), ...(o.ignoreDifferences?.length ? ['RespectIgnoreDifferences=true'] : [])],
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      },
    },
  };
}
