/** Typed subsets of the `shipwright.io/v1beta1` resources the platform emits. */

export const SHIPWRIGHT_API = 'shipwright.io/v1beta1';

export interface StrategyStep {
  name: string;
  image: string;
  workingDir?: string;
  command: string[];
  args: string[];
  env?: { name: string; value: string }[];
  securityContext?: Record<string, unknown>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

export interface ClusterBuildStrategyCr {
  apiVersion: typeof SHIPWRIGHT_API;
  kind: 'ClusterBuildStrategy';
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    parameters: { name: string; description: string; default?: string }[];
    securityContext?: { runAsUser: number; runAsGroup: number };
    steps: StrategyStep[];
  };
}

export interface BuildCr {
  apiVersion: typeof SHIPWRIGHT_API;
  kind: 'Build';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    source: { type: 'Git'; git: { url: string; revision: string; cloneSecret?: string }; contextDir?: string };
    strategy: { name: string; kind: 'ClusterBuildStrategy' };
    paramValues: { name: string; value: string }[];
    output: { image: string; insecure?: boolean; pushSecret?: string; labels?: Record<string, string> };
    timeout: string;
    retention: { succeededLimit: number; failedLimit: number };
  };
}

export interface BuildRunCr {
  apiVersion: typeof SHIPWRIGHT_API;
  kind: 'BuildRun';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { build: { name: string }; serviceAccount?: string };
}

/** `security.openshift.io/v1` SecurityContextConstraints (fields at the top level, not under spec). */
export interface SccCr {
  apiVersion: 'security.openshift.io/v1';
  kind: 'SecurityContextConstraints';
  metadata: { name: string; labels?: Record<string, string> };
  allowPrivilegedContainer: boolean;
  allowPrivilegeEscalation: boolean;
  allowHostDirVolumePlugin: boolean;
  allowHostIPC: boolean;
  allowHostNetwork: boolean;
  allowHostPID: boolean;
  allowHostPorts: boolean;
  readOnlyRootFilesystem: boolean;
  allowedCapabilities: string[];
  requiredDropCapabilities: string[];
  /** With `uidRangeMin`/`uidRangeMax` the range is the SCC's own, not the namespace's. */
  runAsUser: { type: 'RunAsAny' | 'MustRunAsRange'; uidRangeMin?: number; uidRangeMax?: number };
  /** Allowed seccomp profiles; the first is applied to pods that set none. */
  seccompProfiles?: string[];
  seLinuxContext: { type: 'MustRunAs' };
  fsGroup: { type: 'MustRunAs' | 'RunAsAny' };
  supplementalGroups: { type: 'RunAsAny' };
  volumes: string[];
  users: string[];
  groups: string[];
}
