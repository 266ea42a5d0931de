import type { ClusterFlavor } from './facts';
import type { TargetId } from '../targets';

/**
 * Decides the cluster flavor from what it serves. OpenShift runs the cluster version operator,
 * so it serves `config.openshift.io` with a ClusterVersion named `version`. MicroShift serves
 * Routes and SCCs (`route.openshift.io`, `security.openshift.io`) but has no cluster version
 * operator: no ClusterVersion. Anything else is plain Kubernetes (kind and friends).
 */
export function flavorOf(apiGroups: ReadonlySet<string>, hasClusterVersion: boolean): ClusterFlavor {
  if (hasClusterVersion) return 'openshift';
  if (apiGroups.has('route.openshift.io') || apiGroups.has('security.openshift.io')) return 'microshift';
  return 'kubernetes';
}

/** The flavor each target is written for. */
export const TARGET_FLAVOR: Readonly<Record<TargetId, ClusterFlavor>> = {
  kind: 'kubernetes',
  microshift: 'microshift',
  openshift: 'openshift',
};

/** Major and minor of `v1.32.7+abc` or `4.19.9`; undefined when not a version. */
export function majorMinor(version: string | undefined): readonly [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** `version` is at least `major.minor` (false when it cannot be parsed). */
export function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const v = majorMinor(version);
  return v !== undefined && (v[0] > major || (v[0] === major && v[1] >= minor));
}
