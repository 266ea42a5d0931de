import type { ResolvedFeatures } from '../spec/features';
import type { AgentRuntimeCr } from './models';

/**
 * The AuthBridge mode of every agent, chosen so team namespaces stay Pod Security `restricted`
 * on every target (the operator's default `proxy-sidecar` + `enforce-redirect` injects a
 * `proxy-init` container needing NET_ADMIN and root):
 *
 * - mesh on (`istio`): `waypoint`: nothing is injected; the ambient mesh carries traffic and
 *   waypoints enforce L7 policy.
 * - mesh off: `proxy-sidecar` with `egressEnforcement: none`: the AuthBridge sidecar still
 *   validates inbound tokens and exchanges outbound ones for agents that use it as their proxy,
 *   but egress is not force-redirected (that would need `proxy-init`); the namespace's
 *   default-deny NetworkPolicies bound where agents can connect instead.
 *
 * The choice is the same on kind, MicroShift and OpenShift: none needs privileged agent namespaces.
 */
export function authBridgeFor(features: ResolvedFeatures): Pick<AgentRuntimeCr['spec'], 'authBridgeMode' | 'egressEnforcement'> {
  return features.istio.on ? { authBridgeMode: 'waypoint' } : { authBridgeMode: 'proxy-sidecar', egressEnforcement: 'none' };
}
