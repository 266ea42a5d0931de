import type { SpecIssue } from './issues';

/** Every feature toggle, by its dotted spec path under `features`. */
export const FEATURE_IDS = [
  'istio',
  'spire',
  'shipwright',
  'builds',
  'observability.otel',
  'observability.phoenix',
  'kiali',
  'containerRegistry',
  'certManager',
  'mcpGateway',
  'ui',
] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];

/**
 * Feature dependencies, as typed data. Policy (documented in the README): a feature that is on
 * turns on what it needs, with a note in the synth summary; a needed feature that is explicitly
 * `false` (in the spec or the profile) is an error naming both fields.
 */
export const FEATURE_NEEDS: Readonly<Record<FeatureId, readonly FeatureId[]>> = {
  istio: [],
  spire: [],
  shipwright: ['certManager'],
  builds: ['shipwright'],
  'observability.otel': [],
  'observability.phoenix': ['observability.otel'],
  kiali: ['istio'],
  containerRegistry: [],
  certManager: [],
  mcpGateway: ['istio'],
  ui: [],
};

/**
 * Features the always-on core needs: the pinned agent operator chart issues its admission
 * webhook's serving certificate through cert-manager, so cert-manager is on whenever the
 * platform is (and turning it off explicitly is an error).
 */
export const CORE_NEEDS: readonly { readonly feature: FeatureId; readonly by: string }[] = [
  { feature: 'certManager', by: 'the agent operator webhook (serving certificate)' },
];

export interface FeatureState {
  readonly on: boolean;
  /** Why: `spec`, `profile <name>`, `needed by <feature>`, or `default`. */
  readonly reason: string;
}

export type ResolvedFeatures = Readonly<Record<FeatureId, FeatureState>>;

/** Where each explicitly set toggle came from. */
export type FeatureOrigin = 'spec' | `profile ${string}`;

export type FeatureValues = Partial<Record<FeatureId, boolean>>;

/** Flattens the nested `features` object of a spec to dotted ids. */
export function flattenFeatures(features: Record<string, unknown> | undefined): FeatureValues {
  const out: FeatureValues = {};
  if (!features) return out;
  for (const id of FEATURE_IDS) {
    const [a, b] = id.split('.') as [string, string | undefined];
    const v = b === undefined ? features[a] : (features[a] as Record<string, unknown> | undefined)?.[b];
    if (typeof v === 'boolean') out[id] = v;
  }
  return out;
}

/**
 * Resolves toggles: explicit values win, then dependencies are switched on transitively.
 * Returns the states, notes for the summary, and issues for dependencies explicitly disabled.
 */
export function resolveFeatures(
  values: FeatureValues,
  origins: Partial<Record<FeatureId, FeatureOrigin>>,
): { features: ResolvedFeatures; notes: string[]; issues: SpecIssue[] } {
  const state = {} as Record<FeatureId, FeatureState>;
  for (const id of FEATURE_IDS) {
    const v = values[id];
    state[id] = v === undefined ? { on: false, reason: 'default' } : { on: v, reason: origins[id] ?? 'spec' };
  }
  const notes: string[] = [];
  const issues: SpecIssue[] = [];
  const visit = (id: FeatureId, chain: readonly FeatureId[]) => {
    for (const need of FEATURE_NEEDS[id]) {
      const s = state[need];
      if (s.on) continue;
      if (values[need] === false) {
        issues.push({
          rule: 'AP106',
          path: `features.${chain[0]}`,
          message: `${chain.length > 1 ? `needs features.${chain.slice(1).join(', which needs features.')}, which ` : ''}needs features.${need}, which ${origins[need] === 'spec' || origins[need] === undefined ? 'the spec' : `the ${origins[need]}`} sets to false.`,
          fix: `set features.${need}: true, or features.${chain[0]}: false.`,
        });
        continue;
      }
      state[need] = { on: true, reason: `needed by ${id}` };
      notes.push(`features.${need} turned on: features.${id} needs it.`);
      visit(need, [...chain, need]);
    }
  };
  for (const { feature, by } of CORE_NEEDS) {
    if (state[feature].on) continue;
    if (values[feature] === false) {
      issues.push({
        rule: 'AP106',
        path: `features.${feature}`,
        message: `${by} needs features.${feature}, which ${origins[feature] === 'spec' || origins[feature] === undefined ? 'the spec' : `the ${origins[feature]}`} sets to false.`,
        fix: `remove features.${feature}: false (it cannot be off).`,
      });
      continue;
    }
    state[feature] = { on: true, reason: `needed by ${by}` };
    notes.push(`features.${feature} turned on: ${by} needs it.`);
  }
  for (const id of FEATURE_IDS) if (state[id].on) visit(id, [id]);
  return { features: state, notes, issues };
}
