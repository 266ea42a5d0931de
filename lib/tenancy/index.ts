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
  pins: () => [],
  delivery: () => 'plain manifests: one file per team with its namespace, policies and agents',
  namespaces: (spec) => spec.teams.map((t) => t.name),
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const identity = ctx.use('keycloak');
    const operator = ctx.use('agent-operator');
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
      const t = new Team(scope, team.name, {
        team,
        target,
        names,
        labels,
        platformNamespaces: [operator.namespace],
        identity: { namespace: identity.namespace, port: identity.port },
      });
      for (const agent of byTeam.get(team.name) ?? []) {
        new Agent(t, `agent-${agent.name}`, { agent, target, names, features: spec.features, domain: spec.domain, identity, labels, portOf });
      }
    }
    return { namespaces: spec.teams.map((t) => t.name) };
  },
});
