import { z } from 'zod';
import { BRAND } from '../brand';
import { PINS, PIN_IDS, type PinId } from '../pins';
import { TARGETS, type TargetId, type TargetProfile } from '../targets';
import { flattenFeatures, resolveFeatures, type FeatureId, type FeatureOrigin, type ResolvedFeatures } from './features';
import { PROXY_RESOURCES } from '../ingress/model';
import { credentialShape } from './credentials';
import { parseImage } from './image';
import { formatCpu, formatMemory, parseQuantity } from './quantity';
import { pathString, SpecError, suggest, type SpecIssue } from './issues';
import { SPEC_RULES as R } from '../rules';
import { durationSeconds } from './duration';
import { checkRealms, workloadRef } from './realms';
import { PlatformSpecSchema, type AgentSpec, type ParsedSpec, type TeamSpec } from './schema';
import { MCP_DEFAULT_HOST, MCP_URL_ENV } from '../mcp-gateway/endpoints';
import { resolveSources, type ResolvedSource } from './source';
import { resolveTools, type ResolvedToolGrant, type ResolvedToolServer } from './tools';
import { externalInstallGroups, externalInstallNamespaces, resolveInstall, type ResolvedInstall } from './install';
import { isOtelWiring, OTEL_ENV, resolveTelemetry, type ResolvedTelemetry } from './telemetry';

/** An agent after resolution: its calls point at agents, not strings. */
export interface ResolvedAgent extends Omit<AgentSpec, 'calls' | 'telemetry' | 'image' | 'source' | 'tools'> {
  /** The image the agent runs: its pinned image, or its source build's output. */
  readonly image: string;
  /** Present when the agent is built from source (Shipwright). */
  readonly source?: ResolvedSource;
  /** MCP tools it may call through the gateway, per server. */
  readonly tools: readonly ResolvedToolGrant[];
  /** Namespace the agent runs in (its team's). */
  readonly namespace: string;
  /** Agents this agent may call, resolved. */
  readonly calls: readonly CallEdge[];
  /** Agents that may call this agent (the reverse edges, with the same L7 constraints). */
  readonly callers: readonly CallEdge[];
  /** Where its traces go; undefined when there is no collector and no explicit endpoint. */
  readonly telemetry?: ResolvedTelemetry;
}

export interface AgentRef {
  readonly team: string;
  readonly name: string;
}

/** An edge of the call graph, with its L7 constraints when it has any. */
export interface CallEdge extends AgentRef {
  /** HTTP methods and paths this edge is limited to; absent for plain L4 edges. */
  readonly l7?: { readonly methods?: readonly string[]; readonly paths?: readonly string[] };
}

export interface ResolvedTeam extends Omit<TeamSpec, 'admins' | 'viewers'> {
  readonly admins: readonly string[];
  readonly viewers: readonly string[];
}

/** The validated, defaulted, cross-checked spec every construct reads. Nothing downstream re-validates. */
export interface ResolvedSpec {
  readonly target: TargetProfile;
  readonly profile: string;
  readonly domain: string;
  readonly features: ResolvedFeatures;
  /** Who provides each third-party product: managed, external (already on the cluster) or off. */
  readonly install: ResolvedInstall;
  /** Scope of the platform's RBAC grants (`namespace`: no cluster-wide grant may be emitted). */
  readonly rbac: ParsedSpec['rbac'];
  readonly versions: Readonly<Record<PinId, string>>;
  readonly keycloak: ParsedSpec['keycloak'] & { readonly hostname: string };
  /** SPIRE settings (used when features.spire is on), with the delivery decided for the target. */
  readonly spire: ResolvedSpire;
  readonly mesh: ParsedSpec['mesh'];
  readonly observability: ParsedSpec['observability'];
  readonly guardrails: ParsedSpec['guardrails'];
  readonly builds: ParsedSpec['builds'];
  /** The MCP gateway's host and tool servers (prefixes decided). */
  readonly mcpGateway: { readonly host: string; readonly servers: readonly ResolvedToolServer[] };
  /** API groups the spec relies on the cluster to serve (Kyverno, External Secrets, Sealed Secrets). */
  readonly externalApiGroups: readonly string[];
  readonly gitops: Required<Omit<ParsedSpec['gitops'], 'argoNamespace'>> & { readonly argoNamespace: string };
  readonly teams: readonly ResolvedTeam[];
  readonly agents: readonly ResolvedAgent[];
  /** Notes for the synth summary (features turned on by dependencies, target advice). */
  readonly notes: readonly string[];
}

export interface ResolvedSpire extends Omit<ParsedSpec['spire'], 'delivery'> {
  readonly delivery: 'olm' | 'helm';
  /** Trust domain of every SPIFFE ID: the spec's domain. */
  readonly trustDomain: string;
}

/** The SPIFFE ID of a workload: `spiffe://<trust domain>/ns/<namespace>/sa/<service account>`. */
export function spiffeId(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Namespaces a team may not take: the platform's own and the cluster's. */
const RESERVED_NAMESPACES = new Set([
  BRAND.platformNamespace, 'keycloak', 'default', 'istio-system', 'istio-cni', 'istio-ztunnel', 'istio-ingress', 'cert-manager', 'cert-manager-operator',
  'cr-system', 'argocd', 'openshift-gitops', 'gateway-system', 'zero-trust-workload-identity-manager',
  'spire-server', 'spire-system', 'tekton-pipelines', 'shipwright-build', 'observability', 'kiali', 'opentelemetry-operator-system',
]);
const RESERVED_PREFIXES = ['kube-', 'openshift', 'istio-'];

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Agent names taken by objects the mesh creates in team namespaces. */
const RESERVED_AGENT_NAMES = new Set(['waypoint']);
/** Ports the ambient data plane uses inside pods. */
const MESH_PORTS = new Set([15001, 15006, 15008, 15020, 15021, 15053, 15090]);

/** Environment variables the platform wires itself; users may not override them. */
export const PLATFORM_ENV = new Set<string>([
  'PORT', 'AGENT_NAME', 'AGENT_TEAM', 'AGENT_NAMESPACE', 'AGENT_CARD_PATH', 'AGENT_PEERS_PATH',
  'OIDC_ISSUER_URL', 'OIDC_TOKEN_URL', 'OIDC_REALM', 'OIDC_CLIENT_ID', 'SPIFFE_ID', 'SPIFFE_ENDPOINT_SOCKET', 'SPIFFE_JWT_AUDIENCE', MCP_URL_ENV,
  ...OTEL_ENV,
]);

export interface ResolveOptions {
  /** Where each explicitly set feature toggle came from, for dependency errors. */
  readonly featureOrigins?: Partial<Record<FeatureId, FeatureOrigin>>;
  /** Name of the spec's source, for the error heading. */
  readonly source?: string;
}

/**
 * Validates a spec (any JSON-like value) and resolves defaults and references. Throws one
 * {@link SpecError} listing every problem; returns a {@link ResolvedSpec} otherwise.
 */
export function resolveSpec(input: unknown, options: ResolveOptions = {}): ResolvedSpec {
  const parsed = PlatformSpecSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw new SpecError(zodIssues(parsed.error), options.source);
  const spec = parsed.data;
  const issues: SpecIssue[] = [];
  const notes: string[] = [];
  const target = TARGETS[spec.target as TargetId];

  const fr = resolveFeatures(flattenFeatures(spec.features as Record<string, unknown>), options.featureOrigins ?? {});
  issues.push(...fr.issues);
  notes.push(...fr.notes);
  const install = resolveInstall(spec.install, target, fr.features, issues, notes);
  const externalNamespaces = externalInstallNamespaces(install);
  spec.teams.forEach((t, i) => {
    const owner = externalNamespaces.get(t.name);
    if (owner) issues.push({ path: `teams[${i}].name`, rule: R.reservedNamespaces.id, message: `"${t.name}" is the namespace of the external ${owner} (install.${owner}).`, fix: 'choose another team name.' });
  });

  const teams = checkTeams(spec.teams, issues);
  const agents = checkAgents(spec.agents, new Set(spec.teams.map((t) => t.name)), issues);
  checkL7(spec, fr.features.istio.on, issues);
  checkMesh(spec, fr.features.istio.on, target, issues);
  checkResources(spec.teams, spec.agents, waypointTeams(spec, fr.features.istio.on), issues);
  checkRealms(spec.keycloak, BRAND, spec.teams, issues);
  const spire = checkSpire(spec, target, install, issues);
  const images = resolveSources(spec.agents, fr.features, target, issues, new Set(spec.teams.map((t) => t.name)));
  const tools = resolveTools(spec, spec.agents, fr.features, issues);
  const telemetry = spec.agents.map((a, i) => resolveTelemetry(a, i, spec, fr.features['observability.otel'].on, issues, install.otelCollector));
  if (install.otelCollector.mode === 'external' && target.collectorDelivery === 'olm') {
    // There the OpenTelemetry operator arrives with the managed collector's OLM subscription.
    spec.agents.forEach((a, i) => {
      if (a.telemetry.autoInstrument) {
        issues.push({ path: `agents[${i}].telemetry.autoInstrument`, rule: R.autoInstrumentation.id, message: `on ${target.id} the OpenTelemetry operator that injects it is installed with the managed collector, and install.otelCollector is external.`, fix: 'set install.otelCollector: managed, or instrument the agent with an SDK.' });
      }
    });
  }
  const observability = checkObservability(spec, fr.features, install, telemetry, issues);

  if (!fr.features.spire.on) {
    const teamNames = new Set(spec.teams.map((t) => t.name));
    for (const [i, r] of [spec.keycloak.platformRealm, ...spec.keycloak.realms].entries()) {
      for (const c of r.clients) {
        const ns = workloadRef(c.workload)?.namespace;
        if (c.type !== 'public' && ns && !teamNames.has(ns)) {
          notes.push(`${i === 0 ? 'platform realm' : `realm ${spec.keycloak.realms[i - 1]!.name}`} client ${c.clientId}: without SPIRE its secret is generated in namespace keycloak; ${ns} is not a team namespace, so deliver it to ${c.workload} yourself (or turn on features.spire: it then authenticates with its JWT-SVID).`);
        }
      }
    }
  }
  if (target.id === 'openshift' && spec.domain === 'localtest.me') {
    notes.push('target openshift with domain localtest.me: set domain to the cluster apps domain (apps.<baseDomain>).');
  }
  if (issues.length > 0) throw new SpecError(issues, options.source);

  const versions = Object.fromEntries(
    PIN_IDS.map((id) => [id, (spec.versions as Partial<Record<PinId, string>>)[id] ?? PINS[id].version]),
  ) as Record<PinId, string>;
  for (const id of PIN_IDS) {
    if (versions[id] !== PINS[id].version) notes.push(`version override: ${id} ${PINS[id].version} -> ${versions[id]}.`);
  }
  const gitops = {
    repoURL: spec.gitops.repoURL ?? `https://git.${spec.domain}/platform/gitops.git`,
    targetRevision: spec.gitops.targetRevision,
    path: spec.gitops.path ?? `charts-out/${target.id}-${spec.profile}`,
    project: spec.gitops.project,
    argoNamespace: spec.gitops.argoNamespace ?? target.argoNamespace,
  };
  if (spec.gitops.repoURL === undefined) {
    notes.push(`gitops.repoURL not set: the Argo CD apps point at ${gitops.repoURL}; set it to the repository you commit charts-out/ to.`);
  }
  return {
    target,
    profile: spec.profile,
    domain: spec.domain,
    features: fr.features,
    install,
    rbac: spec.rbac,
    versions,
    keycloak: { ...spec.keycloak, hostname: spec.keycloak.hostname ?? `keycloak.${spec.domain}` },
    spire,
    mesh: spec.mesh,
    observability,
    guardrails: spec.guardrails,
    builds: spec.builds,
    mcpGateway: { host: spec.mcpGateway.host ?? MCP_DEFAULT_HOST, servers: tools.servers },
    externalApiGroups: [
      ...externalInstallGroups(install).filter((g) => !target.clusterApiGroups.includes(g)),
      ...(observability.prometheusOperator && !target.clusterApiGroups.includes('monitoring.coreos.com') ? ['monitoring.coreos.com'] : []),
      ...(spec.guardrails.kyverno ? ['kyverno.io'] : []),
      ...(spec.teams.some((t) => t.secrets.some((s) => s.externalSecret)) ? ['external-secrets.io'] : []),
      ...(spec.teams.some((t) => t.secrets.some((s) => s.sealedSecret)) ? ['bitnami.com'] : []),
    ],
    gitops,
    teams,
    agents: agents.map((a, i) => ({ ...a, ...images[i]!, tools: tools.grants[i]!, ...(telemetry[i] ? { telemetry: telemetry[i] } : {}) })),
    notes,
  };
}

/**
 * Observability settings: one price per model, and budgets only where something measures and
 * alerts on them (otherwise the control would silently not exist).
 */
function checkObservability(spec: ParsedSpec, features: ResolvedFeatures, install: ResolvedInstall, telemetry: readonly (ResolvedTelemetry | undefined)[], issues: SpecIssue[]): ResolvedSpec['observability'] {
  const o = spec.observability;
  const models = new Map<string, number>();
  o.prices.forEach((p, j) => {
    const first = models.get(p.model);
    if (first !== undefined) issues.push({ path: `observability.prices[${j}].model`, rule: R.unique.id, message: `"${p.model}" is priced twice (also prices[${first}]).`, fix: 'keep one price per model.' });
    else models.set(p.model, j);
  });
  spec.teams.forEach((t, i) => {
    const { dailyTokens, dailyCost } = t.budget;
    if (dailyTokens === undefined && dailyCost === undefined) return;
    const path = `teams[${i}].budget`;
    if (!features['observability.otel'].on) {
      issues.push({ path, rule: R.budgetsEnforced.id, message: 'token and cost metrics come from the platform collector, which is off.', fix: 'set features.observability.otel: true, or remove the budget.' });
    } else if (install.otelCollector.mode === 'external') {
      issues.push({ path, rule: R.budgetsEnforced.id, message: 'token and cost metrics are derived from spans by the platform collector, and install.otelCollector is external.', fix: 'set install.otelCollector: managed, or remove the budget.' });
    } else if (!o.prometheusOperator) {
      issues.push({ path, rule: R.budgetsEnforced.id, message: 'budget alerts are PrometheusRules, and observability.prometheusOperator is off.', fix: 'set observability.prometheusOperator: true (with the Prometheus operator installed), or remove the budget.' });
    }
    const elsewhere = telemetry.filter((tt, k) => spec.agents[k]!.team === t.name && tt !== undefined && !tt.platformCollector).length;
    if (elsewhere > 0 && features['observability.otel'].on) {
      issues.push({ path, rule: R.budgetsEnforced.id, message: `${elsewhere} of the team's agents export traces to their own endpoint, where the platform cannot count their tokens.`, fix: 'remove their telemetry.endpoint (use the platform collector), or remove the budget.' });
    }
    if (dailyCost !== undefined && o.prices.length === 0) {
      issues.push({ path: `${path}.dailyCost`, rule: R.budgetsEnforced.id, message: 'cost is computed from observability.prices, which is empty: the cost would always be 0.', fix: 'add the models the team uses to observability.prices, or budget dailyTokens instead.' });
    }
  });
  return o;
}

function checkTeams(teams: readonly TeamSpec[], issues: SpecIssue[]): ResolvedTeam[] {
  const seen = new Map<string, number>();
  teams.forEach((t, i) => {
    const first = seen.get(t.name);
    if (first !== undefined) {
      issues.push({ path: `teams[${i}].name`, rule: R.unique.id, message: `duplicate team "${t.name}" (also teams[${first}]).`, fix: 'give every team a unique name.' });
    } else seen.set(t.name, i);
    const secretNames = new Set<string>();
    t.secrets.forEach((s, j) => {
      if (secretNames.has(s.name)) issues.push({ path: `teams[${i}].secrets[${j}].name`, rule: R.unique.id, message: `duplicate secret "${s.name}".`, fix: 'declare each secret once.' });
      secretNames.add(s.name);
    });
    if (RESERVED_NAMESPACES.has(t.name) || RESERVED_PREFIXES.some((p) => t.name.startsWith(p))) {
      issues.push({ path: `teams[${i}].name`, rule: R.reservedNamespaces.id, message: `"${t.name}" is a platform or system namespace.`, fix: 'choose another team name.' });
    }
  });
  return teams.map((t) => ({
    ...t,
    admins: t.admins ?? [`${t.name}-admins`],
    viewers: t.viewers ?? [`${t.name}-viewers`],
  }));
}

function checkAgents(agents: readonly AgentSpec[], teamNames: ReadonlySet<string>, issues: SpecIssue[]): Omit<ResolvedAgent, 'image' | 'source' | 'tools'>[] {
  const byKey = new Map<string, number>();
  const byTeam = new Map<string, string[]>();
  agents.forEach((a, i) => {
    const key = `${a.team}/${a.name}`;
    const first = byKey.get(key);
    if (first !== undefined) {
      issues.push({ path: `agents[${i}].name`, rule: R.unique.id, message: `duplicate agent "${a.name}" in team "${a.team}" (also agents[${first}]).`, fix: 'give every agent of a team a unique name.' });
    } else {
      byKey.set(key, i);
      const names = byTeam.get(a.team);
      if (names) names.push(a.name);
      else byTeam.set(a.team, [a.name]);
    }
    if (!teamNames.has(a.team)) {
      const near = suggest(a.team, teamNames);
      issues.push({
        path: `agents[${i}].team`,
        rule: R.references.id,
        message: `unknown team "${a.team}".`,
        fix: near ? `did you mean "${near}"?` : `add a team named "${a.team}" to teams, or use one of: ${[...teamNames].join(', ') || '(no teams declared)'}.`,
      });
    }
    if (RESERVED_AGENT_NAMES.has(a.name)) {
      issues.push({ path: `agents[${i}].name`, rule: R.reservedNames.id, message: `"${a.name}" is the name of the team's waypoint proxy (its Service, Deployment and service account).`, fix: 'rename the agent.' });
    }
    const img = a.image === undefined ? undefined : parseImage(a.image);
    if (img && 'problem' in img) issues.push({ path: `agents[${i}].image`, rule: R.pinnedImages.id, message: img.problem, fix: img.fix });
    const ids = new Set<string>();
    a.skills.forEach((s, j) => {
      if (ids.has(s.id)) issues.push({ path: `agents[${i}].skills[${j}].id`, rule: R.unique.id, message: `duplicate skill id "${s.id}".`, fix: 'give every skill a unique id.' });
      ids.add(s.id);
    });
    const envNames = new Set(Object.keys(a.env));
    for (const name of envNames) {
      if (isOtelWiring(name, false)) {
        issues.push({ path: `agents[${i}].env.${name}`, rule: R.platformEnv.id, message: `${name} is wired by the platform from observability and agents[${i}].telemetry (checked against the collector's receivers).`, fix: `remove it; set agents[${i}].telemetry.protocol, .endpoint or .attributes instead.` });
      } else if (PLATFORM_ENV.has(name)) issues.push({ path: `agents[${i}].env.${name}`, rule: R.platformEnv.id, message: `${name} is wired by the platform.`, fix: 'remove it; the platform sets it.' });
      const why = credentialShape(name, a.env[name]!);
      if (why) {
        issues.push({
          path: `agents[${i}].env.${name}`,
          rule: R.secretsByReference.id,
          message: `${why}: a credential written as a value ends up in Git and in the output.`,
          fix: `move it to a Secret and reference it: secretEnv: [{ name: ${name}, secretName: <secret>, key: <key> }].`,
        });
      }
    }
    a.secretEnv.forEach((s, j) => {
      if (isOtelWiring(s.name, true)) {
        issues.push({ path: `agents[${i}].secretEnv[${j}].name`, rule: R.platformEnv.id, message: `${s.name} is OpenTelemetry wiring the platform owns (only OTEL_EXPORTER_OTLP_HEADERS may come from a Secret).`, fix: `remove it; set agents[${i}].telemetry instead.` });
      } else if (envNames.has(s.name) || PLATFORM_ENV.has(s.name)) {
        issues.push({ path: `agents[${i}].secretEnv[${j}].name`, rule: R.platformEnv.id, message: `${s.name} is also set by env or by the platform.`, fix: 'set each variable once.' });
      }
      envNames.add(s.name);
    });
  });

  const resolvedCalls: CallEdge[][] = agents.map((a, i) => {
    const out: CallEdge[] = [];
    const seen = new Set<string>();
    a.calls.forEach((call, j) => {
      const c = typeof call === 'string' ? call : call.agent;
      const l7 = typeof call === 'string' || (!call.methods && !call.paths) ? undefined : { methods: call.methods, paths: call.paths };
      const path = typeof call === 'string' ? `agents[${i}].calls[${j}]` : `agents[${i}].calls[${j}].agent`;
      const parts = c.split('/');
      const ref: AgentRef | undefined =
        parts.length === 1 ? { team: a.team, name: parts[0]! } : parts.length === 2 ? { team: parts[0]!, name: parts[1]! } : undefined;
      if (!ref) {
        issues.push({ path, rule: R.references.id, message: `"${c}" is not an agent reference.`, fix: 'write "name" for an agent of the same team or "team/name".' });
        return;
      }
      const key = `${ref.team}/${ref.name}`;
      if (!byKey.has(key)) {
        const near = suggest(ref.name, byTeam.get(ref.team) ?? []);
        issues.push({
          path,
          rule: R.references.id,
          message: `unknown agent "${c}" (no agent "${ref.name}" in team "${ref.team}").`,
          fix: near ? `did you mean "${ref.team === a.team ? near : `${ref.team}/${near}`}"?` : 'declare that agent in agents, or remove the call.',
        });
        return;
      }
      if (ref.team === a.team && ref.name === a.name) {
        issues.push({ path, rule: R.references.id, message: `agent "${a.name}" lists itself.`, fix: 'remove the self-call; an agent needs no permission to reach itself.' });
        return;
      }
      if (seen.has(key)) {
        issues.push({ path, rule: R.unique.id, message: `"${c}" is listed twice.`, fix: 'list each callee once.' });
        return;
      }
      seen.add(key);
      out.push(l7 ? { ...ref, l7 } : ref);
    });
    return out;
  });

  const callers = new Map<string, CallEdge[]>();
  agents.forEach((a, i) => {
    for (const c of resolvedCalls[i]!) {
      const k = `${c.team}/${c.name}`;
      const edge: CallEdge = c.l7 ? { team: a.team, name: a.name, l7: c.l7 } : { team: a.team, name: a.name };
      const list = callers.get(k);
      if (list) list.push(edge);
      else callers.set(k, [edge]);
    }
  });
  // Reverse edges in a canonical order, so reordering the spec's agents never churns output.
  const byRef = (x: AgentRef, y: AgentRef) => (x.team === y.team ? cmp(x.name, y.name) : cmp(x.team, y.team));
  return agents.map(({ telemetry: _, image: _i, source: _s, tools: _t, ...a }, i) => ({
    ...a,
    namespace: a.team,
    calls: resolvedCalls[i]!,
    callers: [...(callers.get(`${a.team}/${a.name}`) ?? [])].sort(byRef),
  }));
}

/**
 * L7 constraints need an L7 enforcement point. ztunnel and NetworkPolicies see L4 only and
 * would silently ignore methods and paths, so such edges are refused unless a waypoint can
 * carry them (mesh on and waypoints allowed).
 */
function checkL7(spec: ParsedSpec, meshOn: boolean, issues: SpecIssue[]): void {
  spec.agents.forEach((a, i) =>
    a.calls.forEach((c, j) => {
      if (typeof c === 'string' || (!c.methods && !c.paths)) return;
      if (!meshOn) {
        issues.push({
          path: `agents[${i}].calls[${j}]`,
          rule: R.l7NeedsWaypoint.id,
          message: 'methods/paths are L7 rules, but without the mesh only L4 NetworkPolicies enforce the call graph and they cannot see HTTP.',
          fix: 'set features.istio: true (a waypoint then enforces them), or drop methods and paths from this call.',
        });
      } else if (!spec.mesh.waypoints) {
        issues.push({
          path: `agents[${i}].calls[${j}]`,
          rule: R.l7NeedsWaypoint.id,
          message: 'methods/paths are L7 rules; ztunnel enforces L4 only and mesh.waypoints is false, so nothing would enforce them.',
          fix: 'set mesh.waypoints: true, or drop methods and paths from this call.',
        });
      }
    }),
  );
}

/** SPIRE settings: short-lived SVIDs, and a delivery the target can carry. */
function checkSpire(spec: ParsedSpec, target: TargetProfile, install: ResolvedInstall, issues: SpecIssue[]): ResolvedSpire {
  const s = spec.spire;
  const jwt = durationSeconds(s.jwtSvidTtl);
  const x509 = durationSeconds(s.x509SvidTtl);
  if (jwt < 60 || jwt > 3600) {
    issues.push({ path: 'spire.jwtSvidTtl', rule: R.shortLivedIdentity.id, message: `${s.jwtSvidTtl} is outside 1m..1h.`, fix: 'use minutes, e.g. "5m": agents fetch a fresh JWT-SVID for every token request.' });
  }
  if (x509 < 600 || x509 > 86400) {
    issues.push({ path: 'spire.x509SvidTtl', rule: R.shortLivedIdentity.id, message: `${s.x509SvidTtl} is outside 10m..24h.`, fix: 'use e.g. "1h"; the SPIRE agent rotates X.509-SVIDs at half their lifetime.' });
  }
  if (s.delivery === 'olm' && !target.olm) {
    issues.push({ path: 'spire.delivery', rule: R.spireDelivery.id, message: `target ${target.id} has no Operator Lifecycle Manager to install the Zero Trust Workload Identity Manager.`, fix: 'use spire.delivery: helm (or remove it: helm is the default here).' });
  }
  return { ...s, delivery: s.delivery ?? (target.olm ? 'olm' : 'helm'), trustDomain: install.spire.trustDomain ?? spec.domain };
}

/** Mesh-specific constraints: data-plane ports, and UI hosts the platform gateway can serve. */
function checkMesh(spec: ParsedSpec, meshOn: boolean, target: TargetProfile, issues: SpecIssue[]): void {
  if (!meshOn) return;
  spec.agents.forEach((a, i) => {
    if (MESH_PORTS.has(a.port)) issues.push({ path: `agents[${i}].port`, rule: R.meshPorts.id, message: `port ${a.port} is used by the mesh data plane inside the pod.`, fix: 'choose another port, e.g. 8080.' });
  });
  const host = spec.keycloak.hostname;
  if (!target.routes && host !== undefined && !isDirectSubdomain(host, spec.domain)) {
    issues.push({
      path: 'keycloak.hostname',
      rule: R.hostsUnderDomain.id,
      message: `"${host}" is not a name directly under ${spec.domain}, so the platform gateway (*.${spec.domain}) cannot serve it.`,
      fix: `use keycloak.${spec.domain} (or another <name>.${spec.domain}).`,
    });
  }
}

function isDirectSubdomain(host: string, domain: string): boolean {
  return host.endsWith(`.${domain}`) && !host.slice(0, -domain.length - 1).includes('.');
}

/**
 * Resources that admission would reject later, far from the cause: requests above limits,
 * limits above the team's LimitRange maximum, and agents whose replicas x limits exceed the
 * team's quota (their pods would never schedule).
 */
/** Teams that get a waypoint proxy: callees of an edge with L7 rules, on the mesh. */
function waypointTeams(spec: ParsedSpec, meshOn: boolean): Set<string> {
  const teams = new Set<string>();
  if (!meshOn || !spec.mesh.waypoints) return teams;
  for (const a of spec.agents) {
    for (const c of a.calls) {
      if (typeof c === 'string' || (!c.methods && !c.paths)) continue;
      const parts = c.agent.split('/');
      teams.add(parts.length === 2 ? parts[0]! : a.team);
    }
  }
  return teams;
}

function checkResources(teams: readonly TeamSpec[], agents: readonly AgentSpec[], withWaypoint: ReadonlySet<string>, issues: SpecIssue[]): void {
  const kinds = [
    ['cpu', formatCpu],
    ['memory', formatMemory],
  ] as const;
  const teamByName = new Map(teams.map((t, i) => [t.name, { t, i }]));
  teams.forEach((t, i) => {
    for (const [kind] of kinds) {
      const [req, def, max] = [t.limits.defaultRequest[kind], t.limits.default[kind], t.limits.max[kind]];
      if (parseQuantity(req) > parseQuantity(def)) {
        issues.push({ path: `teams[${i}].limits.defaultRequest.${kind}`, rule: R.resourcesFit.id, message: `default request ${req} is above the default limit ${def}; the API server rejects this LimitRange.`, fix: 'lower defaultRequest or raise default.' });
      }
      if (parseQuantity(def) > parseQuantity(max)) {
        issues.push({ path: `teams[${i}].limits.default.${kind}`, rule: R.resourcesFit.id, message: `default limit ${def} is above the maximum ${max}; the API server rejects this LimitRange.`, fix: 'lower default or raise max.' });
      }
    }
  });
  const used = new Map<string, { cpu: number; memory: number }>();
  const requested = new Map<string, { cpu: number; memory: number; pods: number }>();
  const services = new Map<string, number>();
  // The waypoint Istio deploys for L7 edges counts like an agent (one pod, one Service).
  const waypoints = [...withWaypoint].filter((t) => teamByName.has(t)).map((team) => ({ name: 'waypoint', team, replicas: 1, resources: PROXY_RESOURCES }) as unknown as AgentSpec);
  [...agents, ...waypoints].forEach((a, idx) => {
    const isWaypoint = idx >= agents.length;
    const i = idx;
    if (teamByName.has(a.team)) services.set(a.team, (services.get(a.team) ?? 0) + 1);
    const team = teamByName.get(a.team);
    for (const [kind] of kinds) {
      const req = parseQuantity(a.resources.requests[kind]);
      const lim = parseQuantity(a.resources.limits[kind]);
      if (req > lim && !isWaypoint) {
        issues.push({ path: `agents[${i}].resources.requests.${kind}`, rule: R.resourcesFit.id, message: `request ${a.resources.requests[kind]} is above the limit ${a.resources.limits[kind]}.`, fix: `lower the request or raise resources.limits.${kind}.` });
      }
      if (!team) continue;
      const max = parseQuantity(team.t.limits.max[kind]);
      if (lim > max) {
        issues.push(
          isWaypoint
            ? {
                path: `teams[${team.i}].limits.max.${kind}`,
                rule: R.resourcesFit.id,
                message: `the team's waypoint proxy (for its L7 edges) needs a ${kind} limit of ${a.resources.limits[kind]}, above the LimitRange maximum ${team.t.limits.max[kind]}.`,
                fix: `raise teams[${team.i}].limits.max.${kind} to at least ${a.resources.limits[kind]}.`,
              }
            : {
                path: `agents[${i}].resources.limits.${kind}`,
                rule: R.resourcesFit.id,
                message: `limit ${a.resources.limits[kind]} is above team "${a.team}"'s LimitRange maximum ${team.t.limits.max[kind]}, so admission would reject the pods.`,
                fix: `lower it, or raise teams[${team.i}].limits.max.${kind}.`,
              },
        );
      }
      const u = used.get(a.team) ?? { cpu: 0, memory: 0 };
      u[kind] += lim * a.replicas;
      used.set(a.team, u);
      const r = requested.get(a.team) ?? { cpu: 0, memory: 0, pods: 0 };
      r[kind] += req * a.replicas;
      requested.set(a.team, r);
    }
    const r = requested.get(a.team);
    if (r) r.pods += a.replicas;
  });
  for (const [name, r] of requested) {
    const { t, i } = teamByName.get(name)!;
    const u = used.get(name)!;
    // Quota on requests and on limits: replicas x per-pod amounts must fit.
    const phrase = { requests: (amount: string, kind: string) => `request ${amount} of ${kind}`, limits: (amount: string, kind: string) => `need ${amount} of ${kind} limits` };
    for (const [scope, sum] of [['requests', r], ['limits', u]] as const) {
      for (const [kind, fmt] of kinds) {
        if (sum[kind] > parseQuantity(t.quota[scope][kind])) {
          issues.push({
            path: `teams[${i}].quota.${scope}.${kind}`,
            rule: R.resourcesFit.id,
            message: `the team's agents ${phrase[scope](fmt(sum[kind]), kind)} (replicas x ${scope}) but the quota allows ${t.quota[scope][kind]}, so some pods would never start.`,
            fix: `raise teams[${i}].quota.${scope}.${kind} or lower the agents' replicas or ${scope}.`,
          });
        }
      }
    }
    if ((services.get(name) ?? 0) > t.quota.services) {
      issues.push({ path: `teams[${i}].quota.services`, rule: R.resourcesFit.id, message: `the team needs ${services.get(name)} Services (one per agent${withWaypoint.has(name) ? ', plus the waypoint' : ''}) but the quota allows ${t.quota.services}.`, fix: `raise teams[${i}].quota.services.` });
    }
    if (r.pods > t.quota.pods) {
      issues.push({ path: `teams[${i}].quota.pods`, rule: R.resourcesFit.id, message: `the team's agents${withWaypoint.has(name) ? ' and waypoint' : ''} run ${r.pods} pods but the quota allows ${t.quota.pods}.`, fix: `raise teams[${i}].quota.pods or lower replicas.` });
    }
  }
}

/** Turns schema violations into spec issues with a fix each. */
function zodIssues(error: z.ZodError): SpecIssue[] {
  return convertIssues(error.issues, []);
}

function convertIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const raw of issues) {
    const issue = { ...raw, path: [...prefix, ...raw.path] } as z.core.$ZodIssue;
    const path = pathString(issue.path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = allowedKeysAt(issue.path);
        for (const key of issue.keys) {
          const near = suggest(key, allowed);
          out.push({
            path: pathString([...issue.path, key]),
            rule: R.knownFields.id,
            message: 'unknown field.',
            fix: near ? `did you mean "${near}"?` : `remove it; allowed here: ${allowed.join(', ')}.`,
          });
        }
        break;
      }
      case 'invalid_type':
        out.push({
          path,
          rule: R.wellFormed.id,
          message: issue.input === undefined ? 'is required.' : `${issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)}` : issue.message} (got ${describe(issue.input)}).`,
          fix: issue.input === undefined ? `set ${path || 'it'}.` : `write ${article(issue.expected)} here.`,
        });
        break;
      case 'invalid_value':
        out.push(
          issue.input === undefined
            ? { path, rule: R.wellFormed.id, message: 'is required.', fix: `set ${path} to one of: ${issue.values.map(String).join(', ')}.` }
            : { path, rule: R.wellFormed.id, message: `${describe(issue.input)} is not allowed here.`, fix: `use one of: ${issue.values.map(String).join(', ')}.` },
        );
        break;
      case 'invalid_key': {
        // A record key that breaks its pattern (label keys): name the key and the rule it breaks.
        const key = issue.path[issue.path.length - 1];
        const inner = issue.issues[0]?.message;
        out.push({ path, rule: R.wellFormed.id, message: `key "${String(key)}" ${inner && !inner.startsWith('Invalid') ? inner : 'is not a valid key here'}.`, fix: 'rename the key.' });
        break;
      }
      case 'invalid_union': {
        // Report the branch the input was meant for (the one not failing on its type at the root).
        const branch = issue.errors.find((b) => !b.every((i) => i.code === 'invalid_type' && i.path.length === 0));
        if (branch) out.push(...convertIssues(branch, issue.path));
        else {
          const types = issue.errors.map((b) => (b[0]?.code === 'invalid_type' ? b[0].expected : 'value'));
          out.push({ path, rule: R.wellFormed.id, message: `must be ${types.map(article).join(' or ')} (got ${describe(issue.input)}).`, fix: `write ${types.map(article).join(' or ')} here.` });
        }
        break;
      }
      case 'too_small':
      case 'too_big':
        out.push({ path, rule: R.wellFormed.id, message: issue.message.replace(/^Too (small|big): expected (\w+) to have /, 'must have ') + '.', fix: 'adjust the value to the allowed range.' });
        break;
      default:
        out.push({ path, rule: /image$/.test(path) ? R.pinnedImages.id : R.wellFormed.id, message: `${issue.message}`.replace(/\.?$/, '.'), fix: fixFor(path) });
    }
  }
  return out;
}

function fixFor(path: string): string {
  if (/image$/.test(path)) return 'use registry/path:tag with an exact version.';
  if (/name$|team$/.test(path)) return 'use lower-case letters, digits and "-".';
  return 'correct the value as described.';
}

function article(expected: string): string {
  return expected === 'object' || expected === 'array' || expected === 'integer' ? `an ${expected}` : `a ${expected}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string "${v.length > 40 ? `${v.slice(0, 40)}...` : v}"`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

/** The keys the schema allows at a path, for typo suggestions. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let s: z.ZodType = PlatformSpecSchema;
  for (const p of path) {
    s = objectOption(unwrap(s));
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(p)] ?? s;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
  }
  s = objectOption(unwrap(s));
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** The object form of a union such as `install.<product>` (a mode, or an object): where keys live. */
function objectOption(s: z.ZodType): z.ZodType {
  if (!(s instanceof z.ZodUnion)) return s;
  return (s.options as readonly z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject) ?? s;
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur: z.ZodType = s;
  for (;;) {
    if (cur instanceof z.ZodOptional || cur instanceof z.ZodDefault || cur instanceof z.ZodPrefault) {
      cur = (cur as z.ZodOptional<z.ZodType>).unwrap() as z.ZodType;
    } else return cur;
  }
}
