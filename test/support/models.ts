import { z } from 'zod';

/**
 * Our own typed models for the custom resources no npm schema package covers: the agent
 * operator's AgentRuntime/AgentCard (no published schema), Keycloak CRs and OLM objects
 * (kubernetes-models has no package for them). Strict on the fields the platform sets, taken
 * from the operators' documented contracts (see the model files beside each component).
 */
const meta = z.object({
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const quantity = z.string().regex(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/);
const targetRef = z.strictObject({ apiVersion: z.literal('apps/v1'), kind: z.enum(['Deployment', 'StatefulSet']), name: z.string() });

export const AgentRuntimeModel = z.strictObject({
  apiVersion: z.string().regex(/^agent\.[a-z]+\.dev\/v1alpha1$/),
  kind: z.literal('AgentRuntime'),
  metadata: meta,
  spec: z.strictObject({
    type: z.enum(['agent', 'tool']),
    targetRef,
    authBridgeMode: z.enum(['proxy-sidecar', 'envoy-sidecar', 'lite', 'waypoint']).optional(),
    mtlsMode: z.enum(['disabled', 'permissive', 'strict']).optional(),
    egressEnforcement: z.enum(['enforce-redirect', 'none']).optional(),
  }),
});

export const AgentCardModel = z.strictObject({
  apiVersion: z.string().regex(/^agent\.[a-z]+\.dev\/v1alpha1$/),
  kind: z.literal('AgentCard'),
  metadata: meta,
  spec: z.strictObject({
    targetRef,
    syncPeriod: z.string().regex(/^[0-9]+[smh]$/),
    identityBinding: z.strictObject({ strict: z.boolean(), trustDomain: z.string().min(1) }),
  }),
});

const secretKey = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });
export const KeycloakModel = z.strictObject({
  apiVersion: z.literal('k8s.keycloak.org/v2alpha1'),
  kind: z.literal('Keycloak'),
  metadata: meta,
  spec: z.strictObject({
    instances: z.number().int().min(1),
    image: z.string().regex(/^[^:@]+(:[A-Za-z0-9_.-]+)$/).optional(),
    db: z.strictObject({ vendor: z.literal('postgres'), host: z.string(), port: z.number().int(), database: z.string(), usernameSecret: secretKey, passwordSecret: secretKey }),
    http: z.strictObject({ httpEnabled: z.boolean() }),
    hostname: z.strictObject({ hostname: z.string().url(), backchannelDynamic: z.boolean() }),
    proxy: z.strictObject({ headers: z.enum(['xforwarded', 'forwarded']) }),
    features: z.strictObject({ enabled: z.array(z.string()) }),
    ingress: z.strictObject({ enabled: z.boolean(), annotations: z.record(z.string(), z.string()).optional() }),
    networkPolicy: z.strictObject({ enabled: z.boolean() }),
    bootstrapAdmin: z.strictObject({ user: z.strictObject({ secret: z.string() }) }).optional(),
    resources: z.strictObject({ requests: z.record(z.string(), quantity), limits: z.record(z.string(), quantity) }),
    unsupported: z.strictObject({ podTemplate: z.strictObject({ spec: z.record(z.string(), z.unknown()) }) }).optional(),
  }),
});

export const KeycloakRealmImportModel = z.strictObject({
  apiVersion: z.literal('k8s.keycloak.org/v2alpha1'),
  kind: z.literal('KeycloakRealmImport'),
  metadata: meta,
  spec: z.strictObject({
    keycloakCRName: z.string(),
    realm: z.looseObject({
      realm: z.string(),
      enabled: z.literal(true),
      roles: z.strictObject({ realm: z.array(z.looseObject({ name: z.string() })) }),
      clients: z.array(z.looseObject({ clientId: z.string(), publicClient: z.boolean() })),
      clientScopes: z.array(z.looseObject({ name: z.string(), protocolMappers: z.array(z.looseObject({ protocolMapper: z.string() })) })),
    }),
  }),
});

export const OperatorGroupModel = z.strictObject({
  apiVersion: z.literal('operators.coreos.com/v1'),
  kind: z.literal('OperatorGroup'),
  metadata: meta,
  spec: z.strictObject({ targetNamespaces: z.array(z.string()).optional() }),
});

export const SubscriptionModel = z.strictObject({
  apiVersion: z.literal('operators.coreos.com/v1alpha1'),
  kind: z.literal('Subscription'),
  metadata: meta,
  spec: z.strictObject({
    name: z.string(),
    channel: z.string(),
    source: z.string(),
    sourceNamespace: z.string(),
    installPlanApproval: z.enum(['Automatic', 'Manual']),
  }),
});

const strList = z.array(z.string().min(1)).min(1);
const authzRule = z.strictObject({
  from: z.array(z.strictObject({ source: z.strictObject({ principals: strList.optional(), namespaces: strList.optional() }) })).optional(),
  to: z
    .array(
      z.strictObject({
        operation: z.strictObject({
          ports: z.array(z.string().regex(/^[0-9]+$/)).optional(),
          methods: strList.optional(),
          paths: z.array(z.string().regex(/^(\/[^*]*\*?|\*[^*]+)$/)).optional(),
        }),
      }),
    )
    .optional(),
});
export const AuthorizationPolicyModel = z.strictObject({
  apiVersion: z.literal('security.istio.io/v1'),
  kind: z.literal('AuthorizationPolicy'),
  metadata: meta,
  spec: z
    .strictObject({
      action: z.enum(['ALLOW', 'DENY']).optional(),
      selector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }).optional(),
      targetRefs: z.array(z.strictObject({ group: z.string(), kind: z.enum(['Service', 'Gateway']), name: z.string() })).optional(),
      rules: z.array(authzRule).optional(),
    })
    .refine((s) => !(s.selector && s.targetRefs), 'selector and targetRefs are exclusive'),
});
export const PeerAuthenticationModel = z.strictObject({
  apiVersion: z.literal('security.istio.io/v1'),
  kind: z.literal('PeerAuthentication'),
  metadata: meta,
  spec: z.strictObject({ mtls: z.strictObject({ mode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE']) }) }),
});
const hostname = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
export const GatewayModel = z.strictObject({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('Gateway'),
  metadata: meta,
  spec: z.strictObject({
    gatewayClassName: z.string(),
    infrastructure: z.strictObject({ parametersRef: z.strictObject({ group: z.literal(''), kind: z.literal('ConfigMap'), name: z.string() }) }).optional(),
    listeners: z
      .array(
        z.strictObject({
          name: z.string(),
          port: z.number().int().min(1).max(65535),
          protocol: z.enum(['HTTP', 'HTTPS', 'HBONE']),
          hostname: hostname.optional(),
          tls: z.strictObject({ mode: z.literal('Terminate'), certificateRefs: z.array(z.strictObject({ group: z.literal(''), kind: z.literal('Secret'), name: z.string() })) }).optional(),
          allowedRoutes: z.looseObject({ namespaces: z.looseObject({ from: z.enum(['Same', 'All', 'Selector']) }) }).optional(),
        }),
      )
      .min(1),
  }),
});
export const HttpRouteModel = z.strictObject({
  apiVersion: z.literal('gateway.networking.k8s.io/v1'),
  kind: z.literal('HTTPRoute'),
  metadata: meta,
  spec: z.strictObject({
    parentRefs: z.array(z.strictObject({ name: z.string(), namespace: z.string().optional(), sectionName: z.string().optional() })).min(1),
    hostnames: z.array(hostname).optional(),
    rules: z.array(z.looseObject({})).min(1),
  }),
});
const sailSpec = z.strictObject({ namespace: z.string(), version: z.string().regex(/^v[0-9]+\.[0-9]+\.[0-9]+$/), profile: z.enum(['ambient', 'default']).optional(), values: z.record(z.string(), z.unknown()).optional() });
const clusterMeta = z.strictObject({ name: z.string(), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() });
export const SailModels = Object.fromEntries(
  ['Istio', 'IstioCNI', 'ZTunnel'].map((kind) => [`sailoperator.io/v1/${kind}`, z.strictObject({ apiVersion: z.literal('sailoperator.io/v1'), kind: z.literal(kind), metadata: clusterMeta, spec: sailSpec })]),
);
export const KialiModel = z.strictObject({
  apiVersion: z.literal('kiali.io/v1alpha1'),
  kind: z.literal('Kiali'),
  metadata: meta,
  spec: z.strictObject({
    auth: z.strictObject({ strategy: z.enum(['openshift', 'token', 'anonymous']) }),
    deployment: z.strictObject({ resources: z.strictObject({ requests: z.record(z.string(), quantity), limits: z.record(z.string(), quantity) }) }),
    external_services: z.strictObject({ prometheus: z.strictObject({ url: z.string().url(), auth: z.looseObject({ type: z.string() }), thanos_proxy: z.looseObject({ enabled: z.boolean() }) }) }),
  }),
});

/** Own models by `apiVersion/kind`. */
export const OWN_MODELS: Record<string, z.ZodType> = {
  'k8s.keycloak.org/v2alpha1/Keycloak': KeycloakModel,
  'k8s.keycloak.org/v2alpha1/KeycloakRealmImport': KeycloakRealmImportModel,
  'operators.coreos.com/v1/OperatorGroup': OperatorGroupModel,
  'operators.coreos.com/v1alpha1/Subscription': SubscriptionModel,
  'security.istio.io/v1/AuthorizationPolicy': AuthorizationPolicyModel,
  'security.istio.io/v1/PeerAuthentication': PeerAuthenticationModel,
  'gateway.networking.k8s.io/v1/Gateway': GatewayModel,
  'gateway.networking.k8s.io/v1/HTTPRoute': HttpRouteModel,
  'kiali.io/v1alpha1/Kiali': KialiModel,
  ...SailModels,
};
export const AGENT_MODELS: Record<string, z.ZodType> = { AgentRuntime: AgentRuntimeModel, AgentCard: AgentCardModel };
