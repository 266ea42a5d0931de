/** Typed subsets of the Istio and Sail resources the platform emits. */

/** Namespace of istiod (and, on kind/MicroShift, of Kiali and Istio's sample Prometheus). */
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';
/** Trust domain of the platform's mesh (workload principals `<td>/ns/<ns>/sa/<sa>`). */
export const MESH_TRUST_DOMAIN = 'cluster.local';

type Meta = { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };

/** `security.istio.io/v1` PeerAuthentication. */
export interface PeerAuthenticationCr {
  apiVersion: 'security.istio.io/v1';
  kind: 'PeerAuthentication';
  metadata: Meta;
  spec: { mtls: { mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE' } };
}

export interface AuthzSource {
  principals?: string[];
  namespaces?: string[];
}
export interface AuthzOperation {
  ports?: string[];
  methods?: string[];
  paths?: string[];
}
export interface AuthzRule {
  from?: { source: AuthzSource }[];
  to?: { operation: AuthzOperation }[];
}

/** `security.istio.io/v1` AuthorizationPolicy. An ALLOW policy with no rules allows nothing. */
export interface AuthorizationPolicyCr {
  apiVersion: 'security.istio.io/v1';
  kind: 'AuthorizationPolicy';
  metadata: Meta;
  spec: {
    action?: 'ALLOW' | 'DENY';
    /** L4 policies, enforced by ztunnel, select workloads by label (or the whole namespace). */
    selector?: { matchLabels: Record<string, string> };
    /** L7 policies attach to a waypoint-bound Service and are enforced by the waypoint. */
    targetRefs?: { group: string; kind: 'Service' | 'Gateway'; name: string }[];
    rules?: AuthzRule[];
  };
}

/** `sailoperator.io/v1` Istio / IstioCNI / ZTunnel (OpenShift Service Mesh 3). */
export interface SailCr {
  apiVersion: 'sailoperator.io/v1';
  kind: 'Istio' | 'IstioCNI' | 'ZTunnel';
  metadata: { name: string; labels?: Record<string, string> };
  spec: { namespace: string; version: string; profile?: string; values?: Record<string, unknown> };
}
