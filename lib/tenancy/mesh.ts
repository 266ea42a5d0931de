import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { gatewayOptions, type GatewayCr } from '../ingress/model';
import type { IstioExports } from '../istio';
import type { AuthorizationPolicyCr, AuthzRule, PeerAuthenticationCr } from '../istio/model';
import type { CallEdge, ResolvedAgent } from '../spec/resolve';

/** Name of the waypoint a team deploys when an edge into it carries L7 rules (reserved as an agent name). */
export const WAYPOINT = 'waypoint';
/** Label Istio puts on the pods of a Gateway (and so of a waypoint). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface TeamMeshProps {
  readonly namespace: string;
  readonly agents: readonly ResolvedAgent[];
  readonly mesh: IstioExports;
  /** Namespaces whose workloads may reach every agent (they are enrolled in the mesh). */
  readonly platformNamespaces: readonly string[];
  readonly labels: Record<string, string>;
}

/** Whether any edge into the agent carries L7 rules (so it is reached through the waypoint). */
export function needsWaypoint(agent: ResolvedAgent): boolean {
  return agent.callers.some((c) => c.l7 !== undefined);
}

/**
 * A team's mesh policy, derived from the call graph only: STRICT mTLS; an allow-nothing policy
 * (default deny); the platform namespaces allowed; each callee allowing exactly its declared
 * callers by workload principal on its port. Edges with methods/paths are enforced by a waypoint
 * (policy attached to the callee's Service); ztunnel then admits only the waypoint to that
 * callee. No policy enforced by ztunnel carries an L7 field (ztunnel would ignore it).
 */
export class TeamMesh extends Construct {
  readonly waypoint?: ApiObject;
  constructor(scope: Construct, id: string, props: TeamMeshProps) {
    super(scope, id);
    const { namespace: ns, mesh } = props;
    const meta = (name: string) => ({ name, namespace: ns, labels: props.labels });
    const policy = (cid: string, spec: AuthorizationPolicyCr['spec']) =>
      kube<AuthorizationPolicyCr>(this, cid, { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(cid), spec });

    kube<PeerAuthenticationCr>(this, 'mtls', { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default'), spec: { mtls: { mode: 'STRICT' } } });
    policy('allow-nothing', {});
    policy('allow-platform', { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: [...props.platformNamespaces] } }] }] });

    const l7 = props.agents.filter(needsWaypoint);
    if (l7.length > 0) {
      const options = kube<IConfigMap>(this, 'waypoint-options', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('waypoint-options'), data: gatewayOptions() });
      this.waypoint = kube<GatewayCr>(this, 'waypoint', {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { ...meta(WAYPOINT), labels: { ...props.labels, 'istio.io/waypoint-for': 'service' } },
        spec: {
          gatewayClassName: mesh.waypointClass,
          infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'waypoint-options' } },
          listeners: [{ name: 'mesh', port: mesh.hbonePort, protocol: 'HBONE' }],
        },
      });
      this.waypoint.node.addDependency(options);
      // The waypoint proxy fetches its configuration and certificate from istiod (xDS, 15012);
      // the namespace's default deny would otherwise keep it from ever becoming ready.
      kube<INetworkPolicy>(this, 'allow-waypoint-control-plane', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('allow-waypoint-control-plane'),
        spec: {
          podSelector: { matchLabels: { [GATEWAY_NAME_LABEL]: WAYPOINT } },
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': mesh.systemNamespace } }, podSelector: { matchLabels: { app: 'istiod' } } }],
              ports: [{ protocol: 'TCP', port: mesh.xdsPort }],
            },
          ],
        },
      });
    }

    for (const a of props.agents) {
      if (a.callers.length === 0) continue;
      const selector = { matchLabels: { [LABELS.name]: a.name, [LABELS.team]: a.team } };
      const port = String(a.port);
      if (needsWaypoint(a)) {
        policy(`${a.name}-callers`, {
          action: 'ALLOW',
          targetRefs: [{ group: '', kind: 'Service', name: a.name }],
          // The waypoint sees every request to the Service, the platform's included.
          rules: [...a.callers.map((c) => l7Rule(c, mesh)), { from: [{ source: { namespaces: [...props.platformNamespaces] } }] }],
        });
        policy(`${a.name}-via-waypoint`, {
          action: 'ALLOW',
          selector,
          rules: [{ from: [{ source: { principals: [mesh.principal(ns, WAYPOINT)] } }], to: [{ operation: { ports: [port] } }] }],
        });
      } else {
        policy(`${a.name}-callers`, {
          action: 'ALLOW',
          selector,
          rules: [{ from: [{ source: { principals: a.callers.map((c) => mesh.principal(c.team, c.name)) } }], to: [{ operation: { ports: [port] } }] }],
        });
      }
    }

    // NetworkPolicies admit mesh tunnels (HBONE) between enrolled namespaces; who may call whom
    // is decided by the AuthorizationPolicies above, per workload identity.
    const ambient = { namespaceSelector: { matchLabels: { [mesh.ambientLabel.key]: mesh.ambientLabel.value } } };
    kube<INetworkPolicy>(this, 'allow-mesh', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('allow-mesh'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [ambient], ports: [{ protocol: 'TCP', port: mesh.hbonePort }] },
          // istio-cni rewrites kubelet probes to this link-local source in ambient mode.
          { from: [{ ipBlock: { cidr: `${mesh.probeSourceAddress}/32` } }] },
        ],
        egress: [{ to: [ambient], ports: [{ protocol: 'TCP', port: mesh.hbonePort }] }],
      },
    });
  }
}

function l7Rule(c: CallEdge, mesh: IstioExports): AuthzRule {
  const rule: AuthzRule = { from: [{ source: { principals: [mesh.principal(c.team, c.name)] } }] };
  if (c.l7) rule.to = [{ operation: { ...(c.l7.methods ? { methods: [...c.l7.methods] } : {}), ...(c.l7.paths ? { paths: [...c.l7.paths] } : {}) } }];
  return rule;
}
