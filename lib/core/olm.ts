import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { declareProvidedApiGroups } from './provides';

export interface OlmSubscriptionProps {
  /** OLM package name, e.g. `rhbk-operator`. */
  readonly packageName: string;
  /** Exact channel, e.g. `stable-v26.4`. */
  readonly channel: string;
  /** Namespace the operator is installed into (it must exist). */
  readonly namespace: string;
  /** Namespaces the operator watches; `[]` means all namespaces. @default [namespace] */
  readonly targetNamespaces?: readonly string[];
  /** Catalog source. @default redhat-operators in openshift-marketplace */
  readonly source?: string;
  readonly sourceNamespace?: string;
  /** API groups whose CRDs the operator's CSV installs. */
  readonly providesApiGroups: readonly string[];
  /**
   * Create an OperatorGroup. False for namespaces that already have one, such as
   * `openshift-operators` (its global group; a second group there breaks every operator in it).
   * @default true
   */
  readonly createOperatorGroup?: boolean;
  readonly labels?: Record<string, string>;
}

/**
 * An operator installed through OLM: an OperatorGroup and a Subscription with manual-free
 * automatic approval inside the pinned channel. Custom resources of `providesApiGroups` wait for
 * it: Argo CD through sync waves and its Subscription health check, Pulumi through dependsOn and
 * a wait for the Subscription to reach `AtLatestKnown`.
 */
export class OlmSubscription extends Construct {
  readonly subscription: ApiObject;
  constructor(scope: Construct, id: string, props: OlmSubscriptionProps) {
    super(scope, id);
    const group = props.createOperatorGroup === false ? undefined : new ApiObject(this, 'operator-group', {
      apiVersion: 'operators.coreos.com/v1',
      kind: 'OperatorGroup',
      metadata: { name: props.packageName, namespace: props.namespace, labels: props.labels },
      spec: props.targetNamespaces?.length === 0 ? {} : { targetNamespaces: [...(props.targetNamespaces ?? [props.namespace])] },
    });
    this.subscription = new ApiObject(this, 'subscription', {
      apiVersion: 'operators.coreos.com/v1alpha1',
      kind: 'Subscription',
      metadata: { name: props.packageName, namespace: props.namespace, labels: props.labels },
      spec: {
        name: props.packageName,
        channel: props.channel,
        source: props.source ?? 'redhat-operators',
        sourceNamespace: props.sourceNamespace ?? 'openshift-marketplace',
        installPlanApproval: 'Automatic',
      },
    });
    if (group) this.subscription.node.addDependency(group);
    declareProvidedApiGroups(this.subscription, props.providesApiGroups);
  }
}
