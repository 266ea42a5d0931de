import type { IConstruct } from 'constructs';

/**
 * A field of objects we emit that a controller in the cluster writes after us (an operator's
 * annotation, a webhook's CA bundle). The GitOps engine must not revert it, or the two fight
 * forever: Argo CD `ignoreDifferences` (with `RespectIgnoreDifferences=true`, so a sync keeps the
 * live value too). Pulumi applies server-side, so a field another manager owns is never taken back.
 */
export interface ControllerOwnedField {
  /** API group of the objects (`''` for the core group). */
  readonly group: string;
  readonly kind: string;
  /** Only the object with this name; every object of the kind when absent. */
  readonly name?: string;
  readonly namespace?: string;
  /** RFC 6901 pointers of the fields (`~1` for `/` in keys). */
  readonly jsonPointers?: readonly string[];
  /** jq paths, for fields inside lists whose order the controller may change (webhooks). */
  readonly jqPathExpressions?: readonly string[];
  /** Who writes the field, for reviewers. */
  readonly writer: string;
}

/** Webhook configurations whose CA bundle (and, for validating ones, failure policy) their controller patches. */
export function webhookCaFields(writer: string, opts: { validatingFailurePolicy: boolean; mutating: boolean }): ControllerOwnedField[] {
  const ca = '.webhooks[]?.clientConfig.caBundle';
  return [
    { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: [ca, ...(opts.validatingFailurePolicy ? ['.webhooks[]?.failurePolicy'] : [])], writer },
    ...(opts.mutating ? [{ group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: [ca], writer }] : []),
  ];
}

const OWNED = new WeakMap<IConstruct, ControllerOwnedField[]>();

/** Declares fields of the objects under `construct` that a controller writes (see {@link ControllerOwnedField}). */
export function declareControllerOwnedFields(construct: IConstruct, fields: readonly ControllerOwnedField[]): void {
  OWNED.set(construct, [...(OWNED.get(construct) ?? []), ...fields]);
}

/** Fields declared on `construct` itself. */
export function controllerOwnedFields(construct: IConstruct): readonly ControllerOwnedField[] {
  return OWNED.get(construct) ?? [];
}

/** JSON Pointer escaping of one key (RFC 6901): label and annotation keys contain `/`. */
export function pointerKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Argo CD `spec.ignoreDifferences` entries, merged by object and in a stable order. */
export function argoIgnoreDifferences(fields: readonly ControllerOwnedField[]): Record<string, unknown>[] {
  const byTarget = new Map<string, { group: string; kind: string; name?: string; namespace?: string; pointers: Set<string>; jq: Set<string> }>();
  for (const f of fields) {
    const key = `${f.group}\n${f.kind}\n${f.namespace ?? ''}\n${f.name ?? ''}`;
    const entry = byTarget.get(key) ?? { group: f.group, kind: f.kind, ...(f.name ? { name: f.name } : {}), ...(f.namespace ? { namespace: f.namespace } : {}), pointers: new Set<string>(), jq: new Set<string>() };
    for (const p of f.jsonPointers ?? []) entry.pointers.add(p);
    for (const p of f.jqPathExpressions ?? []) entry.jq.add(p);
    byTarget.set(key, entry);
  }
  return [...byTarget.keys()].sort().map((k) => {
    const { pointers, jq, ...target } = byTarget.get(k)!;
    return { ...target, ...(pointers.size ? { jsonPointers: [...pointers].sort() } : {}), ...(jq.size ? { jqPathExpressions: [...jq].sort() } : {}) };
  });
}
