/** Typed models of the pinned agent operator's resources (no upstream schema is published for them). */

export interface TargetRef {
  apiVersion: 'apps/v1';
  kind: 'Deployment' | 'StatefulSet';
  name: string;
}

/** How the operator's AuthBridge reaches the workload. */
export type AuthBridgeMode = 'proxy-sidecar' | 'envoy-sidecar' | 'lite' | 'waypoint';

/** `AgentRuntime` (namespaced): declares a workload an agent or tool; the operator labels it. */
export interface AgentRuntimeCr {
  apiVersion: string;
  kind: 'AgentRuntime';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    type: 'agent' | 'tool';
    targetRef: TargetRef;
    authBridgeMode?: AuthBridgeMode;
    mtlsMode?: 'disabled' | 'permissive' | 'strict';
    egressEnforcement?: 'enforce-redirect' | 'none';
    /** Token exchange on outbound calls: the audience a token must be narrowed to per destination. */
    auth?: { outbound: { destination: { host?: string; hostRegex?: string }; audiences: string[] }[] };
  };
}

/** `AgentCard`: the operator fetches and tracks the workload's `/.well-known/agent-card.json`. */
export interface AgentCardCr {
  apiVersion: string;
  kind: 'AgentCard';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    targetRef: TargetRef;
    syncPeriod: string;
    identityBinding: { strict: boolean; trustDomain: string };
  };
}

/** `external-secrets.io/v1` ExternalSecret: a Secret synchronized from an external store. */
export interface ExternalSecretCr {
  apiVersion: 'external-secrets.io/v1';
  kind: 'ExternalSecret';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    refreshInterval: string;
    secretStoreRef: { name: string; kind: 'SecretStore' | 'ClusterSecretStore' };
    target: { name: string; creationPolicy: 'Owner' };
    data: { secretKey: string; remoteRef: { key: string; property?: string } }[];
  };
}

/** `bitnami.com/v1alpha1` SealedSecret: ciphertext only the in-cluster controller can decrypt. */
export interface SealedSecretCr {
  apiVersion: 'bitnami.com/v1alpha1';
  kind: 'SealedSecret';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: { encryptedData: Record<string, string>; template: { metadata: { name: string; namespace: string } } };
}
