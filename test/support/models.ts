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
    auth: z
      .strictObject({
        outbound: z
          .array(z.strictObject({ destination: z.strictObject({ host: z.string().min(1) }), audiences: z.array(z.string().regex(/^spiffe:\/\/[^/]+\/ns\/[^/]+\/sa\/[^/]+$/)).min(1) }))
          .min(1),
      })
      .optional(),
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

const realmGroup: z.ZodType = z.lazy(() =>
  z.strictObject({ name: z.string().min(1), attributes: z.record(z.string(), z.array(z.string())).optional(), realmRoles: z.array(z.string()), subGroups: z.array(realmGroup) }),
);
const realmClient = z.looseObject({
  clientId: z.string().min(1),
  publicClient: z.boolean(),
  clientAuthenticatorType: z.enum(['federated-jwt', 'client-secret']).optional(),
  // A secret is only ever a placeholder the operator fills from an in-cluster Secret.
  secret: z.string().regex(/^\$\{[A-Z0-9_]+\}$/).optional(),
  attributes: z.record(z.string(), z.string()),
});
export const KeycloakRealmImportModel = z.strictObject({
  apiVersion: z.literal('k8s.keycloak.org/v2alpha1'),
  kind: z.literal('KeycloakRealmImport'),
  metadata: meta,
  spec: z.strictObject({
    keycloakCRName: z.string(),
    placeholders: z.record(z.string().regex(/^[A-Z0-9_]+$/), z.strictObject({ secret: z.strictObject({ name: z.string(), key: z.string() }) })).optional(),
    realm: z.looseObject({
      realm: z.string(),
      enabled: z.literal(true),
      roles: z.strictObject({ realm: z.array(z.looseObject({ name: z.string() })) }),
      groups: z.array(realmGroup),
      clients: z.array(realmClient),
      // Realm-level scopes would stop Keycloak from creating its built-in ones.
      clientScopes: z.undefined().optional(),
      users: z.array(z.strictObject({ username: z.string().regex(/^service-account-/), enabled: z.literal(true), serviceAccountClientId: z.string(), realmRoles: z.array(z.string()) })).optional(),
      identityProviders: z
        .array(
          z.strictObject({
            alias: z.string(),
            displayName: z.string(),
            providerId: z.literal('spiffe'),
            enabled: z.literal(true),
            hideOnLogin: z.literal(true),
            config: z.strictObject({ trustDomain: z.string().regex(/^spiffe:\/\/[a-z0-9.\-_]+$/), issuer: z.string().regex(/^spiffe:\/\/[a-z0-9.\-_]+$/), bundleEndpoint: z.string().url() }),
          }),
        )
        .optional(),
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
const hostname = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
const authzRule = z.strictObject({
  from: z.array(z.strictObject({ source: z.strictObject({ principals: strList.optional(), namespaces: strList.optional(), requestPrincipals: strList.optional() }) })).optional(),
  to: z
    .array(
      z.strictObject({
        operation: z.strictObject({
          ports: z.array(z.string().regex(/^[0-9]+$/)).optional(),
          methods: strList.optional(),
          paths: z.array(z.string().regex(/^(\/[^*]*\*?|\*[^*]+)$/)).optional(),
          hosts: z.array(z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*(:[0-9]{1,5})?$/)).optional(),
        }),
      }),
    )
    .optional(),
  when: z.array(z.strictObject({ key: z.string().regex(/^(request\.auth\.claims|request\.headers)\[[A-Za-z0-9_.-]+\]$/), values: strList.optional(), notValues: strList.optional() }).refine((c) => (c.values === undefined) !== (c.notValues === undefined), 'values or notValues')).optional(),
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

const selector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(z.strictObject({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() })).optional(),
});
const duration = z.string().regex(/^[0-9]+(s|m|h)$/);
/** spire-controller-manager ClusterSPIFFEID (the fields the platform sets; schema in ../shared mirrors it). */
export const ClusterSpiffeIdModel = z.strictObject({
  apiVersion: z.literal('spire.spiffe.io/v1alpha1'),
  kind: z.literal('ClusterSPIFFEID'),
  metadata: clusterMeta,
  spec: z.strictObject({
    className: z.string().min(1),
    spiffeIDTemplate: z.string().startsWith('spiffe://{{ .TrustDomain }}/'),
    namespaceSelector: selector,
    podSelector: selector.optional(),
    workloadSelectorTemplates: z.array(z.string().regex(/^k8s:sa:[a-z0-9-.]+$/)).optional(),
    autoPopulateDNSNames: z.boolean(),
    ttl: duration,
    jwtTtl: duration,
    hint: z.string(),
  }),
});
const ztwimMeta = z.strictObject({ name: z.literal('cluster'), labels: z.record(z.string(), z.string()).optional(), annotations: z.record(z.string(), z.string()).optional() });
const resources = z.strictObject({ requests: z.strictObject({ cpu: quantity, memory: quantity }), limits: z.strictObject({ cpu: quantity, memory: quantity }) });
const ztwim = (kind: string, spec: z.ZodType) => z.strictObject({ apiVersion: z.literal('operator.openshift.io/v1alpha1'), kind: z.literal(kind), metadata: ztwimMeta, spec });
const trustDomain = z.string().regex(/^[a-z0-9]([a-z0-9\-.]*[a-z0-9])?$/).max(255);
/** Zero Trust Workload Identity Manager operands (1.0 and 0.2 field sets, from the operator's CRDs). */
export const ZtwimModels: Record<string, z.ZodType> = {
  'operator.openshift.io/v1alpha1/ZeroTrustWorkloadIdentityManager': ztwim('ZeroTrustWorkloadIdentityManager', z.strictObject({ trustDomain, clusterName: z.string().max(63), bundleConfigMap: z.string() })),
  'operator.openshift.io/v1alpha1/SpireServer': ztwim(
    'SpireServer',
    z.strictObject({
      trustDomain: trustDomain.optional(),
      clusterName: z.string().max(63).optional(),
      jwtIssuer: z.string().regex(/^https?:\/\//).max(512),
      caSubject: z.strictObject({ country: z.string().max(2).optional(), organization: z.string().max(64), commonName: z.string().max(255) }),
      defaultJWTValidity: duration,
      defaultX509Validity: duration,
      persistence: z.strictObject({ type: z.literal('pvc').optional(), size: z.string().regex(/^[1-9][0-9]*Gi$/), accessMode: z.enum(['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany']), storageClass: z.string().optional() }),
      datastore: z.strictObject({ databaseType: z.literal('sqlite3'), connectionString: z.string(), maxOpenConns: z.number().int().min(1).max(10000), maxIdleConns: z.number().int(), connMaxLifetime: z.number().int() }),
      resources,
    }),
  ),
  'operator.openshift.io/v1alpha1/SpireAgent': ztwim(
    'SpireAgent',
    z.strictObject({
      trustDomain: trustDomain.optional(),
      clusterName: z.string().optional(),
      nodeAttestor: z.strictObject({ k8sPSATEnabled: z.enum(['true', 'false']) }),
      workloadAttestors: z.strictObject({ k8sEnabled: z.enum(['true', 'false']), workloadAttestorsVerification: z.strictObject({ type: z.enum(['auto', 'hostCert', 'skip']) }) }),
      resources,
    }),
  ),
  'operator.openshift.io/v1alpha1/SpiffeCSIDriver': ztwim('SpiffeCSIDriver', z.strictObject({ pluginName: z.string(), resources })),
  'operator.openshift.io/v1alpha1/SpireOIDCDiscoveryProvider': ztwim(
    'SpireOIDCDiscoveryProvider',
    z.strictObject({ trustDomain: trustDomain.optional(), jwtIssuer: z.string().regex(/^https?:\/\//), csiDriverName: z.string(), replicaCount: z.number().int().min(1).max(5), managedRoute: z.enum(['true', 'false']), resources }),
  ),
};

/** Own models by `apiVersion/kind`. */
/** Prometheus operator durations (the CRD's pattern). */
const promDuration = z.string().regex(/^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/);
const labelMap = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), z.string());
export const ServiceMonitorModel = z.strictObject({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('ServiceMonitor'),
  metadata: meta,
  spec: z.strictObject({
    selector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }),
    endpoints: z.array(z.strictObject({ port: z.string().min(1), interval: promDuration, path: z.string().startsWith('/') })).min(1),
  }),
});
export const PrometheusRuleModel = z.strictObject({
  apiVersion: z.literal('monitoring.coreos.com/v1'),
  kind: z.literal('PrometheusRule'),
  metadata: meta,
  spec: z.strictObject({
    groups: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          rules: z
            .array(
              z.strictObject({
                alert: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/),
                expr: z.string().min(1),
                for: promDuration.optional(),
                labels: labelMap,
                annotations: labelMap,
              }),
            )
            .min(1),
        }),
      )
      .min(1),
  }),
});
const envVar = z.union([
  z.strictObject({ name: z.string(), value: z.string() }),
  z.strictObject({ name: z.string(), valueFrom: z.strictObject({ secretKeyRef: secretKey }) }),
]);
export const OpenTelemetryCollectorModel = z.strictObject({
  apiVersion: z.literal('opentelemetry.io/v1beta1'),
  kind: z.literal('OpenTelemetryCollector'),
  metadata: meta,
  spec: z.strictObject({
    mode: z.enum(['deployment', 'daemonset', 'statefulset', 'sidecar']),
    image: z.string().regex(/^[^\s:]+:[A-Za-z0-9._-]+$/),
    replicas: z.number().int().min(1),
    upgradeStrategy: z.enum(['automatic', 'none']),
    resources: z.strictObject({ requests: z.strictObject({ cpu: quantity, memory: quantity }), limits: z.strictObject({ cpu: quantity, memory: quantity }) }),
    podSecurityContext: z.record(z.string(), z.unknown()),
    securityContext: z.record(z.string(), z.unknown()),
    env: z.array(envVar),
    podAnnotations: z.record(z.string(), z.string()).optional(),
    observability: z.strictObject({ metrics: z.strictObject({ enableMetrics: z.boolean() }) }),
    config: z.strictObject({
      extensions: z.record(z.string(), z.unknown()).optional(),
      receivers: z.record(z.string(), z.unknown()),
      processors: z.record(z.string(), z.unknown()).optional(),
      connectors: z.record(z.string(), z.unknown()).optional(),
      exporters: z.record(z.string(), z.unknown()),
      service: z.looseObject({ pipelines: z.record(z.string(), z.unknown()) }),
    }),
  }),
});

const initResources = z.strictObject({ requests: z.strictObject({ cpu: quantity, memory: quantity }), limits: z.strictObject({ cpu: quantity, memory: quantity }) });
/** OpenTelemetry operator `Instrumentation` (operator v0.158 CRD): the fields the platform sets. */
export const InstrumentationModel = z.strictObject({
  apiVersion: z.literal('opentelemetry.io/v1alpha1'),
  kind: z.literal('Instrumentation'),
  metadata: meta,
  spec: z.strictObject({
    exporter: z.strictObject({ endpoint: z.string().regex(/^http:\/\/[a-z0-9.-]+:[0-9]+$/) }),
    propagators: z.array(z.enum(['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'xray', 'ottrace', 'none'])).min(1),
    sampler: z.strictObject({ type: z.enum(['always_on', 'parentbased_always_on', 'parentbased_traceidratio']) }),
    resource: z.strictObject({ resourceAttributes: z.record(z.string(), z.string()) }),
    initContainerSecurityContext: z.record(z.string(), z.unknown()),
    // Upstream names the init container resources `resources` for Java only.
    java: z.strictObject({ resources: initResources }).optional(),
    nodejs: z.strictObject({ resourceRequirements: initResources }).optional(),
    python: z.strictObject({ resourceRequirements: initResources }).optional(),
    dotnet: z.strictObject({ resourceRequirements: initResources }).optional(),
  }),
});


const shipwrightMeta = meta;
const SHP = z.literal('shipwright.io/v1beta1');
export const ClusterBuildStrategyModel = z.strictObject({
  apiVersion: SHP,
  kind: z.literal('ClusterBuildStrategy'),
  metadata: clusterMeta,
  spec: z.strictObject({
    parameters: z.array(z.strictObject({ name: z.string(), description: z.string().min(1), default: z.string().optional() })),
    securityContext: z.strictObject({ runAsUser: z.number().int(), runAsGroup: z.number().int() }).optional(),
    steps: z
      .array(
        z.strictObject({
          name: z.string(),
          image: z.string().regex(/:[A-Za-z0-9_][A-Za-z0-9_.-]*$/).refine((i) => !i.endsWith(':latest'), 'pinned'),
          workingDir: z.string().optional(),
          command: strList,
          args: z.array(z.string()),
          env: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
          securityContext: z.looseObject({}).optional(),
          resources: z.strictObject({ requests: z.record(z.string(), quantity), limits: z.record(z.string(), quantity) }),
        }),
      )
      .min(1),
  }),
});
export const BuildModel = z.strictObject({
  apiVersion: SHP,
  kind: z.literal('Build'),
  metadata: shipwrightMeta,
  spec: z.strictObject({
    source: z.strictObject({ type: z.literal('Git'), git: z.strictObject({ url: z.string(), revision: z.string().min(1), cloneSecret: z.string().optional() }), contextDir: z.string().optional() }),
    strategy: z.strictObject({ name: z.string(), kind: z.literal('ClusterBuildStrategy') }),
    paramValues: z.array(z.strictObject({ name: z.string(), value: z.string() })),
    output: z.strictObject({ image: z.string().regex(/:src-[a-f0-9]{12}$/), insecure: z.boolean().optional(), pushSecret: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }),
    timeout: z.string().regex(/^[0-9]+(s|m|h)$/),
    retention: z.strictObject({ succeededLimit: z.number().int().min(1), failedLimit: z.number().int().min(1) }),
  }),
});
export const BuildRunModel = z.strictObject({
  apiVersion: SHP,
  kind: z.literal('BuildRun'),
  metadata: shipwrightMeta.refine((m) => (m as { name: string }).name.length <= 63, 'BuildRun names become label values (63 characters)'),
  spec: z.strictObject({ build: z.strictObject({ name: z.string() }), serviceAccount: z.string().optional() }),
});
export const McpServerRegistrationModel = z.strictObject({
  apiVersion: z.literal('mcp.kuadrant.io/v1alpha1'),
  kind: z.literal('MCPServerRegistration'),
  metadata: meta,
  spec: z.strictObject({
    targetRef: z.strictObject({ group: z.literal('gateway.networking.k8s.io'), kind: z.literal('HTTPRoute'), name: z.string().min(1) }),
    toolPrefix: z.string().regex(/^[a-z][a-z0-9_]*_$/),
    path: z.string().startsWith('/'),
    credentialRef: z.strictObject({ name: z.string(), key: z.string() }).optional(),
  }),
});
export const ServiceEntryModel = z.strictObject({
  apiVersion: z.literal('networking.istio.io/v1'),
  kind: z.literal('ServiceEntry'),
  metadata: meta,
  spec: z.strictObject({
    hosts: z.array(hostname).min(1),
    location: z.literal('MESH_EXTERNAL'),
    resolution: z.literal('DNS'),
    ports: z.array(z.strictObject({ number: z.number().int().min(1).max(65535), name: z.string(), protocol: z.enum(['HTTPS', 'TLS', 'HTTP']) })).min(1),
    exportTo: strList,
  }),
});
export const DestinationRuleModel = z.strictObject({
  apiVersion: z.literal('networking.istio.io/v1'),
  kind: z.literal('DestinationRule'),
  metadata: meta,
  spec: z.strictObject({ host: hostname, exportTo: strList, trafficPolicy: z.strictObject({ tls: z.strictObject({ mode: z.literal('SIMPLE'), sni: hostname }) }) }),
});
export const RequestAuthenticationModel = z.strictObject({
  apiVersion: z.literal('security.istio.io/v1'),
  kind: z.literal('RequestAuthentication'),
  metadata: meta,
  spec: z.strictObject({
    targetRefs: z.array(z.strictObject({ group: z.string(), kind: z.literal('Gateway'), name: z.string() })).min(1),
    jwtRules: z.array(z.strictObject({ issuer: z.string().url(), jwksUri: z.string().url(), audiences: z.array(z.string()).min(1), forwardOriginalToken: z.boolean() })).min(1),
  }),
});

export const ReferenceGrantModel = z.strictObject({
  apiVersion: z.literal('gateway.networking.k8s.io/v1beta1'),
  kind: z.literal('ReferenceGrant'),
  metadata: meta,
  spec: z.strictObject({
    from: z.array(z.strictObject({ group: z.string(), kind: z.string(), namespace: z.string().min(1) })).min(1),
    to: z.array(z.strictObject({ group: z.string(), kind: z.string(), name: z.string().optional() })).min(1),
  }),
});

export const SccModel = z.strictObject({
  apiVersion: z.literal('security.openshift.io/v1'),
  kind: z.literal('SecurityContextConstraints'),
  metadata: clusterMeta,
  allowPrivilegedContainer: z.literal(false),
  allowPrivilegeEscalation: z.boolean(),
  allowHostDirVolumePlugin: z.literal(false),
  allowHostIPC: z.literal(false),
  allowHostNetwork: z.literal(false),
  allowHostPID: z.literal(false),
  allowHostPorts: z.literal(false),
  readOnlyRootFilesystem: z.boolean(),
  allowedCapabilities: z.array(z.string().regex(/^[A-Z_]+$/)),
  requiredDropCapabilities: z.array(z.string().regex(/^[A-Z_]+$/)),
  runAsUser: z.strictObject({ type: z.enum(['RunAsAny', 'MustRunAsRange', 'MustRunAsNonRoot']), uidRangeMin: z.number().int().positive().optional(), uidRangeMax: z.number().int().positive().optional() }),
  seccompProfiles: z.array(z.enum(['runtime/default', 'docker/default'])).optional(),
  seLinuxContext: z.strictObject({ type: z.enum(['MustRunAs', 'RunAsAny']) }),
  fsGroup: z.strictObject({ type: z.enum(['MustRunAs', 'RunAsAny']) }),
  supplementalGroups: z.strictObject({ type: z.enum(['MustRunAs', 'RunAsAny']) }),
  volumes: z.array(z.enum(['configMap', 'downwardAPI', 'emptyDir', 'persistentVolumeClaim', 'projected', 'secret', 'csi', 'ephemeral'])),
  users: z.array(z.string()),
  groups: z.array(z.string()),
});

export const OWN_MODELS: Record<string, z.ZodType> = {
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitorModel,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRuleModel,
  'opentelemetry.io/v1beta1/OpenTelemetryCollector': OpenTelemetryCollectorModel,
  'opentelemetry.io/v1alpha1/Instrumentation': InstrumentationModel,
  'k8s.keycloak.org/v2alpha1/Keycloak': KeycloakModel,
  'k8s.keycloak.org/v2alpha1/KeycloakRealmImport': KeycloakRealmImportModel,
  'operators.coreos.com/v1/OperatorGroup': OperatorGroupModel,
  'operators.coreos.com/v1alpha1/Subscription': SubscriptionModel,
  'security.istio.io/v1/AuthorizationPolicy': AuthorizationPolicyModel,
  'security.istio.io/v1/PeerAuthentication': PeerAuthenticationModel,
  'security.istio.io/v1/RequestAuthentication': RequestAuthenticationModel,
  'networking.istio.io/v1/ServiceEntry': ServiceEntryModel,
  'networking.istio.io/v1/DestinationRule': DestinationRuleModel,
  'mcp.kuadrant.io/v1alpha1/MCPServerRegistration': McpServerRegistrationModel,
  'shipwright.io/v1beta1/ClusterBuildStrategy': ClusterBuildStrategyModel,
  'shipwright.io/v1beta1/Build': BuildModel,
  'shipwright.io/v1beta1/BuildRun': BuildRunModel,
  'gateway.networking.k8s.io/v1beta1/ReferenceGrant': ReferenceGrantModel,
  'security.openshift.io/v1/SecurityContextConstraints': SccModel,
  'gateway.networking.k8s.io/v1/Gateway': GatewayModel,
  'gateway.networking.k8s.io/v1/HTTPRoute': HttpRouteModel,
  'kiali.io/v1alpha1/Kiali': KialiModel,
  'spire.spiffe.io/v1alpha1/ClusterSPIFFEID': ClusterSpiffeIdModel,
  ...ZtwimModels,
  ...SailModels,
};
export const AGENT_MODELS: Record<string, z.ZodType> = { AgentRuntime: AgentRuntimeModel, AgentCard: AgentCardModel };
