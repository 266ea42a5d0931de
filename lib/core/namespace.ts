import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { TargetProfile } from '../targets';
import { kube } from './kube';
import { POD_SECURITY_EXCEPTIONS, restrictedNamespaceLabels } from './security';

/** Why a namespace enforces less than `restricted`, for people reading the cluster. */
export const POD_SECURITY_WHY_ANNOTATION = 'agentplane.dev/pod-security-why';

export interface NamespaceProps {
  readonly name: string;
  readonly target: TargetProfile;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
  /**
   * Enforce this level instead of `restricted` (audit and warn stay `restricted`), with the reason;
   * for namespaces whose pods receive a sidecar the built-in level cannot admit.
   */
  readonly enforce?: { readonly level: 'baseline'; readonly why: string };
}

/**
 * A namespace the platform owns: Pod Security `restricted` (DESIGN §7), except the listed
 * node-level namespaces in {@link POD_SECURITY_EXCEPTIONS}, which enforce their level and still
 * audit and warn at `restricted`.
 */
export function restrictedNamespace(scope: Construct, id: string, props: NamespaceProps): ApiObject {
  const exception = POD_SECURITY_EXCEPTIONS[props.name];
  const podSecurity = restrictedNamespaceLabels(props.target);
  const level = exception?.level ?? props.enforce?.level;
  if (level) podSecurity['pod-security.kubernetes.io/enforce'] = level;
  return kube<INamespace>(scope, id, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: props.name,
      labels: { ...props.labels, ...podSecurity },
      ...(props.annotations || props.enforce ? { annotations: { ...props.annotations, ...(props.enforce ? { [POD_SECURITY_WHY_ANNOTATION]: props.enforce.why } : {}) } } : {}),
    },
  });
}
