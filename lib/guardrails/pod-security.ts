import type { AdmissionRule } from './rules';

/**
 * Pod Security `restricted`, as CEL, for every container of a team pod except the operator's
 * injected AuthBridge sidecar — which the pinned release builds without `capabilities.drop: [ALL]`
 * and without a container seccomp profile, so the built-in `restricted` level rejects it. Where
 * no admission step adds those (targets without SCCs), team namespaces enforce Pod Security
 * `baseline` (audit and warn stay `restricted`) and this policy holds everything else to
 * `restricted`. The exemption is by name AND pinned image: a container merely named like the
 * sidecar gets none. Always `Deny` (it stands in for the namespace's level; `guardrails.admission`
 * does not relax it).
 */
export interface SidecarExemption {
  /** Container name the webhook injects. */
  readonly container: string;
  /** The exact pinned image. */
  readonly image: string;
}

const CONTAINERS = '(object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : []) + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : []))';
const sc = (c: string, f: string) => `has(${c}.securityContext) && has(${c}.securityContext.${f})`;
const podSc = (f: string) => `has(object.spec.securityContext) && has(object.spec.securityContext.${f})`;
/** Volume types `restricted` allows. */
export const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'] as const;

export function podSecurityRules(sidecar: SidecarExemption): AdmissionRule[] {
  const exempt = (c: string) => `(${c}.name == '${sidecar.container}' && ${c}.image == '${sidecar.image}')`;
  const others = `${CONTAINERS}.filter(c, !${exempt('c')})`;
  const r = (id: string, title: string, rationale: string, fix: string, expression: string): AdmissionRule => ({ id, stage: 'admission', title, rationale, fix, expression, on: 'pod-security' });
  return [
    r(
      'AP212',
      'capabilities dropped (restricted), except the pinned AuthBridge sidecar',
      `Pod Security restricted requires every container to drop ALL capabilities and add at most NET_BIND_SERVICE; team namespaces enforce baseline only because the operator's sidecar (${sidecar.container}, ${sidecar.image}) omits the drop, so this rule holds every other container to it.`,
      'set securityContext.capabilities.drop: [ALL] on every container and add nothing but NET_BIND_SERVICE.',
      `${others}.all(c, ${sc('c', 'capabilities')} && has(c.securityContext.capabilities.drop) && 'ALL' in c.securityContext.capabilities.drop && (!has(c.securityContext.capabilities.add) || c.securityContext.capabilities.add.all(a, a == 'NET_BIND_SERVICE')))`,
    ),
    r(
      'AP213',
      'seccomp RuntimeDefault or Localhost (restricted)',
      'Pod Security restricted requires a seccomp profile on the pod or on every container, and never Unconfined.',
      'set securityContext.seccompProfile.type: RuntimeDefault on the pod.',
      `${CONTAINERS}.all(c, (${sc('c', 'seccompProfile')} ? c.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost'] : (${podSc('seccompProfile')} && object.spec.securityContext.seccompProfile.type in ['RuntimeDefault', 'Localhost']) || ${exempt('c')}))`,
    ),
    r(
      'AP214',
      'restricted volume types',
      'Pod Security restricted admits only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.',
      `use only ${RESTRICTED_VOLUME_TYPES.join(', ')} volumes.`,
      `!has(object.spec.volumes) || object.spec.volumes.all(v, ${RESTRICTED_VOLUME_TYPES.map((t) => `has(v.${t})`).join(' || ')})`,
    ),
    r(
      'AP215',
      'never UID 0 (restricted)',
      'Pod Security restricted forbids runAsUser 0 on the pod and every container.',
      'run as a non-zero UID (or leave runAsUser to the target).',
      `!(${podSc('runAsUser')} && object.spec.securityContext.runAsUser == 0) && ${CONTAINERS}.all(c, !(${sc('c', 'runAsUser')} && c.securityContext.runAsUser == 0))`,
    ),
    r(
      'AP216',
      'the AuthBridge sidecar is the pinned one',
      `Only the pinned ${sidecar.container} image (${sidecar.image}) is exempt from the capability rule; a container by that name with another image, or a proxy-init container (root, NET_ADMIN), is not the operator's pinned sidecar.`,
      `do not name containers ${sidecar.container} or proxy-init; the operator injects the sidecar (image pinned in the operator chart's defaults.images).`,
      `${CONTAINERS}.all(c, (c.name != '${sidecar.container}' || c.image == '${sidecar.image}') && c.name != 'proxy-init')`,
    ),
  ];
}
