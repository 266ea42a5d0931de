import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { Agent } from './agent';
import { Team } from './team';

/** What tenancy offers: the team namespaces. */
export interface TenancyExports {
  readonly namespaces: readonly string[];
}

export const tenancy = defineComponent({
  id: 'tenancy',
  title: 'Teams and agents (namespaces, RBAC, quotas, policies, agent workloads)',
  toggles: [],
  dependsOn: ['keycloak', 'agent-operator'],
  optionalDependsOn: ['istio'],
  pins: () => [],
  delivery: () => 'plain manifests: one file per team with its namespace, policies and agents',
  namespaces: (spec) => spec.teams.map((t) => t.name),
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const identity = ctx.use('keycloak');
    const operator = ctx.use('agent-operator');
    const mesh = ctx.useOptional('istio');
    const labels = commonLabels('tenancy');
    const ports = new Map(spec.agents.map((a) => [`${a.team}/${a.name}`, a.port]));
    const portOf = (r: { team: string; name: string }) => ports.get(`${r.team}/${r.name}`)!;
    const byTeam = new Map<string, typeof spec.agents[number][]>();
    for (const a of spec.agents) {
      const list = byTeam.get(a.team);
      if (list) list.push(a);
      else byTeam.set(a.team, [a]);
    }

    for (const team of spec.teams) {
      const agents = byTeam.get(team.name) ?? [];
      const t = new Team(scope, team.name, {
        team,
        target,
        names,
        labels,
        platformNamespaces: [operator.namespace],
        identity: { namespace: identity.namespace, port: identity.port },
        mesh: mesh && { exports: mesh, agents, platformNamespaces: [operator.namespace, mesh.systemNamespace] },
      });
      for (const agent of agents) {
        new Agent(t, `agent-${agent.name}`, { agent, target, names, features: spec.features, domain: spec.domain, identity, labels, portOf, mesh });
      }
    }
    return { namespaces: spec.teams.map((t) => t.name) };
  },
});
