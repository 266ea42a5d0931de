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
 * - sidecar mTLS: `permissive` with SPIRE (callers without a sidecar, such as the operator
 *   fetching Agent Cards, still connect), `disabled` without.
 *
 * The choice is the same on kind, MicroShift and OpenShift: none needs privileged agent namespaces.
 */
export function authBridgeFor(features: ResolvedFeatures): Pick<AgentRuntimeCr['spec'], 'authBridgeMode' | 'egressEnforcement' | 'mtlsMode'> {
  if (features.istio.on) return { authBridgeMode: 'waypoint' };
  // Sidecar mTLS needs SPIRE X.509-SVIDs; without SPIRE it is disabled, else the webhook would
  // force its SPIFFE helper onto pods of a cluster that has no SPIRE.
  return { authBridgeMode: 'proxy-sidecar', egressEnforcement: 'none', mtlsMode: features.spire.on ? 'permissive' : 'disabled' };
}
