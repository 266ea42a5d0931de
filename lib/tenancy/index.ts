import { MCP_GATEWAY_NAMESPACE, MCP_GATEWAY_PORT, mcpGatewayUrl } from '../mcp-gateway/endpoints';
import { defineComponent } from '../core/component';
import { CopiedSecret } from '../core/generated-secret';
import { PINS } from '../pins';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { instrumentedTeams, needsOperatorChart, OPERATOR_NAMESPACE, OpenTelemetryOperator, teamInstrumentation, type InstrumentationCr } from '../auto-instrumentation';
import { Agent, agentClientId, agentHost } from './agent';
import { Team } from './team';
import { agentScc } from './scc';
import { authBridgeConfig, runtimeConfig, type AuthBridgeWiring, type ExchangeRoute } from './auth-bridge';
import type { AgentRef } from '../spec/resolve';
import { spiffeHelperConfig } from '../agent-operator/values';

/** What tenancy offers: the team namespaces. */
export interface TenancyExports {
  readonly namespaces: readonly string[];
}

/** Every edge out of a team's agents, once per callee, in host order. */
function exchangeRoutes(agents: readonly { calls: readonly AgentRef[] }[], trustDomain: string): ExchangeRoute[] {
  const byHost = new Map<string, ExchangeRoute>();
  for (const a of agents) for (const c of a.calls) byHost.set(agentHost(c), { host: agentHost(c), target_audience: agentClientId(trustDomain, c) });
  return [...byHost.keys()].sort().map((h) => byHost.get(h)!);
}

export const tenancy = defineComponent({
  id: 'tenancy',
  title: 'Teams and agents (namespaces, RBAC, quotas, policies, agent workloads)',
  toggles: [],
  dependsOn: ['keycloak', 'agent-operator', 'guardrails'],
  optionalDependsOn: ['istio', 'spire', 'otel', 'builds'],
  pins: (t, spec) => (needsOperatorChart(spec, t) ? ['opentelemetry-operator-chart'] : []),
  delivery: (t, spec) =>
    `plain manifests: one file per team with its namespace, policies and agents${needsOperatorChart(spec, t) ? `; the OpenTelemetry operator Helm chart ${PINS['opentelemetry-operator-chart'].source} injects auto-instrumentation` : ''}`,
  namespaces: (spec) => [...spec.teams.map((t) => t.name), ...(needsOperatorChart(spec, spec.target) ? [OPERATOR_NAMESPACE] : [])],
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const identity = ctx.use('keycloak');
    const operator = ctx.use('agent-operator');
    const mesh = ctx.useOptional('istio');
    const spire = ctx.useOptional('spire');
    const otel = ctx.useOptional('otel');
    const labels = commonLabels('tenancy');
    // Auto-instrumentation: the upstream operator where OLM does not bring it with the collector.
    // Instrumentation resources wait for it through the API group it provides.
    if (needsOperatorChart(spec, target)) new OpenTelemetryOperator(scope, OPERATOR_NAMESPACE, { spec, target, teams: instrumentedTeams(spec), labels });
    const ports = new Map(spec.agents.map((a) => [`${a.team}/${a.name}`, a.port]));
    const portOf = (r: { team: string; name: string }) => ports.get(`${r.team}/${r.name}`)!;
    const byTeam = new Map<string, typeof spec.agents[number][]>();
    // Agents of a team in name order: the output does not depend on the order of the spec's list.
    const sorted = [...spec.agents].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    for (const a of sorted) {
      const list = byTeam.get(a.team);
      if (list) list.push(a);
      else byTeam.set(a.team, [a]);
    }

    const wiring: AuthBridgeWiring = { features: { mesh: !!mesh, spire: !!spire }, keycloakUrl: identity.internalUrl, realm: identity.realm, issuer: identity.issuerUrl };
    const config = authBridgeConfig(wiring);
    const spiffeHelper = spire ? { spiffeHelper: spiffeHelperConfig(spire.workloadApiDir, identity.issuerUrl) } : {};
    const sccRole = target.assignsUids && spec.agents.length ? agentScc(scope, labels) : undefined;
    for (const team of spec.teams) {
      const agents = byTeam.get(team.name) ?? [];
      const authBridge = { runtimeConfig: runtimeConfig(wiring, exchangeRoutes(agents, spec.spire.trustDomain)), config, ...spiffeHelper };
      // Egress to the collector only on the receiver ports this team's agents are wired to.
      const telemetryPorts = otel ? [...new Set(agents.filter((a) => a.telemetry?.platformCollector).map((a) => otel.ports[a.telemetry!.protocol === 'grpc' ? 'grpc' : 'http']))].sort((x, y) => x - y) : [];
      const t = new Team(scope, team.name, {
        team,
        target,
        names,
        labels,
        platformNamespaces: [operator.namespace],
        identity: { namespace: identity.namespace, port: identity.port },
        authBridge,
        ...(sccRole ? { scc: { role: sccRole, serviceAccounts: agents.map((a) => a.name) } } : {}),
        mcpGateway: spec.features.mcpGateway.on ? { namespace: MCP_GATEWAY_NAMESPACE, port: MCP_GATEWAY_PORT, agents: agents.filter((a) => a.tools.length).map((a) => a.name) } : undefined,
        telemetry: otel && telemetryPorts.length ? { namespace: otel.namespace, podLabels: otel.podLabels, ports: telemetryPorts } : undefined,
        // Only the operator must reach agents (it fetches Agent Cards). istio-system hosts nothing
        // that calls agents, and the platform gateway routes no agent, so neither is admitted.
        mesh: mesh && { exports: mesh, agents, platformNamespaces: [operator.namespace] },
      });
      const instrumentation = otel && teamInstrumentation({ team: team.name, agents, collector: otel, propagators: spec.observability.propagators, labels });
      const instrumentationObject = instrumentation && kube<InstrumentationCr>(t, 'instrumentation', instrumentation);
      for (const agent of agents) {
        new Agent(t, `agent-${agent.name}`, { agent, target, names, authBridge: { features: wiring.features, after: t.authBridgeObjects }, trustDomain: spec.spire.trustDomain, identity, labels, portOf, mesh, spire, propagators: spec.observability.propagators, mcpGatewayUrl: spec.features.mcpGateway.on ? mcpGatewayUrl(spec.mcpGateway.host) : undefined, instrumentation: instrumentationObject });
      }
    }
    // Realm clients whose workload runs in a team namespace get their generated secret there.
    const teamNames = new Set(spec.teams.map((t) => t.name));
    for (const sec of identity.clientSecrets) {
      if (!sec.workload || !teamNames.has(sec.workload.namespace)) continue;
      new CopiedSecret(scope, `client-secret-${sec.workload.namespace}-${sec.secretName}`, {
        sourceNamespace: identity.namespace,
        secretName: sec.secretName,
        namespace: sec.workload.namespace,
        keys: ['clientId', 'clientSecret'],
        image: `${PINS.kubectl.source}:${spec.versions.kubectl}`,
        target,
        labels,
      }).node.addDependency(scope.node.findChild(sec.workload.namespace));
    }
    return { namespaces: spec.teams.map((t) => t.name) };
  },
});
