import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { TargetProfile } from '../targets';
import { kube } from './kube';
import { restrictedNamespaceLabels } from './security';

export interface NamespaceProps {
  readonly name: string;
  readonly target: TargetProfile;
  readonly labels: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** A namespace the platform owns: always Pod Security `restricted` (DESIGN §7). */
export function restrictedNamespace(scope: Construct, id: string, props: NamespaceProps): ApiObject {
  return kube<INamespace>(scope, id, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: props.name,
      labels: { ...props.labels, ...restrictedNamespaceLabels(props.target) },
      ...(props.annotations ? { annotations: props.annotations } : {}),
    },
  });
}
