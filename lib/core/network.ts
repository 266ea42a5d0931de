import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { TargetProfile } from '../targets';

/** NetworkPolicy building blocks shared by every component that writes policies. */

/** A peer selecting every pod of one namespace, by the label Kubernetes sets on it. */
export function namespacePeer(ns: string): INetworkPolicyPeer {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } };
}

/** Ranges external egress never reaches: cluster, node and link-local networks stay behind their own policies. */
export const PRIVATE_RANGES: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'];

/** Egress to public addresses only (everything outside {@link PRIVATE_RANGES}) on the given TCP ports. */
export function publicEgressRule(ports: readonly number[]): INetworkPolicyEgressRule {
  return { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...PRIVATE_RANGES] } }], ports: ports.map((port) => ({ protocol: 'TCP', port })) };
}

/** Egress to the cluster DNS pods of the target, UDP and TCP. */
export function dnsEgressRule(target: TargetProfile): INetworkPolicyEgressRule {
  return {
    to: [{ ...namespacePeer(target.dns.namespace), podSelector: { matchLabels: { ...target.dns.podLabels } } }],
    ports: target.dns.ports.flatMap((port) => [
      { protocol: 'UDP', port },
      { protocol: 'TCP', port },
    ]),
  };
}
