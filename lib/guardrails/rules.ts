import type { BrandNames } from '../brand';
import { WRITABLE_ROOT_ANNOTATION } from '../core/labels';
import type { Rule } from '../rules';

/**
 * Admission rules for pods in team namespaces, as CEL over the admitted `object` (a Pod), true
 * when compliant. The same expressions feed the native ValidatingAdmissionPolicy and the
 * optional Kyverno ClusterPolicy, and are evaluated by the tests with a CEL interpreter.
 */
export interface AdmissionRule extends Rule {
  readonly expression: string;
  /**
   * What it admits: pods, or the controllers (Deployments, ReplicaSets) that create them;
   * `pod-security`: pods, in the always-denying policy standing in for Pod Security `restricted`.
   */
  readonly on: 'pods' | 'controllers' | 'pod-security';
}

/** Containers that can declare resources: regular and init containers. */
const CONTAINERS = '(object.spec.containers + (has(object.spec.initContainers) ? object.spec.initContainers : []))';
/** Every container of the pod, ephemeral debug containers included. */
const ALL = `(${CONTAINERS} + (has(object.spec.ephemeralContainers) ? object.spec.ephemeralContainers : []))`;
/** The service account of Istio's waypoint proxies (the Gateway's name). */
const WAYPOINT_SA = 'waypoint';
const waypointIdentity = (pod: string) =>
  `((has(${pod}.spec.serviceAccountName) && ${pod}.spec.serviceAccountName == '${WAYPOINT_SA}') || (has(${pod}.metadata.labels) && '${'gateway.networking.k8s.io/gateway-name'}' in ${pod}.metadata.labels))`;
const CONTROLLER = (name: string) => `system:serviceaccount:kube-system:${name}`;
const scField = (c: string, f: string) => `has(${c}.securityContext) && has(${c}.securityContext.${f})`;
/** Waypoint proxies Istio generates in team namespaces are not agents. */
const WAYPOINT_LABEL = 'gateway.networking.k8s.io/gateway-name';

export function admissionRules(names: BrandNames, istioNamespace = 'istio-system'): AdmissionRule[] {
  const r = (id: string, title: string, rationale: string, fix: string, expression: string, on: AdmissionRule['on'] = 'pods'): AdmissionRule => ({ id, stage: 'admission', title, rationale, fix, expression, on });
  return [
    r(
      'AP201',
      'agent pods carry the agent type label',
      `Only workloads the operator declared agents (label ${names.typeLabel}, set from their AgentRuntime) run in team namespaces.`,
      'declare the workload with an AgentRuntime; the operator labels it.',
      `has(object.metadata.labels) && ('${names.typeLabel}' in object.metadata.labels || '${WAYPOINT_LABEL}' in object.metadata.labels)`,
    ),
    r(
      'AP202',
      'own service account',
      'Each agent needs its own service account: it is the basis of its workload identity.',
      'set spec.serviceAccountName to the agent\'s own ServiceAccount.',
      "has(object.spec.serviceAccountName) && object.spec.serviceAccountName != '' && object.spec.serviceAccountName != 'default'",
    ),
    r(
      'AP203',
      'runs as non-root',
      'A root process in an agent pod turns any compromise into a node-level risk.',
      'set securityContext.runAsNonRoot: true on the pod or every container, and false on none.',
      `((has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot == true) || ${ALL}.all(c, ${scField('c', 'runAsNonRoot')} && c.securityContext.runAsNonRoot == true)) && ${ALL}.all(c, !(${scField('c', 'runAsNonRoot')} && c.securityContext.runAsNonRoot == false))`,
    ),
    r(
      'AP204',
      'read-only root filesystem where the agent allows it',
      'A writable root filesystem lets a compromised agent persist tools; agents write to mounted volumes instead.',
      `set readOnlyRootFilesystem: true on every container, or declare the agent readOnlyRootFilesystem: false (annotation ${WRITABLE_ROOT_ANNOTATION}). Sidecars the operator injects (images under ghcr.io/${names.brand}/) and Istio's proxies follow their own charts.`,
      `(has(object.metadata.annotations) && '${WRITABLE_ROOT_ANNOTATION}' in object.metadata.annotations && object.metadata.annotations['${WRITABLE_ROOT_ANNOTATION}'] == 'true') || ${CONTAINERS}.filter(c, c.name != 'istio-proxy' && !c.image.startsWith('ghcr.io/${names.brand}/')).all(c, ${scField('c', 'readOnlyRootFilesystem')} && c.securityContext.readOnlyRootFilesystem == true)`,
    ),
    r(
      'AP205',
      'requests and limits',
      'Containers without CPU and memory requests and limits starve neighbours and defeat quotas.',
      'set resources.requests and resources.limits (cpu and memory), or rely on the team LimitRange defaults.',
      `${CONTAINERS}.all(c, has(c.resources) && has(c.resources.requests) && has(c.resources.limits) && 'cpu' in c.resources.requests && 'memory' in c.resources.requests && 'cpu' in c.resources.limits && 'memory' in c.resources.limits)`,
    ),
    r(
      'AP206',
      'no latest or untagged images',
      'An image without a tag or digest, or tagged latest, changes under a running agent.',
      'pin an exact tag or a digest.',
      `${ALL}.all(c, c.image.contains('@sha256:') || (c.image.substring(c.image.lastIndexOf('/') + 1).contains(':') && !c.image.endsWith(':latest')))`,
    ),
    r(
      'AP207',
      'no host namespaces',
      'hostNetwork, hostPID and hostIPC break the isolation the platform relies on.',
      'remove hostNetwork, hostPID and hostIPC.',
      '!(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID) && !(has(object.spec.hostIPC) && object.spec.hostIPC)',
    ),
    r(
      'AP208',
      'no hostPath volumes',
      'hostPath volumes expose the node filesystem to the agent.',
      'use emptyDir, ConfigMap, Secret or persistent volumes.',
      '!has(object.spec.volumes) || object.spec.volumes.all(v, !has(v.hostPath))',
    ),
    r(
      'AP209',
      'no privilege escalation',
      'setuid binaries or privileged containers would undo every other restriction.',
      'set allowPrivilegeEscalation: false and never privileged: true.',
      `${ALL}.all(c, ${scField('c', 'allowPrivilegeEscalation')} && c.securityContext.allowPrivilegeEscalation == false && !(has(c.securityContext.privileged) && c.securityContext.privileged))`,
    ),
    r(
      'AP210',
      'only Istio runs waypoint pods',
      `A pod with the waypoint's service account or gateway label holds the waypoint's identity, which every waypoint-bound agent admits: it would bypass the L7 rules.`,
      'do not use the service account "waypoint" or the gateway-name label; Istio creates the waypoint itself.',
      `!${waypointIdentity('object')} || request.userInfo.username == '${CONTROLLER('replicaset-controller')}'`,
    ),
    r(
      'AP211',
      'only Istio creates waypoint workloads',
      'Deployments and ReplicaSets with the waypoint identity may come only from istiod (and the controllers acting for it).',
      'let Istio manage the waypoint from the team\'s Gateway of class istio-waypoint.',
      `!${waypointIdentity('object.spec.template')} || request.userInfo.username in ['system:serviceaccount:${istioNamespace}:istiod', '${CONTROLLER('deployment-controller')}']`,
      'controllers',
    ),
  ];
}
