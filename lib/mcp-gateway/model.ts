/** Typed subsets of the `mcp.kuadrant.io/v1alpha1` and Istio resources the MCP gateway component emits. */

type Meta = { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };

export interface McpServerRegistrationCr {
  apiVersion: 'mcp.kuadrant.io/v1alpha1';
  kind: 'MCPServerRegistration';
  metadata: Meta;
  spec: {
    targetRef: { group: 'gateway.networking.k8s.io'; kind: 'HTTPRoute'; name: string };
    toolPrefix: string;
    path: string;
    credentialRef?: { name: string; key: string };
  };
}

export interface ReferenceGrantCr {
  apiVersion: 'gateway.networking.k8s.io/v1beta1';
  kind: 'ReferenceGrant';
  metadata: Meta;
  spec: { from: { group: string; kind: string; namespace: string }[]; to: { group: string; kind: string; name?: string }[] };
}

export interface ServiceEntryCr {
  apiVersion: 'networking.istio.io/v1';
  kind: 'ServiceEntry';
  metadata: Meta;
  spec: { hosts: string[]; location: 'MESH_EXTERNAL'; resolution: 'DNS'; ports: { number: number; name: string; protocol: 'HTTPS' | 'TLS' | 'HTTP' }[]; exportTo: string[] };
}

export interface DestinationRuleCr {
  apiVersion: 'networking.istio.io/v1';
  kind: 'DestinationRule';
  metadata: Meta;
  spec: { host: string; exportTo: string[]; trafficPolicy: { tls: { mode: 'SIMPLE'; sni: string } } };
}

export interface RequestAuthenticationCr {
  apiVersion: 'security.istio.io/v1';
  kind: 'RequestAuthentication';
  metadata: Meta;
  spec: {
    targetRefs: { group: string; kind: 'Gateway'; name: string }[];
    jwtRules: { issuer: string; jwksUri: string; audiences: string[]; forwardOriginalToken: boolean }[];
  };
}

/** An AuthorizationPolicy rule with request conditions (JWT claims, headers). */
export interface ConditionalAuthzRule {
  from?: { source: { requestPrincipals?: string[] } }[];
  to?: { operation: { hosts?: string[]; paths?: string[] } }[];
  when?: { key: string; values?: string[]; notValues?: string[] }[];
}

export interface GatewayAuthorizationPolicyCr {
  apiVersion: 'security.istio.io/v1';
  kind: 'AuthorizationPolicy';
  metadata: Meta;
  spec: { targetRefs: { group: string; kind: 'Gateway'; name: string }[]; action: 'ALLOW'; rules: ConditionalAuthzRule[] };
}

export interface McpHttpRouteCr {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: 'HTTPRoute';
  metadata: Meta;
  spec: {
    parentRefs: { name: string; namespace: string; sectionName: string }[];
    hostnames: string[];
    rules: {
      backendRefs: { group?: string; kind?: string; name: string; namespace?: string; port: number }[];
      filters?: { type: 'URLRewrite'; urlRewrite: { hostname: string } }[];
    }[];
  };
}
