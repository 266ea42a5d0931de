/** Label keys the platform owns. The operator's own keys come from {@link BRAND}. */
export const LABELS = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  team: 'agentplane.dev/team',
  /** On a team's build namespace (`<team>-builds`): the team it builds for. Not the team label: admission guardrails for agents do not apply to build pods. */
  buildsFor: 'agentplane.dev/builds-for',
  /** On every build namespace (value "true"): what the registry admits pushes from. */
  buildNamespace: 'agentplane.dev/build-namespace',
  platformComponent: 'agentplane.dev/component',
} as const;

/** Annotation carrying a hash of mounted configuration, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = 'agentplane.dev/config-hash';

/** Pod annotation declaring that an agent needs a writable root filesystem (spec readOnlyRootFilesystem: false). */
export const WRITABLE_ROOT_ANNOTATION = 'agentplane.dev/writable-root';

/** Labels stamped on every object of a component. */
export function commonLabels(component: string): Record<string, string> {
  return { [LABELS.partOf]: 'agentplane', [LABELS.managedBy]: 'agentplane', [LABELS.platformComponent]: component };
}
