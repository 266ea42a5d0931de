import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { AuthorizationPolicyCr } from '../istio/model';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { namespacePeer } from '../core/network';
import { restrictedNamespace } from '../core/namespace';
import { HelmRelease } from '../core/upstream';
import { gatewayOptions, type GatewayCr } from '../ingress/model';
import { PINS } from '../pins';
import { agentClientId } from '../tenancy/agent';
import {
  MCP_GATEWAY_NAME,
  MCP_GATEWAY_NAMESPACE,
  MCP_GATEWAY_PORT,
  MCP_INTERNAL_HOSTS,
  MCP_SYSTEM_NAMESPACE,
  mcpGatewayUrl,
} from './endpoints';
import type {
  ConditionalAuthzRule,
  DestinationRuleCr,
  GatewayAuthorizationPolicyCr,
  McpHttpRouteCr,
  McpServerRegistrationCr,
  ReferenceGrantCr,
  RequestAuthenticationCr,
  ServiceEntryCr,
} from './model';

/** What the MCP gateway offers: the URL agents call. */
export interface McpGatewayExports {
  readonly url: string;
}

const GATEWAY_REF = { group: 'gateway.networking.k8s.io', kind: 'Gateway' as const, name: MCP_GATEWAY_NAME };
/** Router-set headers (after its ext_proc filter, which runs first in the gateway's chain). */
const METHOD_HEADER = 'request.headers[x-mcp-method]';
const SERVER_HEADER = 'request.headers[x-mcp-servername]';
const TOOL_HEADER = 'request.headers[x-mcp-toolname]';

/** Hosts as clients send them: bare, and with the listener port (Host carries it for :8080). */
const withPort = (hosts: readonly string[]) => hosts.flatMap((h) => [h, `${h}:${MCP_GATEWAY_PORT}`]);

/** Name of the server's route and registration. */
const serverObject = (name: string) => `mcp-${name}`;

export const mcpGateway = defineComponent({
  id: 'mcp-gateway',
  title: 'MCP gateway: tool servers federated behind one endpoint, per-agent tool authorization',
  toggles: ['mcpGateway'],
  dependsOn: ['istio', 'keycloak'],
  optionalDependsOn: ['gateway-api', 'tenancy'],
  pins: () => ['mcp-gateway'],
  delivery: () => 'Kuadrant MCP gateway chart (controller, CRDs) in mcp-system; Gateway mcp-gateway (class istio) in gateway-system; Istio JWT authentication and per-tool authorization on the gateway',
  namespaces: () => [MCP_SYSTEM_NAMESPACE, MCP_GATEWAY_NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const mesh = ctx.use('istio');
    const identity = ctx.use('keycloak');
    const labels = commonLabels('mcp-gateway');
    const host = spec.mcpGateway.host;
    const meta = (name: string, namespace: string) => ({ name, namespace, labels });
    // In the ambient mesh, so the broker reaches mesh tool servers with its own identity.
    const system = restrictedNamespace(scope, 'namespace-mcp-system', { name: MCP_SYSTEM_NAMESPACE, target, labels: { ...labels, [mesh.ambientLabel.key]: mesh.ambientLabel.value } });
    const gwNs = restrictedNamespace(scope, 'namespace-gateway-system', { name: MCP_GATEWAY_NAMESPACE, target, labels });

    const options = kube<IConfigMap>(scope, 'gateway-options', { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('mcp-gateway-options', MCP_GATEWAY_NAMESPACE), data: gatewayOptions() });
    // Agents' requests enter on `mcp` (the broker's route); the router re-routes tool calls to
    // `<server>.mcp.local` on `mcps`. Only routes of mcp-system attach.
    const fromMcpSystem = { namespaces: { from: 'Selector' as const, selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In' as const, values: [MCP_SYSTEM_NAMESPACE] }] } } };
    const gateway = kube<GatewayCr>(scope, 'gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta(MCP_GATEWAY_NAME, MCP_GATEWAY_NAMESPACE),
      spec: {
        gatewayClassName: mesh.gatewayClass,
        infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'mcp-gateway-options' } },
        listeners: [
          { name: 'mcp', port: MCP_GATEWAY_PORT, protocol: 'HTTP', hostname: host, allowedRoutes: fromMcpSystem },
          { name: 'mcps', port: MCP_GATEWAY_PORT, protocol: 'HTTP', hostname: MCP_INTERNAL_HOSTS, allowedRoutes: fromMcpSystem },
        ],
      },
    });
    gateway.node.addDependency(options, gwNs);

    const chart = new HelmRelease(scope, 'chart', {
      name: 'mcp-gateway',
      namespace: MCP_SYSTEM_NAMESPACE,
      repo: PINS['mcp-gateway'].source.slice(0, PINS['mcp-gateway'].source.lastIndexOf('/')),
      chart: 'mcp-gateway',
      version: spec.versions['mcp-gateway'],
      providesApiGroups: ['mcp.kuadrant.io'],
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
      values: {
        controller: { enabled: true },
        broker: { pollInterval: 60 },
        // The platform owns the Gateway; the chart only references it.
        gateway: { create: false, name: MCP_GATEWAY_NAME, namespace: MCP_GATEWAY_NAMESPACE, gatewayClassName: 'istio', port: MCP_GATEWAY_PORT, publicHost: host, internalHostPattern: MCP_INTERNAL_HOSTS },
        mcpGatewayExtension: { create: true, gatewayRef: { name: MCP_GATEWAY_NAME, namespace: MCP_GATEWAY_NAMESPACE, sectionName: 'mcp' } },
      },
    });
    chart.node.addDependency(system, gateway);

    const teams = new Set(spec.teams.map((t) => t.name));
    const admitted = new Set<string>();
    const admitGatewayInto = (ns: string) => {
      if (admitted.has(ns)) return;
      admitted.add(ns);
      const callers = [MCP_GATEWAY_NAMESPACE, MCP_SYSTEM_NAMESPACE];
      kube<INetworkPolicy>(scope, `admit-${ns}`, {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: meta('allow-mcp-gateway', ns),
        spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: callers.map(namespacePeer) }] },
      });
      kube<AuthorizationPolicyCr>(scope, `admit-mesh-${ns}`, {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: meta('allow-mcp-gateway', ns),
        spec: { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: callers } }] }] },
      });
    };
    for (const s of [...spec.mcpGateway.servers].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const name = serverObject(s.name);
      let backend: McpHttpRouteCr['spec']['rules'][number]['backendRefs'][number];
      let filters: McpHttpRouteCr['spec']['rules'][number]['filters'];
      if (s.service) {
        backend = { name: s.service.name, namespace: s.service.namespace, port: s.service.port };
        if (teams.has(s.service.namespace)) {
          // Team namespaces deny by default: admit the gateway (tool calls) and the broker
          // (discovery), which are the only callers of the server.
          admitGatewayInto(s.service.namespace);
        }
        if (s.service.namespace !== MCP_SYSTEM_NAMESPACE) {
          kube<ReferenceGrantCr>(scope, `grant-${s.name}`, {
            apiVersion: 'gateway.networking.k8s.io/v1beta1',
            kind: 'ReferenceGrant',
            metadata: meta(`mcp-gateway-${s.name}`, s.service.namespace),
            spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: MCP_SYSTEM_NAMESPACE }], to: [{ group: '', kind: 'Service', name: s.service.name }] },
          });
        }
      } else {
        const u = new URL(s.url!);
        const port = u.port ? Number(u.port) : 443;
        // External servers: a mesh-external service entry, TLS originated by the gateway.
        kube<ServiceEntryCr>(scope, `service-entry-${s.name}`, {
          apiVersion: 'networking.istio.io/v1',
          kind: 'ServiceEntry',
          metadata: meta(name, MCP_GATEWAY_NAMESPACE),
          spec: { hosts: [u.hostname], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: port, name: 'https', protocol: 'HTTPS' }], exportTo: ['.'] },
        }).node.addDependency(gwNs);
        kube<DestinationRuleCr>(scope, `destination-rule-${s.name}`, {
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: meta(name, MCP_GATEWAY_NAMESPACE),
          spec: { host: u.hostname, exportTo: ['.'], trafficPolicy: { tls: { mode: 'SIMPLE', sni: u.hostname } } },
        }).node.addDependency(gwNs);
        backend = { group: 'networking.istio.io', kind: 'Hostname', name: u.hostname, port };
        // The router addresses the server as <name>.mcp.local; the external server expects its own host.
        filters = [{ type: 'URLRewrite', urlRewrite: { hostname: u.hostname } }];
      }
      const route = kube<McpHttpRouteCr>(scope, `route-${s.name}`, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: meta(name, MCP_SYSTEM_NAMESPACE),
        spec: {
          parentRefs: [{ name: MCP_GATEWAY_NAME, namespace: MCP_GATEWAY_NAMESPACE, sectionName: 'mcps' }],
          hostnames: [`${s.name}.mcp.local`],
          rules: [{ backendRefs: [backend], ...(filters ? { filters } : {}) }],
        },
      });
      route.node.addDependency(system, gateway);
      kube<McpServerRegistrationCr>(scope, `registration-${s.name}`, {
        apiVersion: 'mcp.kuadrant.io/v1alpha1',
        kind: 'MCPServerRegistration',
        metadata: meta(name, MCP_SYSTEM_NAMESPACE),
        spec: {
          targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name },
          toolPrefix: s.toolPrefix,
          path: s.path,
          ...(s.credentialSecret ? { credentialRef: { name: s.credentialSecret, key: 'token' } } : {}),
        },
      }).node.addDependency(route, chart);
    }

    // Authentication: platform-realm access tokens (the agents' own clients). The token stops
    // at the gateway: tool servers get the registration's credential, never an agent's token.
    kube<RequestAuthenticationCr>(scope, 'request-authentication', {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: meta(MCP_GATEWAY_NAME, MCP_GATEWAY_NAMESPACE),
      spec: {
        targetRefs: [GATEWAY_REF],
        jwtRules: [{ issuer: identity.issuerUrl, jwksUri: `${identity.internalUrl}/realms/${identity.realm}/protocol/openid-connect/certs`, audiences: [identity.issuerUrl], forwardOriginalToken: false }],
      },
    }).node.addDependency(gateway);

    // Authorization: an agent calls exactly the tools it was granted; every agent with a grant
    // may open sessions and list tools; the broker lists each server's tools on the internal hosts.
    const granted = spec.agents.filter((a) => a.tools.length > 0).sort((a, b) => (a.team === b.team ? (a.name < b.name ? -1 : 1) : a.team < b.team ? -1 : 1));
    const clientOf = (a: (typeof granted)[number]) => agentClientId(spec.spire.trustDomain, a);
    const anyToken = [{ source: { requestPrincipals: ['*'] } }];
    const rules: ConditionalAuthzRule[] = [];
    if (granted.length) {
      rules.push({
        from: anyToken,
        to: [{ operation: { hosts: withPort([host]) } }],
        when: [{ key: 'request.auth.claims[azp]', values: granted.map(clientOf) }, { key: METHOD_HEADER, notValues: ['tools/call'] }],
      });
    }
    for (const a of granted) {
      for (const g of a.tools) {
        rules.push({
          from: anyToken,
          when: [
            { key: 'request.auth.claims[azp]', values: [clientOf(a)] },
            { key: METHOD_HEADER, values: ['tools/call'] },
            { key: SERVER_HEADER, values: [`${MCP_SYSTEM_NAMESPACE}/${serverObject(g.server)}`] },
            { key: TOOL_HEADER, values: [...g.tools] },
          ],
        });
      }
    }
    if (spec.mcpGateway.servers.length) {
      rules.push({ to: [{ operation: { hosts: withPort(spec.mcpGateway.servers.map((s) => `${s.name}.mcp.local`).sort()) } }], when: [{ key: METHOD_HEADER, notValues: ['tools/call'] }] });
    }
    kube<GatewayAuthorizationPolicyCr>(scope, 'authorization-policy', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(MCP_GATEWAY_NAME, MCP_GATEWAY_NAMESPACE),
      // No rules: nothing is allowed (an ALLOW policy without a matching rule denies).
      spec: { targetRefs: [GATEWAY_REF], action: 'ALLOW', rules },
    }).node.addDependency(gateway);
    return { url: mcpGatewayUrl(host) };
  },
});
