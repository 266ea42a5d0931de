import type { SccCr } from '../shipwright/model';

/** The fields every SCC of ours shares: no privileged containers, no host access, granted by RoleBindings only (no users or groups). */
type SharedSccFields = 'apiVersion' | 'kind' | 'metadata' | 'allowPrivilegedContainer' | 'allowHostDirVolumePlugin' | 'allowHostIPC' | 'allowHostNetwork' | 'allowHostPID' | 'allowHostPorts' | 'users' | 'groups';

/** An SCC without host access or privileged containers; `fields` are what differs between ours. */
export function hostlessScc(name: string, labels: Record<string, string>, fields: Omit<SccCr, SharedSccFields>): SccCr {
  const { allowPrivilegeEscalation, ...rest } = fields;
  return {
    apiVersion: 'security.openshift.io/v1',
    kind: 'SecurityContextConstraints',
    metadata: { name, labels },
    allowPrivilegedContainer: false,
    allowPrivilegeEscalation,
    allowHostDirVolumePlugin: false,
    allowHostIPC: false,
    allowHostNetwork: false,
    allowHostPID: false,
    allowHostPorts: false,
    ...rest,
    users: [],
    groups: [],
  };
}
