import type { Construct } from 'constructs';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { kube } from '../core/kube';
import { hostlessScc } from '../core/scc';
import { RESTRICTED_VOLUME_TYPES } from '../guardrails/pod-security';
import type { SccCr } from '../shipwright/model';
import { AUTHBRIDGE_UID } from './auth-bridge';

/** SCC admitting agent pods with the operator's sidecar on targets with SecurityContextConstraints. */
export const AGENT_SCC = 'agentplane-agents';
/** UID the SCC assigns to containers that set none (the same non-root UID agents run as on kind). */
export const AGENT_UID = 1000;

/**
 * restricted-v2 with one difference: the UID range is the SCC's own, 1000–1337, instead of the
 * namespace's, so the injected AuthBridge sidecar (fixed UID 1337) is admitted and agent
 * containers get UID 1000. Everything else is restricted-v2: no added capabilities, ALL dropped —
 * which SCC admission writes into every container, the sidecar included, before Pod Security
 * runs, so team namespaces stay Pod Security `restricted` on these targets — seccomp
 * `runtime/default`, no privilege escalation, no host access, restricted volume types; fsGroup is
 * free (see below).
 * Granted only to the agents' own service accounts (a RoleBinding per team). Trade-off: agents of
 * all teams share UID 1000 instead of one UID range per namespace (shared volumes across teams
 * are not isolated by UID; team volumes are per-namespace claims).
 */
export function agentScc(scope: Construct, labels: Record<string, string>): string {
  kube<SccCr>(scope, 'agent-scc', hostlessScc(AGENT_SCC, labels, {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: false,
    allowedCapabilities: [],
    requiredDropCapabilities: ['ALL'],
    runAsUser: { type: 'MustRunAsRange', uidRangeMin: AGENT_UID, uidRangeMax: AUTHBRIDGE_UID },
    seLinuxContext: { type: 'MustRunAs' },
    // With SPIRE the webhook sets the pod's fsGroup to 0 (REFERENCE: agent operator contract);
    // Pod Security restricted does not constrain fsGroup either.
    fsGroup: { type: 'RunAsAny' },
    supplementalGroups: { type: 'RunAsAny' },
    seccompProfiles: ['runtime/default'],
    volumes: [...RESTRICTED_VOLUME_TYPES],
  }));
  const role = `agentplane:scc:${AGENT_SCC}`;
  kube<IClusterRole>(scope, 'agent-scc-role', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: role, labels },
    rules: [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: [AGENT_SCC], verbs: ['use'] }],
  });
  return role;
}
