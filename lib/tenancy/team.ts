import { Construct } from 'constructs';
import type { IResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import type { ILimitRange } from 'kubernetes-models/v1/LimitRange';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { ApiObject } from 'cdk8s';
import type { BrandNames } from '../brand';
import { LABELS } from '../core/labels';
import { dnsEgressRule, namespacePeer, publicEgressRule } from '../core/network';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import type { ResolvedAgent, ResolvedTeam } from '../spec/resolve';
import type { IstioExports } from '../istio';
import { TeamMesh } from './mesh';
import { declareControllerOwnedFields, pointerKey } from '../core/drift';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { AUTHBRIDGE_CONFIG_MAP, RUNTIME_CONFIG_MAP, SPIFFE_HELPER_CONFIG_MAP } from './auth-bridge';
import type { ExternalSecretCr, SealedSecretCr } from './models';
import type { TargetProfile } from '../targets';

/** Namespace label the operator sets on namespaces with agents when the mesh is on. */
export const ISTIO_DISCOVERY_LABEL = 'istio-discovery';

/** Why team namespaces enforce `baseline` where no SCC adds the capability drop the sidecar lacks. */
export const SIDECAR_BASELINE_WHY =
  "the operator's AuthBridge sidecar omits capabilities.drop [ALL]; restricted is audited and warned, and the agentplane-pod-security admission policy holds every other container to restricted";

/**
 * Pod Security level team namespaces enforce: `restricted` where SCC admission adds the
 * capability drop and seccomp profile the operator's sidecar lacks (OpenShift, MicroShift), else
 * `baseline` with restricted audited and warned and the agentplane-pod-security policy. Never privileged.
 */
export function teamPodSecurityLevel(target: TargetProfile): 'restricted' | 'baseline' {
  return target.assignsUids ? 'restricted' : 'baseline';
}

export interface TeamProps {
  readonly team: ResolvedTeam;
  readonly target: TargetProfile;
  readonly names: BrandNames;
  readonly labels: Record<string, string>;
  /** Namespaces whose pods may reach every agent (the operator fetches Agent Cards). */
  readonly platformNamespaces: readonly string[];
  /** Keycloak namespace and port agents may reach for tokens. */
  readonly identity: { readonly namespace: string; readonly port: number };
  /** The platform collector the team's agents send OTLP to: egress on exactly those ports. */
  readonly telemetry?: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly ports: readonly number[] };
  /** The MCP gateway, and the team's agents granted tools through it (only they may reach it). */
  readonly mcpGateway?: { readonly namespace: string; readonly port: number; readonly agents: readonly string[] };
  /**
   * What the operator's webhook and the injected AuthBridge read in the namespace: the runtime
   * configuration (mode, egress, token pipeline), the pre-seeded operator configuration and, with
   * SPIRE, the spiffe-helper configuration.
   */
  readonly authBridge: { readonly runtimeConfig: string; readonly config: Readonly<Record<string, string>>; readonly spiffeHelper?: string };
  /** Targets with SCCs: the ClusterRole granting the agent SCC, bound to these service accounts of the team's agents. */
  readonly scc?: { readonly role: string; readonly serviceAccounts: readonly string[] };
  /** With the mesh on: enrollment, mTLS and the call graph's AuthorizationPolicies. */
  readonly mesh?: { readonly exports: IstioExports; readonly agents: readonly ResolvedAgent[]; readonly platformNamespaces: readonly string[] };
}


/**
 * A team: its namespace (Pod Security `restricted`, enrolled in the operator's webhook), team
 * admin/view RBAC, quota and limits, and default-deny networking with only the allowances the
 * platform needs (DNS, the platform namespace, Keycloak).
 */
export class Team extends Construct {
  readonly namespace: string;
  readonly namespaceObject: ApiObject;
  /** The AuthBridge ConfigMaps: agent workloads are applied after them. */
  readonly authBridgeObjects: ApiObject[] = [];
  constructor(scope: Construct, id: string, props: TeamProps) {
    super(scope, id);
    const { team, target, names } = props;
    const ns = team.name;
    this.namespace = ns;
    const labels = { ...props.labels, [LABELS.team]: ns };
    const meta = (name: string) => ({ name, namespace: ns, labels });

    this.namespaceObject = restrictedNamespace(this, 'namespace', {
      name: ns,
      target,
      labels: {
        ...labels,
        [names.webhookNamespaceLabel]: 'true',
        // The labels the operator writes on namespaces with agents, set to its values (nothing to fight over).
        ...(props.mesh ? { [props.mesh.exports.ambientLabel.key]: props.mesh.exports.ambientLabel.value, [ISTIO_DISCOVERY_LABEL]: 'enabled' } : {}),
      },
      // Mesh off: the operator must not enroll the namespace in a mesh that is not there.
      ...nonEmpty('annotations', {
        ...(team.description ? { 'openshift.io/description': team.description } : {}),
        ...(props.mesh ? {} : { [names.istioMeshAnnotation]: 'disabled' }),
      }),
      ...(teamPodSecurityLevel(target) === 'baseline' ? { enforce: { level: 'baseline' as const, why: SIDECAR_BASELINE_WHY } } : {}),
    });
    declareControllerOwnedFields(this, [
      { group: '', kind: 'Namespace', jsonPointers: [`/metadata/labels/${pointerKey(ISTIO_DISCOVERY_LABEL)}`], writer: `${names.brand} operator (namespaces with AgentRuntimes)` },
      { group: 'apps', kind: 'Deployment', jsonPointers: [`/spec/template/metadata/annotations/${pointerKey(names.clientCredentialsAnnotation)}`], writer: `${names.brand} operator (client registration)` },
    ]);

    // Before any agent pod: a pod admitted before the runtime configuration exists gets the operator's defaults.
    const configMap = (id: string, data: Record<string, string>) => {
      const cm = kube<IConfigMap>(this, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(id), data });
      cm.node.addDependency(this.namespaceObject);
      this.authBridgeObjects.push(cm);
    };
    const ab = props.authBridge;
    configMap(RUNTIME_CONFIG_MAP, { 'config.yaml': ab.runtimeConfig });
    configMap(AUTHBRIDGE_CONFIG_MAP, { ...ab.config });
    if (ab.spiffeHelper) configMap(SPIFFE_HELPER_CONFIG_MAP, { 'helper.conf': ab.spiffeHelper });

    const groups = (list: readonly string[]) => list.map((name) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name }));
    const agentResources = ['agentruntimes', 'agentcards'];
    kube<IRole>(this, 'agents-editor', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('agents-editor'),
      rules: [{ apiGroups: [names.apiGroup], resources: agentResources, verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] }],
    });
    kube<IRole>(this, 'agents-viewer', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta('agents-viewer'),
      rules: [{ apiGroups: [names.apiGroup], resources: agentResources, verbs: ['get', 'list', 'watch'] }],
    });
    const bind = (id: string, roleKind: 'Role' | 'ClusterRole', role: string, subjects: readonly string[]) => {
      if (subjects.length === 0) return;
      kube<IRoleBinding>(this, id, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(id),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
        subjects: groups(subjects),
      });
    };
    bind('team-admins', 'ClusterRole', 'admin', team.admins);
    bind('team-admins-agents', 'Role', 'agents-editor', team.admins);
    bind('team-viewers', 'ClusterRole', 'view', team.viewers);
    bind('team-viewers-agents', 'Role', 'agents-viewer', team.viewers);

    if (props.scc && props.scc.serviceAccounts.length) {
      kube<IRoleBinding>(this, 'agents-scc', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta('agentplane-agents-scc'),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.scc.role },
        subjects: props.scc.serviceAccounts.map((name) => ({ kind: 'ServiceAccount', name, namespace: ns })),
      });
    }

    const q = team.quota;
    kube<IResourceQuota>(this, 'quota', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('team-quota'),
      spec: {
        hard: {
          'requests.cpu': q.requests.cpu,
          'requests.memory': q.requests.memory,
          'limits.cpu': q.limits.cpu,
          'limits.memory': q.limits.memory,
          pods: String(q.pods),
          services: String(q.services),
          persistentvolumeclaims: String(q.persistentVolumeClaims),
          'requests.storage': q.storage,
        },
      },
    });
    const l = team.limits;
    kube<ILimitRange>(this, 'limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('team-limits'),
      spec: {
        limits: [
          {
            type: 'Container',
            defaultRequest: { cpu: l.defaultRequest.cpu, memory: l.defaultRequest.memory },
            default: { cpu: l.default.cpu, memory: l.default.memory },
            max: { cpu: l.max.cpu, memory: l.max.memory },
          },
        ],
      },
    });

    const policy = (id: string, spec: INetworkPolicy['spec']) =>
      kube<INetworkPolicy>(this, id, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(id), spec });
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    policy('allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsEgressRule(target)],
    });
    policy('allow-platform-ingress', {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: props.platformNamespaces.map(namespacePeer) }],
    });
    policy('allow-identity-egress', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ to: [namespacePeer(props.identity.namespace)], ports: [{ protocol: 'TCP', port: props.identity.port }] }],
    });
    if (props.telemetry) {
      const t = props.telemetry;
      policy('allow-telemetry-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{ to: [{ ...namespacePeer(t.namespace), podSelector: { matchLabels: { ...t.podLabels } } }], ports: t.ports.map((port) => ({ protocol: 'TCP', port })) }],
      });
    }
    if (props.mcpGateway && props.mcpGateway.agents.length) {
      const g = props.mcpGateway;
      for (const agent of g.agents) {
        policy(`allow-mcp-gateway-egress-${agent}`, {
          podSelector: { matchLabels: { [LABELS.name]: agent, [LABELS.team]: team.name } },
          policyTypes: ['Egress'],
          egress: [{ to: [namespacePeer(g.namespace)], ports: [{ protocol: 'TCP', port: g.port }] }],
        });
      }
    }
    if (props.mesh) {
      new TeamMesh(this, 'mesh', {
        namespace: ns,
        agents: props.mesh.agents,
        mesh: props.mesh.exports,
        platformNamespaces: props.mesh.platformNamespaces,
        labels,
      }).node.addDependency(this.namespaceObject);
    }
    for (const s of team.secrets) {
      if (s.externalSecret) {
        const e = s.externalSecret;
        kube<ExternalSecretCr>(this, `secret-${s.name}`, {
          apiVersion: 'external-secrets.io/v1',
          kind: 'ExternalSecret',
          metadata: meta(s.name),
          spec: {
            refreshInterval: e.refreshInterval,
            secretStoreRef: { name: e.store, kind: e.storeKind },
            target: { name: s.name, creationPolicy: 'Owner' },
            data: e.data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.remoteKey, ...(d.property ? { property: d.property } : {}) } })),
          },
        }).node.addDependency(this.namespaceObject);
      } else if (s.sealedSecret) {
        kube<SealedSecretCr>(this, `secret-${s.name}`, {
          apiVersion: 'bitnami.com/v1alpha1',
          kind: 'SealedSecret',
          metadata: meta(s.name),
          spec: { encryptedData: { ...s.sealedSecret.encryptedData }, template: { metadata: { name: s.name, namespace: ns } } },
        }).node.addDependency(this.namespaceObject);
      }
    }
    if (team.allowExternalEgress) {
      policy('allow-external-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [publicEgressRule([443])],
      });
    }
  }
}

function nonEmpty<K extends string>(key: K, map: Record<string, string>): Partial<Record<K, Record<string, string>>> {
  return Object.keys(map).length ? ({ [key]: map } as Record<K, Record<string, string>>) : {};
}
