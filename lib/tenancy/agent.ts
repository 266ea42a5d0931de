import { MCP_URL_ENV } from '../mcp-gateway/endpoints';
import { createHash } from 'node:crypto';
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { BrandNames } from '../brand';
import { CONFIG_HASH_ANNOTATION, LABELS, WRITABLE_ROOT_ANNOTATION } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../core/security';
import { spiffeId, type AgentRef, type ResolvedAgent } from '../spec/resolve';
import type { SpireExports } from '../spire';
import type { TargetProfile } from '../targets';
import type { KeycloakExports } from '../keycloak';
import { authBridgeFor } from './auth-bridge';
import { telemetryEnv } from './telemetry';
import { injectedLanguage, injectionAnnotations } from '../auto-instrumentation';
import type { IstioExports } from '../istio';
import { needsWaypoint, WAYPOINT } from './mesh';
import type { AgentCardCr, AgentRuntimeCr } from './models';

/** Where agents find their card and peers (mounted from the agent's ConfigMap). */
export const AGENT_CONFIG_DIR = '/etc/agentplane';

export interface AgentProps {
  readonly agent: ResolvedAgent;
  readonly target: TargetProfile;
  readonly names: BrandNames;
  /** The namespace's AuthBridge choice, and its ConfigMaps the workload must follow. */
  readonly authBridge: { readonly features: { readonly mesh: boolean; readonly spire: boolean }; readonly after: readonly ApiObject[] };
  /** Trust domain of SPIFFE IDs and agent client ids (the spec's domain unless an external SPIRE has its own). */
  readonly trustDomain: string;
  readonly identity: KeycloakExports;
  readonly labels: Record<string, string>;
  /** Port of every agent, by `team/name`, to address peers. */
  readonly portOf: (ref: AgentRef) => number;
  /** With the mesh on, AuthorizationPolicies (team level) replace the per-edge NetworkPolicies. */
  readonly mesh?: IstioExports;
  /** With SPIRE on, agents get the Workload API socket and authenticate with JWT-SVIDs. */
  readonly spire?: SpireExports;
  /** Context propagators (observability.propagators). */
  readonly propagators: readonly string[];
  /** URL of the MCP gateway, for agents with tool grants (features.mcpGateway). */
  readonly mcpGatewayUrl?: string;
  /** The team's OpenTelemetry `Instrumentation`, for agents with telemetry.autoInstrument: their pods must not start before it exists. */
  readonly instrumentation?: ApiObject;
}

/** Mount path of the SPIFFE Workload API in agent containers (SPIRE on). */
export const WORKLOAD_API_VOLUME = 'spiffe-workload-api';

/**
 * Each agent's OAuth client id in the platform realm: its SPIFFE ID, the id the pinned operator
 * registers once it knows the trust domain (the platform always tells it).
 */
export function agentClientId(trustDomain: string, ref: AgentRef): string {
  return spiffeId(trustDomain, ref.team, ref.name);
}

/** In-cluster host name of an agent's Service. */
export function agentHost(ref: AgentRef): string {
  return `${ref.name}.${ref.team}.svc.cluster.local`;
}

/** In-cluster URL of an agent's Service. */
export function agentUrl(ref: AgentRef, port: number): string {
  return `http://${agentHost(ref)}:${port}`;
}

/**
 * One agent: ServiceAccount (its own, for its SPIFFE identity), a ConfigMap with its Agent Card
 * and peer list, Deployment, Service, the operator's AgentRuntime and AgentCard, and the
 * NetworkPolicies its edges in the call graph need. The operator sets the agent type label on
 * the workload from the AgentRuntime; the platform never sets it.
 */
export class Agent extends Construct {
  constructor(scope: Construct, id: string, props: AgentProps) {
    super(scope, id);
    const { agent: a, target, names, identity, spire } = props;
    const ns = a.namespace;
    const selector = { [LABELS.name]: a.name, [LABELS.team]: a.team };
    const labels = { ...props.labels, ...selector, [LABELS.component]: 'agent' };
    const meta = (name: string) => ({ name, namespace: ns, labels });
    const url = agentUrl(a, a.port);

    kube<IServiceAccount>(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(a.name),
      automountServiceAccountToken: false,
    });

    const card = {
      name: a.name,
      description: a.description,
      url,
      version: imageVersion(a.image),
      protocolVersion: '0.3.0',
      capabilities: { streaming: false, pushNotifications: false },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: a.skills.map((s) => ({ id: s.id, name: s.name, description: s.description, tags: s.tags })),
    };
    const peers = a.calls.map((p) => {
      const peerUrl = agentUrl(p, props.portOf(p));
      return { name: p.name, team: p.team, url: peerUrl, card: `${peerUrl}/.well-known/agent-card.json` };
    });
    const data = {
      'agent-card.json': `${JSON.stringify(card, null, 2)}\n`,
      'peers.json': `${JSON.stringify(peers, null, 2)}\n`,
    };
    const configName = `${a.name}-agent-config`;
    kube<IConfigMap>(this, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(configName), data });
    const configHash = createHash('sha256').update(data['agent-card.json']).update(data['peers.json']).digest('hex').slice(0, 16);

    const env = [
      { name: 'PORT', value: String(a.port) },
      { name: 'AGENT_NAME', value: a.name },
      { name: 'AGENT_TEAM', value: a.team },
      { name: 'AGENT_NAMESPACE', value: ns },
      { name: 'AGENT_CARD_PATH', value: `${AGENT_CONFIG_DIR}/agent-card.json` },
      { name: 'AGENT_PEERS_PATH', value: `${AGENT_CONFIG_DIR}/peers.json` },
      { name: 'OIDC_REALM', value: identity.realm },
      { name: 'OIDC_ISSUER_URL', value: identity.issuerUrl },
      { name: 'OIDC_TOKEN_URL', value: identity.tokenUrl },
      { name: 'OIDC_CLIENT_ID', value: agentClientId(props.trustDomain, a) },
      // Non-secret SPIFFE wiring only where SPIRE exists: nothing points at a socket that is not there.
      ...(spire
        ? [
            { name: 'SPIFFE_ID', value: spiffeId(spire.trustDomain, ns, a.name) },
            { name: 'SPIFFE_ENDPOINT_SOCKET', value: spire.endpointSocket },
            { name: 'SPIFFE_JWT_AUDIENCE', value: identity.issuerUrl },
          ]
        : []),
      ...telemetryEnv(a, spire && spiffeId(spire.trustDomain, ns, a.name), props.propagators),
      ...(props.mcpGatewayUrl && a.tools.length ? [{ name: MCP_URL_ENV, value: props.mcpGatewayUrl }] : []),
      ...Object.keys(a.env)
        .sort()
        .map((name) => ({ name, value: a.env[name]! })),
      ...a.secretEnv.map((s) => ({ name: s.name, valueFrom: { secretKeyRef: { name: s.secretName, key: s.key } } })),
    ];

    const deployment = kube<IDeployment>(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(a.name),
      spec: {
        replicas: a.replicas,
        revisionHistoryLimit: 3,
        selector: { matchLabels: selector },
        template: {
          metadata: {
            // Without SPIRE the operator's webhook must not add its SPIFFE helper (and CSI volume).
            labels: spire ? labels : { ...labels, [names.spireOptOutLabel]: 'disabled' },
            annotations: {
              [CONFIG_HASH_ANNOTATION]: configHash,
              // Declared opt-out of the read-only root filesystem rule (admission AP204).
              ...(a.readOnlyRootFilesystem ? {} : { [WRITABLE_ROOT_ANNOTATION]: 'true' }),
              // The OpenTelemetry operator injects the agent's language SDK from the team's Instrumentation.
              ...injectionAnnotations(a),
            },
          },
          spec: {
            serviceAccountName: a.name,
            ...(a.imagePullSecrets.length ? { imagePullSecrets: a.imagePullSecrets.map((name) => ({ name })) } : {}),
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(target),
            containers: [
              {
                name: 'agent',
                image: a.image,
                ports: [{ name: 'http', containerPort: a.port, protocol: 'TCP' }],
                env,
                resources: {
                  requests: { cpu: a.resources.requests.cpu, memory: a.resources.requests.memory },
                  limits: { cpu: a.resources.limits.cpu, memory: a.resources.limits.memory },
                },
                securityContext: restrictedContainerSecurityContext(a.readOnlyRootFilesystem),
                readinessProbe: { httpGet: { path: a.healthPath, port: 'http' }, periodSeconds: 10, timeoutSeconds: 3 },
                livenessProbe: { tcpSocket: { port: 'http' }, initialDelaySeconds: 15, periodSeconds: 20 },
                startupProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5, failureThreshold: 60 },
                volumeMounts: [
                  { name: 'agent-config', mountPath: AGENT_CONFIG_DIR, readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                  ...(spire ? [{ name: WORKLOAD_API_VOLUME, mountPath: spire.workloadApiDir, readOnly: true }] : []),
                ],
              },
            ],
            volumes: [
              { name: 'agent-config', configMap: { name: configName } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
              ...(spire ? [{ name: WORKLOAD_API_VOLUME, csi: { driver: spire.csiDriver, readOnly: true } }] : []),
            ],
          },
        },
      },
    });

    deployment.node.addDependency(...props.authBridge.after);
    // A pod created before its Instrumentation exists would run uninstrumented (the webhook finds nothing to inject).
    if (props.instrumentation && injectedLanguage(a)) deployment.node.addDependency(props.instrumentation);

    kube<IService>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: props.mesh && needsWaypoint(a) ? { ...meta(a.name), labels: { ...labels, [props.mesh.useWaypointLabel]: WAYPOINT } } : meta(a.name),
      spec: {
        selector,
        ports: [{ name: 'http', port: a.port, targetPort: 'http', protocol: 'TCP', appProtocol: 'http' }],
      },
    });

    const targetRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: a.name } as const;
    kube<AgentRuntimeCr>(this, 'agent-runtime', {
      apiVersion: names.apiVersion,
      kind: 'AgentRuntime',
      metadata: meta(a.name),
      spec: {
        type: 'agent',
        targetRef,
        // Delegation (exchange per callee) lives in the namespace's runtime configuration (auth-bridge.ts):
        // the pinned sidecar does not decode the routes the webhook would copy from spec.auth.outbound.
        ...authBridgeFor(props.authBridge),
      },
    });
    kube<AgentCardCr>(this, 'agent-card', {
      apiVersion: names.apiVersion,
      kind: 'AgentCard',
      metadata: meta(a.name),
      spec: {
        targetRef,
        syncPeriod: '5m',
        // Strict binding compares the card's signer with SPIRE-issued identities: on with SPIRE.
        identityBinding: { strict: spire !== undefined, trustDomain: props.trustDomain },
      },
    });

    // The call graph is the only source of who may reach whom; without the mesh, L4 NetworkPolicies enforce it.
    if (props.mesh) return;
    if (a.callers.length > 0) {
      kube<INetworkPolicy>(this, 'allow-callers', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta(`${a.name}-allow-callers`),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Ingress'],
          ingress: [{ from: a.callers.map(peerSelector), ports: [{ protocol: 'TCP', port: a.port }] }],
        },
      });
    }
    if (a.calls.length > 0) {
      kube<INetworkPolicy>(this, 'allow-calls', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta(`${a.name}-allow-calls`),
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: ['Egress'],
          egress: a.calls.map((p) => ({ to: [peerSelector(p)], ports: [{ protocol: 'TCP', port: props.portOf(p) }] })),
        },
      });
    }
  }
}

function peerSelector(ref: AgentRef) {
  return {
    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ref.team } },
    podSelector: { matchLabels: { [LABELS.name]: ref.name, [LABELS.team]: ref.team } },
  };
}

/** The card's version: the image tag, else the digest's first 12 hex digits. */
function imageVersion(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return name.slice(colon + 1);
  return at >= 0 ? image.slice(at + 1 + 'sha256:'.length, at + 1 + 'sha256:'.length + 12) : 'unknown';
}
