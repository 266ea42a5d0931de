import type { IConstruct } from 'constructs';

const PROVIDES = new WeakMap<IConstruct, readonly string[]>();

/**
 * Declares that applying `construct` makes the cluster serve these API groups (it installs their
 * CRDs: a chart, an OLM subscription, or an operand like Sail's `Istio` that installs Istio's
 * CRDs). Custom resources of those groups then wait for it.
 */
export function declareProvidedApiGroups(construct: IConstruct, groups: readonly string[]): void {
  PROVIDES.set(construct, groups);
}

/** The API groups a construct declared it provides. */
export function providedApiGroups(construct: IConstruct): readonly string[] {
  return PROVIDES.get(construct) ?? [];
}
