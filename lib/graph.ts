import { BRAND } from './brand';
import type { CallEdge, ResolvedAgent, ResolvedSpec } from './spec/resolve';

/** Output formats of `agentplane graph`. */
export type GraphFormat = 'mermaid' | 'dot';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The policy that enforces the edge, in one line. */
  readonly policy: string;
  readonly l7: boolean;
}

/** The platform namespaces every agent admits, as the policies emit them (the operator's). */
export function platformSources(): string[] {
  return [BRAND.platformNamespace];
}

/** How an edge of the call graph is enforced for this spec. */
export function edgePolicy(spec: ResolvedSpec, callee: ResolvedAgent, edge: CallEdge): string {
  if (!spec.features.istio.on) return `NetworkPolicy: pods of ${edge.team}/${edge.name} -> TCP ${callee.port}`;
  const who = `${spec.install.istio.trustDomain}/ns/${edge.team}/sa/${edge.name}`;
  if (edge.l7) {
    const what = [edge.l7.methods?.join(',') ?? 'any method', edge.l7.paths?.join(' ') ?? 'any path'].join(' ');
    return `waypoint (L7): ${who} ${what}`;
  }
  // A callee with any L7 edge is reached through its waypoint, which enforces every caller.
  if (callee.callers.some((c) => c.l7)) return `waypoint (identity): ${who}`;
  return `ztunnel (L4, mTLS): ${who} -> port ${callee.port}`;
}

/** Every edge with its enforcing policy, in spec order. */
export function graphEdges(spec: ResolvedSpec): GraphEdge[] {
  const byKey = new Map(spec.agents.map((a) => [`${a.team}/${a.name}`, a]));
  return spec.agents.flatMap((a) =>
    a.calls.map((c) => {
      const callee = byKey.get(`${c.team}/${c.name}`)!;
      return { from: `${a.team}/${a.name}`, to: `${c.team}/${c.name}`, policy: edgePolicy(spec, callee, { team: a.team, name: a.name, ...(c.l7 ? { l7: c.l7 } : {}) }), l7: c.l7 !== undefined };
    }),
  );
}

/** Node ids: names are DNS labels ([a-z0-9-]), so '-' -> '_' and the separators map to distinct runs. */
const id = (key: string) => key.replace(/-/g, '_').replace(/\//g, '__').replace(/ /g, '___');
const esc = (s: string) => s.replace(/"/g, "'");

/**
 * Renders the call graph with the enforced policy on each edge. Anything not drawn is denied:
 * agents admit only their declared callers and the platform namespaces.
 */
export function renderGraph(spec: ResolvedSpec, format: GraphFormat): string {
  const edges = graphEdges(spec);
  const teams = spec.teams.filter((t) => spec.agents.some((a) => a.team === t.name));
  const platform = `platform: ${platformSources().join(', ')}`;
  const mode = spec.features.istio.on ? 'Istio Ambient: default deny, STRICT mTLS' : 'NetworkPolicies: default deny';
  if (format === 'mermaid') {
    const l = ['flowchart LR', `  %% ${mode}; every edge not drawn is denied`, `  platform(["${platform}"])`];
    for (const t of teams) {
      l.push(`  subgraph ${id(`team ${t.name}`)}["team ${t.name}"]`);
      for (const a of spec.agents.filter((x) => x.team === t.name)) l.push(`    ${id(`${a.team}/${a.name}`)}["${a.name} :${a.port}"]`);
      l.push('  end');
      l.push(`  platform -. "all agents" .-> ${id(`team ${t.name}`)}`);
    }
    for (const e of edges) l.push(`  ${id(e.from)} ${e.l7 ? '==>' : '-->'}|"${esc(e.policy)}"| ${id(e.to)}`);
    return `${l.join('\n')}\n`;
  }
  const l = ['digraph agents {', '  rankdir=LR;', '  compound=true;', `  label="${mode}; every edge not drawn is denied";`, `  platform [shape=box, style=rounded, label="${platform}"];`];
  for (const t of teams) {
    const members = spec.agents.filter((x) => x.team === t.name);
    l.push(`  subgraph ${id(`cluster team ${t.name}`)} {`, `    label="team ${t.name}";`);
    for (const a of members) l.push(`    ${id(`${a.team}/${a.name}`)} [label="${a.name} :${a.port}"];`);
    l.push('  }');
    l.push(`  platform -> ${id(`${members[0]!.team}/${members[0]!.name}`)} [style=dashed, lhead=${id(`cluster team ${t.name}`)}, label="all agents"];`);
  }
  for (const e of edges) l.push(`  ${id(e.from)} -> ${id(e.to)} [label="${esc(e.policy)}"${e.l7 ? ', style=bold' : ''}];`);
  l.push('}');
  return `${l.join('\n')}\n`;
}
