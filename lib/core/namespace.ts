import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { TargetProfile } from '../targets';
import { kube } from './kube';
import { POD_SECURITY_EXCEPTIONS, restrictedNamespaceLabels } from './security';

export interface NamespaceProps {
  readonly name: string;
  readonly target: TargetProfile;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/**
 * A namespace the platform owns: Pod Security `restricted` (DESIGN §7), except the listed
 * node-level namespaces in {@link POD_SECURITY_EXCEPTIONS}, which enforce their level and still
 * audit and warn at `restricted`.
 */
export function restrictedNamespace(scope: Construct, id: string, props: NamespaceProps): ApiObject {
  const exception = POD_SECURITY_EXCEPTIONS[props.name];
  const podSecurity = restrictedNamespaceLabels(props.target);
  if (exception) podSecurity['pod-security.kubernetes.io/enforce'] = exception.level;
  return kube<INamespace>(scope, id, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: props.name,
      labels: { ...props.labels, ...podSecurity },
      ...(props.annotations ? { annotations: props.annotations } : {}),
    },
  });
}
