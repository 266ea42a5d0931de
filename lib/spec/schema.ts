import { z } from 'zod';
import { PIN_IDS, type PinId } from '../pins';
import { DURATION } from './duration';
import { TARGET_IDS } from '../targets';
import { INSTALL_MODES } from './install-ids';

/**
 * The PlatformSpec schema: the one typed input (DESIGN §1). Field shapes, defaults and
 * per-field messages live here; cross-field rules (duplicates, call graph, feature
 * dependencies) live in `validate.ts`. Every object is strict: unknown keys are typos.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$/;

/** A DNS-1123 label (namespace, Service, team and agent names). */
export const dnsLabel = (max = 63) =>
  z
    .string({ error: 'must be a string' })
    .max(max, { error: `must be at most ${max} characters (DNS-1123 label)` })
    .regex(DNS_LABEL, {
      error: "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit",
    });

const quantity = (example: string) =>
  z.string({ error: `must be a Kubernetes quantity string such as "${example}"` }).regex(QUANTITY, {
    error: `must be a Kubernetes quantity such as "${example}" (number with an optional unit m, Ki, Mi, Gi, ...)`,
  });

const cpuMemory = (cpu: string, memory: string) =>
  z
    .strictObject({
      cpu: quantity(cpu).default(cpu).describe(`CPU, e.g. "${cpu}". @default "${cpu}"`),
      memory: quantity(memory).default(memory).describe(`Memory, e.g. "${memory}". @default "${memory}"`),
    })
    .prefault({});

export const ResourcesSchema = (req: [string, string], lim: [string, string]) =>
  z
    .strictObject({
      requests: cpuMemory(...req).describe('Resource requests.'),
      limits: cpuMemory(...lim).describe('Resource limits.'),
    })
    .prefault({});

/** Free text that reaches a realm import: `${...}` there is expanded from the import Job's environment. */
const realmText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes('${'), { error: 'must not contain "${": the realm import would expand it from its environment' });

/** Kubernetes labels: qualified keys, values of at most 63 characters. */
const labelMap = () =>
  z.record(
    z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, { error: 'must be a Kubernetes label key' }).max(253),
    z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, { error: 'must be a Kubernetes label value' }).max(63),
  );

const toggle = (what: string) => z.boolean({ error: 'must be true or false' }).optional().describe(what);

export const FeaturesSchema = z
  .strictObject({
    istio: toggle('Istio Ambient mesh (istiod, istio-cni, ztunnel, waypoints).'),
    spire: toggle('SPIRE workload identity (server, agent, CSI driver, controller manager).'),
    shipwright: toggle('Shipwright builds (needs certManager for its webhook TLS).'),
    builds: toggle('Tekton pipelines and the build UI (needs shipwright).'),
    observability: z
      .strictObject({
        otel: toggle('OpenTelemetry collector.'),
        phoenix: toggle('Phoenix LLM trace viewer (needs observability.otel).'),
      })
      .optional()
      .describe('Observability toggles.'),
    kiali: toggle('Kiali mesh console (needs istio); it reads the Prometheus of install.prometheus.'),
    containerRegistry: toggle('In-cluster container registry in namespace cr-system.'),
    certManager: toggle('cert-manager.'),
    mcpGateway: toggle('MCP gateway (needs istio for its Gateway API data plane).'),
    ui: toggle('Agent platform UI.'),
  })
  .prefault({})
  .describe('Feature toggles. Unset means "as the profile says, else off".');

const versionString = z
  .string({ error: 'must be a version string' })
  .regex(VERSION, { error: 'must be a version, tag or channel (letters, digits, ".", "_", "+", "-")' })
  .refine((v) => v.toLowerCase() !== 'latest', { error: '"latest" is not a pin: name an exact version' });

export const VersionsSchema = z
  .strictObject(
    Object.fromEntries(PIN_IDS.map((id) => [id, versionString.optional()])) as Record<
      PinId,
      z.ZodOptional<typeof versionString>
    >,
  )
  .prefault({})
  .describe('Version overrides, keyed by pin id (see `agentplane explain`).');

export const SkillSchema = z.strictObject({
  id: dnsLabel().describe('Stable skill id.'),
  name: z.string().min(1).max(200).describe('Display name.'),
  description: z.string().max(2000).default('').describe('What the skill does. @default ""'),
  tags: z.array(z.string().min(1).max(100)).max(50).default([]).describe('Tags. @default []'),
});

export const SecretEnvSchema = z.strictObject({
  name: z.string().regex(ENV_NAME, { error: 'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)' }),
  secretName: dnsLabel(253).describe('Existing Secret in the team namespace.'),
  key: z.string().min(1).max(253).describe('Key in that Secret.'),
});

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** An edge of the call graph: an agent reference, optionally narrowed to HTTP methods and paths (L7). */
export const CallSchema = z.union([
  z.string().min(1).max(128).describe('"name" (same team) or "team/name"'),
  z.strictObject({
    agent: z.string().min(1).max(128).describe('"name" (same team) or "team/name"'),
    methods: z
      .array(z.enum(HTTP_METHODS, { error: `must be one of ${HTTP_METHODS.join(', ')}` }))
      .min(1)
      .max(HTTP_METHODS.length)
      .optional()
      .describe('HTTP methods allowed on this edge (L7: enforced by a waypoint).'),
    paths: z
      .array(
        z
          .string()
          .max(512)
          .regex(/^(\/[^*\s]*\*?|\*[^*\s]+)$/, { error: 'must be an exact path ("/a2a"), a prefix ("/a2a/*") or a suffix ("*.json")' }),
      )
      .min(1)
      .max(50)
      .optional()
      .describe('HTTP paths allowed on this edge (L7: enforced by a waypoint).'),
  }),
]);

export const OTLP_PROTOCOLS = ['grpc', 'http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
const otlpProtocol = z.enum(OTLP_PROTOCOLS, { error: `must be one of ${OTLP_PROTOCOLS.join(', ')}` });

/** Characters allowed in a resource attribute (W3C baggage value octets, no percent sign). */
const ATTRIBUTE_VALUE = /^[\x21\x23-\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]{1,255}$/;

/** Languages the OpenTelemetry operator can inject; `go` is listed so that choosing it gets a reason (AP125). */
export const AUTO_INSTRUMENT_LANGUAGES = ['python', 'java', 'nodejs', 'dotnet', 'go'] as const;
export type AutoInstrumentLanguage = (typeof AUTO_INSTRUMENT_LANGUAGES)[number];

/** How an agent's traces leave it: by default the platform collector with the platform protocol. */
export const TelemetrySchema = z
  .strictObject({
    protocol: otlpProtocol.optional().describe('OTLP protocol of this agent\'s SDK. @default http/protobuf with autoInstrument, else observability.protocol'),
    autoInstrument: z
      .enum(AUTO_INSTRUMENT_LANGUAGES, { error: `must be one of ${AUTO_INSTRUMENT_LANGUAGES.join(', ')}` })
      .optional()
      .describe(
        'Have the OpenTelemetry operator inject auto-instrumentation for this language, for agents whose framework emits no traces (needs features.observability.otel; exports OTLP http/protobuf). go is refused: its eBPF agent runs privileged, which Pod Security restricted forbids; use the Go SDK. @default none (the agent instruments itself)',
      ),
    endpoint: z
      .string()
      .max(512)
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { error: 'must be an http:// or https:// URL such as http://collector.example:4317' })
      .refine((v) => URL.canParse(v), { error: 'must be a valid URL' })
      .optional()
      .describe('OTLP endpoint (base URL) instead of the platform collector; checked against the protocol. @default the platform collector receiver for the protocol'),
    attributes: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, { error: 'must be a dotted lower-case attribute key such as deployment.environment' }),
        z.string().regex(ATTRIBUTE_VALUE, { error: 'must be 1-255 printable characters without space, comma, semicolon, backslash, quote or %' }),
      )
      .default({})
      .describe('Extra OpenTelemetry resource attributes. @default {}'),
  })
  .prefault({});

/** Where an agent built from source comes from; its image is the build's output. */
export const SourceSchema = z.strictObject({
  git: z
    .string()
    .max(1000)
    .regex(/^(https:\/\/[^\s@]+|git@[^\s]+:[^\s]+)$/, { error: 'must be an https:// git URL without credentials, or git@host:path (with cloneSecret)' })
    .describe('Git repository URL.'),
  revision: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]{0,254}$/, { error: 'must be a commit SHA, tag or branch' })
    .describe('Commit SHA or tag to build (a branch rebuilds only when this field changes).'),
  contextDir: z
    .string()
    .regex(/^(\.|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)$/, { error: 'must be a relative directory such as agents/planner' })
    .refine((v) => !v.split('/').includes('..'), { error: 'must stay inside the repository (no "..")' })
    .default('.')
    .describe('Directory of the build context in the repository. @default "."'),
  dockerfile: z
    .string()
    .regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: 'must be a relative file path such as Dockerfile' })
    .refine((v) => !v.split('/').includes('..'), { error: 'must stay inside the context (no "..")' })
    .default('Dockerfile')
    .describe('Dockerfile (or Containerfile) relative to contextDir. @default "Dockerfile"'),
  cloneSecret: dnsLabel(253).optional().describe('Secret in the team\'s build namespace (<team>-builds) with git credentials (ssh or basic auth). @default none (public repository)'),
  outputImage: z
    .string()
    .max(400)
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+$/, { error: 'must be an image repository without tag, e.g. quay.io/org/agent' })
    .optional()
    .describe('Repository the build pushes to. @default the in-cluster registry (features.containerRegistry) or the target internal registry (OpenShift): <registry>/<team>/<agent>'),
  pushSecret: dnsLabel(253).optional().describe('Secret in the team\'s build namespace (<team>-builds) with credentials for outputImage (kubernetes.io/dockerconfigjson). @default none'),
});

/** MCP tool names as servers publish them. */
const TOOL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const toolName = z.string().regex(TOOL_NAME, { error: 'must be a tool name: letters, digits, _ . -, at most 128 characters' });

/** Tools an agent may call through the MCP gateway. */
export const ToolGrantSchema = z.strictObject({
  server: dnsLabel(40).describe('Name of a tool server in mcpGateway.servers.'),
  tools: z.array(toolName).min(1, { error: 'must list at least one tool (omit tools to grant every tool of the server)' }).max(500).optional().describe("Tools of that server the agent may call. @default every tool the server declares"),
});

export const AgentSchema = z.strictObject({
  name: dnsLabel(52)
    .regex(/^[a-z]/, { error: 'must start with a letter (it names a Service: DNS-1035)' })
    .describe('Agent name: the ServiceAccount, Deployment, Service and AgentRuntime name.'),
  team: dnsLabel().describe('Team (namespace) the agent runs in.'),
  image: z
    .string({ error: 'must be an image reference with an explicit tag or digest, e.g. ghcr.io/org/agent:1.2.3' })
    .min(1)
    .max(512)
    .optional()
    .describe('Container image with an explicit tag or digest; never "latest". Exactly one of image and source.'),
  source: SourceSchema.optional().describe('Build the agent from source with Shipwright instead of naming an image (features.builds). Exactly one of image and source.'),
  tools: z.array(ToolGrantSchema).max(100).default([]).describe('MCP tools the agent may call through the MCP gateway (features.mcpGateway); everything else is denied. @default []'),
  port: z.number().int().min(1).max(65535).default(8080).describe('HTTP (A2A) port. @default 8080'),
  replicas: z.number().int().min(0).max(100).default(1).describe('Replicas. @default 1'),
  resources: ResourcesSchema(['100m', '256Mi'], ['1', '1Gi']).describe(
    'Container resources. @default requests 100m/256Mi, limits 1/1Gi',
  ),
  description: z.string().max(2000).default('').describe('Agent Card description. @default ""'),
  skills: z.array(SkillSchema).max(100).default([]).describe('Agent Card skills. @default []'),
  calls: z
    .array(CallSchema)
    .max(500)
    .default([])
    .describe('Agents this agent may call: "name" (same team), "team/name", or { agent, methods, paths } for L7 rules. @default []'),
  env: z
    .record(z.string().regex(ENV_NAME, { error: 'environment variable names are [A-Za-z_][A-Za-z0-9_]*' }), z.string().max(4096))
    .default({})
    .describe('Non-secret environment variables. Secrets go in secretEnv. @default {}'),
  secretEnv: z.array(SecretEnvSchema).max(100).default([]).describe('Environment from Secrets (existing, or declared in the team\'s secrets). @default []'),
  imagePullSecrets: z.array(dnsLabel(253)).max(10).default([]).describe('Registry credentials: names of Secrets in the team namespace. @default []'),
  readOnlyRootFilesystem: z
    .boolean()
    .default(true)
    .describe('Read-only root filesystem (a writable /tmp is mounted). @default true'),
  healthPath: z
    .string()
    .regex(/^\/[\x21-\x7e]*$/, { error: 'must be an absolute HTTP path such as /healthz' })
    .default('/.well-known/agent-card.json')
    .describe('HTTP path of the readiness probe. @default "/.well-known/agent-card.json"'),
  telemetry: TelemetrySchema.describe('OpenTelemetry export of the agent (wired by the platform; overrides are checked).'),
});

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A Secret of a team, declared by reference only: synchronized from an external store
 * (External Secrets Operator) or sealed for Git (Sealed Secrets). Never a value.
 */
export const TeamSecretSchema = z
  .strictObject({
    name: dnsLabel(253).describe('Name of the Secret in the team namespace.'),
    externalSecret: z
      .strictObject({
        store: dnsLabel(253).describe('SecretStore or ClusterSecretStore name.'),
        storeKind: z.enum(['SecretStore', 'ClusterSecretStore']).default('ClusterSecretStore').describe('@default "ClusterSecretStore"'),
        refreshInterval: z.string().regex(/^[0-9]+[smh]$/, { error: 'must be a duration such as 1h' }).default('1h').describe('@default "1h"'),
        data: z
          .array(
            z.strictObject({
              secretKey: z.string().regex(SECRET_KEY, { error: 'must be a Secret key ([-._a-zA-Z0-9]+)' }),
              remoteKey: z.string().min(1).max(1024),
              property: z.string().min(1).max(256).optional(),
            }),
          )
          .min(1)
          .max(100),
      })
      .optional()
      .describe('Synchronize from an external store with the External Secrets Operator (external-secrets.io/v1).'),
    sealedSecret: z
      .strictObject({
        encryptedData: z.record(
          z.string().regex(SECRET_KEY, { error: 'must be a Secret key ([-._a-zA-Z0-9]+)' }),
          z.string().regex(/^[A-Za-z0-9+/=]{64,}$/, { error: 'must be kubeseal ciphertext (base64, 64+ characters), never a plain value' }),
        ),
      })
      .optional()
      .describe('Ciphertext from kubeseal (bitnami.com/v1alpha1 SealedSecret), safe to commit.'),
  })
  .refine((s) => (s.externalSecret ? 1 : 0) + (s.sealedSecret ? 1 : 0) === 1, {
    error: 'declare exactly one of externalSecret or sealedSecret (existing Secrets need no declaration)',
  });

export const TeamSchema = z.strictObject({
  name: dnsLabel().describe('Team name; also its namespace.'),
  description: z.string().max(2000).default('').describe('@default ""'),
  admins: z.array(realmText(253).min(1)).max(100).optional().describe('Groups bound to the team admin role. @default ["<team>-admins"]'),
  viewers: z.array(realmText(253).min(1)).max(100).optional().describe('Groups bound to the team view role. @default ["<team>-viewers"]'),
  quota: z
    .strictObject({
      requests: cpuMemory('8', '16Gi'),
      limits: cpuMemory('16', '32Gi'),
      pods: z.number().int().min(1).max(10000).default(50).describe('@default 50'),
      services: z.number().int().min(1).max(10000).default(25).describe('@default 25'),
      persistentVolumeClaims: z.number().int().min(0).max(10000).default(10).describe('@default 10'),
      storage: quantity('100Gi').default('100Gi').describe('@default "100Gi"'),
    })
    .prefault({})
    .describe('ResourceQuota of the namespace.'),
  limits: z
    .strictObject({
      defaultRequest: cpuMemory('100m', '128Mi'),
      default: cpuMemory('500m', '512Mi'),
      max: cpuMemory('4', '8Gi'),
    })
    .prefault({})
    .describe('LimitRange of the namespace: container defaults and maxima.'),
  allowExternalEgress: z
    .boolean()
    .default(false)
    .describe('Allow pods to reach addresses outside the cluster on 443 (LLM APIs). @default false'),
  secrets: z.array(TeamSecretSchema).max(200).default([]).describe('Secrets by reference (ExternalSecret or SealedSecret). @default []'),
  budget: z
    .strictObject({
      dailyTokens: z.number().int().min(1).max(1e15).optional().describe('LLM tokens (input + output) the team may use in any 24 hours before the budget alert fires.'),
      dailyCost: z.number().positive().max(1e12).optional().describe('LLM cost (observability.currency, from observability.prices) the team may spend in any 24 hours before the budget alert fires.'),
    })
    .prefault({})
    .describe('Daily LLM budgets, alerted on by PrometheusRules (features.observability.otel with the Prometheus operator). @default none'),
});

const duration = (example: string) =>
  z.string({ error: `must be a duration such as "${example}"` }).regex(DURATION, { error: `must be a duration such as "${example}" (a whole number with one unit s, m or h)` });

/** A Keycloak client id: what OAuth requests carry; no whitespace, no path tricks. */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,254}$/;
/** A realm role or group name. */
const ROLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const clientId = z.string().regex(CLIENT_ID, { error: 'must be a client id: letters, digits and . _ : / @ -, at most 255 characters' });
const roleName = z.string().regex(ROLE_NAME, { error: 'must be a role name: letters, digits and . _ : -, at most 128 characters' });
const redirectUri = z
  .string()
  .max(2000)
  .regex(/^(https:\/\/[^\s*]+\*?|http:\/\/(localhost|127\.0\.0\.1)(:[0-9]+)?(\/[^\s*]*)?\*?)$/, {
    error: 'must be an https:// URL (or http://localhost for development), optionally ending in * ; never a bare wildcard',
  })
  .refine((v) => URL.canParse(v.replace(/\*$/, '')), { error: 'must be a valid URL' })
  .refine((v) => !v.includes('${'), { error: 'must not contain "${": the realm import would expand it from its environment' });

export const CLIENT_TYPES = ['public', 'confidential', 'service'] as const;

/**
 * An OAuth client of a realm. `public`: a browser or CLI app, authorization code with PKCE and no
 * credential. `confidential`: a server-side app using the authorization code flow. `service`: a
 * machine client using client credentials, whose service account holds `roles`. Confidential and
 * service clients never carry a secret in the spec: with SPIRE and a `workload` they
 * authenticate with the workload's JWT-SVID; otherwise a secret is generated in the cluster.
 */
export const RealmClientSchema = z.strictObject({
  clientId: clientId.describe('Client id (unique in the realm).'),
  type: z.enum(CLIENT_TYPES, { error: `must be one of ${CLIENT_TYPES.join(', ')}` }).describe('public | confidential | service.'),
  description: realmText(2000).default('').describe('@default ""'),
  redirectUris: z.array(redirectUri).max(50).default([]).describe('Allowed redirect URIs (public and confidential clients). @default []'),
  roles: z.array(roleName).max(100).default([]).describe("Realm roles of the client's service account (service clients). @default []"),
  audiences: z.array(clientId).max(50).default([]).describe('Clients added to the audience of every token issued to this client. @default []'),
  exchange: z
    .array(clientId)
    .max(50)
    .default([])
    .describe('Clients this client may exchange tokens for (RFC 8693 standard token exchange, audience narrowed to that client). @default []'),
  workload: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: 'must be "namespace/serviceAccount"' })
    .optional()
    .describe('The workload ("namespace/serviceAccount") that authenticates as this client: with SPIRE, by its JWT-SVID (no secret); without, it receives the generated secret.'),
  accessTokenLifespan: duration('5m').optional().describe("Access token lifetime for this client. @default the realm's"),
});

export const RealmRoleSchema = z.strictObject({
  name: roleName.describe('Role name.'),
  description: realmText(2000).default('').describe('@default ""'),
  composites: z.array(roleName).max(100).default([]).describe('Roles this role includes. @default []'),
});

export const RealmGroupSchema = z.strictObject({
  name: roleName.describe('Group name.'),
  roles: z.array(roleName).max(100).default([]).describe('Realm roles members hold. @default []'),
});

export const TokenLifetimesSchema = z
  .strictObject({
    accessToken: duration('5m').default('5m').describe('Access token lifetime. @default "5m"'),
    ssoSessionIdle: duration('30m').default('30m').describe('SSO session idle timeout. @default "30m"'),
    ssoSessionMax: duration('10h').default('10h').describe('SSO session maximum lifetime. @default "10h"'),
  })
  .prefault({});

const realmContent = {
  roles: z.array(RealmRoleSchema).max(500).default([]).describe('Realm roles. @default []'),
  groups: z.array(RealmGroupSchema).max(2000).default([]).describe('Groups and the realm roles their members hold. @default []'),
  clients: z.array(RealmClientSchema).max(500).default([]).describe('OAuth clients. @default []'),
  tokens: TokenLifetimesSchema.describe('Token and session lifetimes.'),
};

/** Additions to the platform realm (its roles, team groups and UI client are always there). */
export const PlatformRealmSchema = z.strictObject(realmContent).prefault({});

/** An independent realm of the shared Keycloak (own users, roles, clients and signing keys). */
export const RealmSchema = z.strictObject({
  name: dnsLabel().describe('Realm name.'),
  displayName: realmText(200).optional().describe('@default the name'),
  ...realmContent,
});

export const KeycloakSchema = z
  .strictObject({
    instances: z.number().int().min(1).max(10).default(1).describe('@default 1'),
    hostname: z
      .string()
      .regex(DNS_SUBDOMAIN, { error: 'must be a DNS name such as keycloak.example.com' })
      .optional()
      .describe('Public host name. @default "keycloak.<domain>"'),
    adminCredentials: z
      .enum(['generate', 'existing'], { error: 'must be "generate" or "existing"' })
      .default('generate')
      .describe(
        'Bootstrap admin: "generate" lets the Keycloak operator create Secret keycloak/keycloak-initial-admin with a random password; "existing" uses that Secret, created by you beforehand (keys username, password). The agent operator reads it either way. @default "generate"',
      ),
    database: z
      .strictObject({
        credentialsSecret: dnsLabel(253)
          .optional()
          .describe('Existing Secret (keys username, password). @default generated in-cluster as keycloak-db'),
        storage: quantity('10Gi').default('10Gi').describe('@default "10Gi"'),
        storageClassName: dnsLabel(253).optional().describe('@default the cluster default StorageClass'),
      })
      .prefault({}),
    resources: ResourcesSchema(['500m', '1Gi'], ['2', '2Gi']),
    platformRealm: PlatformRealmSchema.describe('Clients, roles, groups and token lifetimes added to the platform realm.'),
    realms: z.array(RealmSchema).max(50).default([]).describe('Further realms, fully independent of the platform realm. @default []'),
  })
  .prefault({});

export const SPIRE_DELIVERIES = ['olm', 'helm'] as const;

export const SpireSchema = z
  .strictObject({
    delivery: z
      .enum(SPIRE_DELIVERIES, { error: 'must be "olm" or "helm"' })
      .optional()
      .describe('"olm": the Zero Trust Workload Identity Manager operator (OpenShift 4.19+); "helm": the SPIFFE hardened charts (also for OpenShift before 4.19). @default "olm" where OLM exists, else "helm"'),
    clusterName: dnsLabel().default('agent-platform').describe('SPIRE cluster name (node attestation). @default "agent-platform"'),
    jwtSvidTtl: duration('5m').default('5m').describe('Lifetime of JWT-SVIDs (what agents present to Keycloak). @default "5m"'),
    x509SvidTtl: duration('1h').default('1h').describe('Lifetime of X.509-SVIDs. @default "1h"'),
    server: z
      .strictObject({
        storage: quantity('1Gi').default('1Gi').describe('Persistent volume of the SPIRE server datastore. @default "1Gi"'),
        storageClassName: dnsLabel(253).optional().describe('@default the cluster default StorageClass'),
        resources: ResourcesSchema(['50m', '128Mi'], ['500m', '512Mi']),
      })
      .prefault({}),
  })
  .prefault({})
  .describe('SPIRE workload identity (features.spire).');

export const MeshSchema = z
  .strictObject({
    waypoints: z
      .boolean()
      .default(true)
      .describe('Deploy waypoints where call-graph edges carry L7 rules; when false, L7 rules are rejected. @default true'),
    cni: z
      .strictObject({
        binDir: z.string().regex(/^\/[\w./-]*$/, { error: 'must be an absolute path' }).optional(),
        confDir: z.string().regex(/^\/[\w./-]*$/, { error: 'must be an absolute path' }).optional(),
      })
      .optional()
      .describe('CNI paths for istio-cni on clusters with non-standard locations (upstream charts only).'),
  })
  .prefault({})
  .describe('Istio Ambient settings (features.istio).');

/** Model names reach collector expressions as string literals: no quotes or backslashes. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;

export const ModelPriceSchema = z.strictObject({
  model: z.string().regex(MODEL_NAME, { error: 'must be a model name: letters, digits and . _ : / @ + -' }).describe('Model name as agents report it (gen_ai.request.model).'),
  input: z.number().min(0).max(1e6).describe('Price of one million input tokens, in observability.currency.'),
  output: z.number().min(0).max(1e6).describe('Price of one million output tokens, in observability.currency.'),
});

export const PROPAGATORS = ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger'] as const;

export const ObservabilitySchema = z
  .strictObject({
    protocol: otlpProtocol.default('grpc').describe('OTLP protocol agents are wired with; the endpoint is the collector receiver for it (gRPC 4317, HTTP 4318). @default "grpc"'),
    propagators: z
      .array(z.enum(PROPAGATORS, { error: `must be one of ${PROPAGATORS.join(', ')}` }))
      .min(1)
      .max(PROPAGATORS.length)
      .default(['tracecontext', 'baggage'])
      .describe('Context propagators agents use (W3C trace context and baggage by default). @default ["tracecontext", "baggage"]'),
    collector: z
      .strictObject({
        replicas: z.number().int().min(1).max(10).default(1).describe('@default 1'),
        resources: ResourcesSchema(['100m', '256Mi'], ['1', '1Gi']),
      })
      .prefault({})
      .describe('The OpenTelemetry collector.'),
    phoenix: z
      .strictObject({
        resources: ResourcesSchema(['250m', '512Mi'], ['2', '2Gi']),
        database: z
          .strictObject({
            credentialsSecret: dnsLabel(253).optional().describe('Existing Secret in namespace observability (keys username, password). @default generated in-cluster as phoenix-db'),
            storage: quantity('10Gi').default('10Gi').describe('@default "10Gi"'),
            storageClassName: dnsLabel(253).optional().describe('@default the cluster default StorageClass'),
          })
          .prefault({}),
      })
      .prefault({})
      .describe('Phoenix (features.observability.phoenix).'),
    currency: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code such as USD' }).default('USD').describe('Currency of prices and cost metrics. @default "USD"'),
    prices: z.array(ModelPriceSchema).max(500).default([]).describe('Price table: cost metrics and cost budgets use it. @default []'),
    prometheusOperator: z
      .boolean()
      .default(false)
      .describe('Emit ServiceMonitor and PrometheusRule objects. Opt-in on every target: the Prometheus operator must serve monitoring.coreos.com and select them (on OpenShift, user workload monitoring is off until an admin enables it). @default false'),
    monitorLabels: labelMap()
      .default({})
      .describe('Labels on the ServiceMonitor and PrometheusRule, for a Prometheus that selects them (kube-prometheus-stack: { release: <name> }). @default {}'),
  })
  .prefault({})
  .describe('Observability settings (features.observability.otel and .phoenix).');

export const GuardrailsSchema = z
  .strictObject({
    admission: z
      .enum(['Deny', 'Warn', 'Audit'])
      .default('Deny')
      .describe('What the in-cluster admission policies do on a violation. @default "Deny"'),
    kyverno: z.boolean().default(false).describe('Also emit the same rules as a Kyverno ClusterPolicy (Kyverno must be installed). @default false'),
  })
  .prefault({})
  .describe('In-cluster guardrails for team namespaces.');

export const GitOpsSchema = z
  .strictObject({
    repoURL: z
      .string()
      .regex(/^(https?|ssh|git):\/\/[^\s]+$|^git@[^\s]+$/, { error: 'must be a git URL (https://, ssh://, git@...)' })
      .optional()
      .describe('Git repository Argo CD syncs. @default "https://git.<domain>/platform/gitops.git"'),
    targetRevision: z.string().min(1).max(255).default('main').describe('@default "main"'),
    path: z
      .string()
      .regex(/^[A-Za-z0-9._\-/]+$/, { error: 'must be a relative path inside the repository' })
      .optional()
      .describe('Folder of this output in the repository. @default "charts-out/<target>-<profile>"'),
    project: dnsLabel().default('default').describe('Argo CD project. @default "default"'),
    argoNamespace: dnsLabel().optional().describe('@default argocd (openshift-gitops on OpenShift)'),
  })
  .prefault({});

/** A tool server behind the MCP gateway: an in-cluster Service or an external HTTPS endpoint. */
export const ToolServerSchema = z.strictObject({
  name: dnsLabel(40).regex(/^[a-z]/, { error: 'must start with a letter' }).describe('Server name; routes as <name>.mcp.local inside the gateway.'),
  service: z
    .strictObject({
      namespace: dnsLabel().describe('Namespace of the Service.'),
      name: dnsLabel().describe('Service name.'),
      port: z.number().int().min(1).max(65535).describe('Service port.'),
    })
    .optional()
    .describe('In-cluster MCP server. Exactly one of service and url.'),
  url: z
    .string()
    .max(400)
    .regex(/^https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/, { error: 'must be https://host[:port] without a path or credentials' })
    .optional()
    .describe('External MCP server (HTTPS). Exactly one of service and url.'),
  path: z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, { error: 'must be an absolute path such as /mcp' }).default('/mcp').describe('MCP endpoint path on the server. @default "/mcp"'),
  toolPrefix: z.string().regex(/^[a-z][a-z0-9_]{0,30}_$/, { error: 'must be lower-case letters, digits and _ ending in _, e.g. github_' }).optional().describe('Prefix the gateway puts on the server\'s tool names. @default "<name>_" with - replaced by _'),
  tools: z.array(toolName).min(1, { error: 'must list at least one tool' }).max(500).describe('Tools the server offers that agents may be granted.'),
  credentialSecret: dnsLabel(253)
    .optional()
    .describe('Secret in mcp-system holding the Authorization header value for the server under key "token" (you create it, labelled mcp.kuadrant.io/secret: "true"). @default none'),
});

export const McpGatewaySchema = z
  .strictObject({
    host: z.string().max(253).regex(DNS_SUBDOMAIN, { error: 'must be a DNS name' }).optional().describe('Host agents address the gateway by (the gateway routes only this host; it must resolve to the gateway in the cluster). @default "mcp-gateway-istio.gateway-system.svc.cluster.local"'),
    servers: z.array(ToolServerSchema).max(200).default([]).describe('Tool servers federated behind the gateway. @default []'),
  })
  .prefault({})
  .describe('MCP gateway (features.mcpGateway).');

export const BuildsSchema = z
  .strictObject({
    timeout: duration('30m').default('30m').describe('Longest a source build may run. @default "30m"'),
    registry: z
      .strictObject({
        storage: quantity('20Gi').default('20Gi').describe('Persistent volume of the in-cluster registry. @default "20Gi"'),
        storageClassName: dnsLabel(253).optional().describe('@default the cluster default StorageClass'),
        resources: ResourcesSchema(['50m', '128Mi'], ['1', '512Mi']),
      })
      .prefault({})
      .describe('In-cluster registry (features.containerRegistry).'),
  })
  .prefault({})
  .describe('Source builds (features.builds) and the in-cluster registry.');

const installMode = z.enum(INSTALL_MODES, { error: `must be one of ${INSTALL_MODES.join(', ')}` });

/** One product's install entry: a bare mode, or the mode with what the platform needs to wire to an external install. */
const installEntry = <T extends z.core.$ZodLooseShape>(what: string, external: T) =>
  z
    // The object first: a mistyped object is reported at its field (install.istio.mode), a string at the entry.
    .union([z.strictObject({ mode: installMode.describe('managed | external | off.'), ...external }), installMode], {
      error: `must be one of ${INSTALL_MODES.join(', ')}, or an object { mode, ... }`,
    })
    .optional()
    .describe(what);

const inClusterUrl = z
  .string()
  .max(512)
  .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, { error: 'must be an http:// or https:// URL without credentials, such as http://prometheus.monitoring.svc:9090' });

/**
 * Who provides each third-party product: `managed` (the platform installs it), `external` (it
 * is already on the cluster: nothing of it is installed, the platform wires to it) or `off`.
 * Unset means managed where its features are on — except where the target says the cluster
 * owns it (Gateway API CRDs on OpenShift 4.19+, cluster monitoring's Prometheus on OpenShift).
 */
export const InstallSchema = z
  .strictObject({
    certManager: installEntry('cert-manager. External: an existing cert-manager (the OpenShift operator or upstream). @default managed', {
      namespace: dnsLabel().optional().describe('Its cluster resource namespace, where the platform CA secret lives. @default "cert-manager"'),
    }),
    gatewayApi: installEntry('Gateway API CRDs. @default external on targets whose cluster owns them (OpenShift 4.19+), else managed', {}),
    istio: installEntry('Istio Ambient control plane (istiod, istio-cni, ztunnel). External: an ambient-mode Istio already running. @default managed', {
      namespace: dnsLabel().optional().describe('istiod namespace. @default "istio-system"'),
      trustDomain: z.string().max(253).regex(DNS_SUBDOMAIN, { error: 'must be a DNS name such as cluster.local' }).optional().describe('Mesh trust domain of workload principals. @default "cluster.local"'),
    }),
    spire: installEntry('SPIRE (server, agent, CSI driver, OIDC discovery provider, controller manager). External: an existing SPIRE whose controller manager serves ClusterSPIFFEIDs. @default managed', {
      className: dnsLabel(253).optional().describe('ClusterSPIFFEID className of its controller manager. @default "agentplane"'),
      trustDomain: z.string().max(253).regex(DNS_SUBDOMAIN, { error: 'must be a DNS name such as corp.example' }).optional().describe('Its trust domain: SPIFFE IDs, agent client ids and the operator\'s identity binding use it. @default the spec\'s domain'),
      bundleEndpoint: inClusterUrl.optional().describe('JWKS URL of its OIDC discovery provider, reachable from Keycloak. @default "http://spire-spiffe-oidc-discovery-provider.spire-server.svc.cluster.local/keys"'),
    }),
    keycloak: installEntry('Keycloak (operator, database, instance). External: a Keycloak managed by the Keycloak operator already runs; the platform only imports its realms. @default managed', {
      namespace: dnsLabel().optional().describe('Namespace of the Keycloak CR (realm imports go there). @default "keycloak"'),
      instance: dnsLabel().optional().describe('Name of the Keycloak CR. @default "keycloak"'),
    }),
    agentOperator: installEntry('The agent operator and its admission webhook (the pinned chart). External: installed by the cluster\'s administrators in the pinned release\'s namespace, e.g. where only namespaced grants are allowed (rbac.scope: namespace). @default managed', {}),
    otelCollector: installEntry('OpenTelemetry collector. External: agents send OTLP to an existing collector. @default managed', {
      namespace: dnsLabel().optional().describe('Namespace of the collector pods (team egress is opened to it). @default "observability"'),
      service: dnsLabel().optional().describe('Service carrying its OTLP receivers. @default "otel-collector"'),
      podLabels: labelMap().optional().describe('Labels of its pods, to narrow team egress. @default every pod of the namespace'),
    }),
    tekton: installEntry('Tekton Pipelines (needed by Shipwright). External: OpenShift Pipelines or upstream Tekton already installed. @default managed', {}),
    shipwright: installEntry('Shipwright Build. External: OpenShift Builds or upstream Shipwright already installed; the platform still adds its build strategies. @default managed', {}),
    prometheus: installEntry('The Prometheus Kiali reads. Managed: Istio\'s sample Prometheus in istio-system (kind, MicroShift; not with an external mesh in another namespace). External: one already running, at url (OpenShift: cluster monitoring). ServiceMonitors and PrometheusRules are observability.prometheusOperator. @default external where the target has cluster monitoring (OpenShift), else managed', {
      url: inClusterUrl.optional().describe('Query URL Kiali reads; required when external on targets without cluster monitoring (kind, MicroShift). @default the cluster monitoring Thanos querier (OpenShift)'),
    }),
  })
  .prefault({})
  .describe('Who provides each third-party product: managed (installed by the platform), external (already on the cluster) or off.');

export const RBAC_SCOPES = ['cluster', 'namespace'] as const;

export const RbacSchema = z
  .strictObject({
    scope: z
      .enum(RBAC_SCOPES, { error: 'must be "cluster" or "namespace"' })
      .default('cluster')
      .describe('"namespace": for clusters whose policy engines forbid cluster-wide grants. Everything the platform grants is then namespace-scoped, and synthesis names every component that cannot run that way (mark its product install.<product>: external, or turn it off). @default "cluster"'),
  })
  .prefault({})
  .describe('Scope of the RBAC grants the platform creates.');

export const PlatformSpecSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored.'),
    target: z.enum(TARGET_IDS as [string, ...string[]], { error: `must be one of ${TARGET_IDS.join(', ')}` }).default('kind'),
    profile: dnsLabel().default('minimal').describe('Profile preset the spec starts from. @default "minimal"'),
    domain: z
      .string()
      .max(200)
      .regex(DNS_SUBDOMAIN, { error: 'must be a DNS name such as localtest.me or apps.cluster.example.com' })
      .default('localtest.me')
      .describe('Base DNS domain and trust domain. @default "localtest.me"'),
    features: FeaturesSchema,
    install: InstallSchema,
    rbac: RbacSchema,
    versions: VersionsSchema,
    keycloak: KeycloakSchema,
    spire: SpireSchema,
    mesh: MeshSchema,
    observability: ObservabilitySchema,
    builds: BuildsSchema,
    mcpGateway: McpGatewaySchema,
    guardrails: GuardrailsSchema,
    gitops: GitOpsSchema,
    teams: z.array(TeamSchema).max(2000).default([]).describe('Teams; each is a namespace.'),
    agents: z.array(AgentSchema).max(50000).default([]).describe('Agents.'),
  })
  .describe('agentplane platform specification');

/** What users write (TypeScript profiles, YAML/JSON spec files): defaults may be omitted. */
export type PlatformSpecInput = z.input<typeof PlatformSpecSchema>;
/** The spec after defaults, before cross-field resolution. */
export type ParsedSpec = z.output<typeof PlatformSpecSchema>;
export type TeamSpec = z.output<typeof TeamSchema>;
export type AgentSpec = z.output<typeof AgentSchema>;
export type RealmSpec = z.output<typeof RealmSchema>;
export type RealmClientSpec = z.output<typeof RealmClientSchema>;
export type PlatformRealmSpec = z.output<typeof PlatformRealmSchema>;
export type ObservabilitySpec = z.output<typeof ObservabilitySchema>;
export type FeaturesInput = z.input<typeof FeaturesSchema>;
export type InstallSpec = z.output<typeof InstallSchema>;
