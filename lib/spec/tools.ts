import { SPEC_RULES as R } from '../rules';
import type { ResolvedFeatures } from './features';
import type { SpecIssue } from './issues';
import type { AgentSpec, ParsedSpec } from './schema';

/** A tool server after resolution: its prefix decided. */
export type ResolvedToolServer = ParsedSpec['mcpGateway']['servers'][number] & { readonly toolPrefix: string };

/** Tools one agent may call on one server (never empty). */
export interface ResolvedToolGrant {
  readonly server: string;
  readonly tools: readonly string[];
}

/** The default prefix: the server name as an identifier. */
export function defaultToolPrefix(name: string): string {
  return `${name.replace(/-/g, '_')}_`;
}

/**
 * Tool servers and the agents' grants: unique names and prefixes, one endpoint per server,
 * grants naming declared servers and tools, and grants only where the gateway enforces them.
 */
export function resolveTools(
  spec: Pick<ParsedSpec, 'mcpGateway'>,
  agents: readonly AgentSpec[],
  features: ResolvedFeatures,
  issues: SpecIssue[],
): { servers: ResolvedToolServer[]; grants: ResolvedToolGrant[][] } {
  const servers: ResolvedToolServer[] = [];
  const byName = new Map<string, ResolvedToolServer>();
  const prefixes = new Map<string, string>();
  spec.mcpGateway.servers.forEach((s, i) => {
    const path = `mcpGateway.servers[${i}]`;
    if (byName.has(s.name)) issues.push({ path: `${path}.name`, rule: R.unique.id, message: `duplicate tool server "${s.name}".`, fix: 'give every server a unique name.' });
    if ((s.service === undefined) === (s.url === undefined)) {
      issues.push({ path, rule: R.wellFormed.id, message: 'a tool server has exactly one of service (in-cluster) and url (external).', fix: 'set service: { namespace, name, port } or url: https://host.' });
    }
    const toolPrefix = s.toolPrefix ?? defaultToolPrefix(s.name);
    const other = prefixes.get(toolPrefix);
    if (other !== undefined && other !== s.name) {
      issues.push({ path: `${path}.toolPrefix`, rule: R.unique.id, message: `prefix "${toolPrefix}" is also the prefix of server "${other}": their tools would collide.`, fix: 'set a distinct toolPrefix.' });
    }
    prefixes.set(toolPrefix, s.name);
    const seen = new Set<string>();
    s.tools.forEach((t, j) => {
      if (seen.has(t)) issues.push({ path: `${path}.tools[${j}]`, rule: R.unique.id, message: `duplicate tool "${t}".`, fix: 'list each tool once.' });
      seen.add(t);
    });
    const r = { ...s, toolPrefix };
    servers.push(r);
    if (!byName.has(s.name)) byName.set(s.name, r);
  });
  if (servers.length > 0 && !features.mcpGateway.on) {
    issues.push({ path: 'mcpGateway.servers', rule: R.featureDependencies.id, message: 'tool servers are served by the MCP gateway, and features.mcpGateway is off.', fix: 'set features.mcpGateway: true, or remove mcpGateway.servers.' });
  }
  // Grants in server order: reordering the spec's list never churns the output.
  const grants = agents.map((a, i) =>
    a.tools.flatMap((g, j): ResolvedToolGrant[] => {
      const path = `agents[${i}].tools[${j}]`;
      if (!features.mcpGateway.on) {
        issues.push({ path, rule: R.toolGrants.id, message: 'tool grants are enforced by the MCP gateway, and features.mcpGateway is off.', fix: 'set features.mcpGateway: true, or remove the grant.' });
        return [];
      }
      const server = byName.get(g.server);
      if (!server) {
        issues.push({ path: `${path}.server`, rule: R.toolGrants.id, message: `no tool server "${g.server}" in mcpGateway.servers.`, fix: `use one of: ${[...byName.keys()].join(', ') || '(none declared)'}.` });
        return [];
      }
      if (a.tools.findIndex((x) => x.server === g.server) !== j) {
        issues.push({ path: `${path}.server`, rule: R.unique.id, message: `server "${g.server}" is granted twice.`, fix: 'merge the grants into one.' });
        return [];
      }
      const unknown = (g.tools ?? []).filter((t) => !server.tools.includes(t));
      if (unknown.length > 0) {
        issues.push({ path: `${path}.tools`, rule: R.toolGrants.id, message: `server "${g.server}" declares no tool ${unknown.map((t) => `"${t}"`).join(', ')}.`, fix: `grant tools it lists: ${server.tools.join(', ')}.` });
        return [];
      }
      return [{ server: g.server, tools: [...new Set(g.tools ?? server.tools)].sort() }];
    }).sort((x, y) => (x.server < y.server ? -1 : x.server > y.server ? 1 : 0)),
  );
  return { servers, grants };
}
