import { BRAND } from '../brand';
import { COMPONENTS } from '../components';
import { componentStates, installOrder } from '../core/platform';
import { POD_SECURITY_EXCEPTIONS } from '../core/security';
import { PINS } from '../pins';
import { FEATURE_IDS } from '../spec/features';
import type { ResolvedSpec } from '../spec/resolve';
import { authBridgeFor } from '../tenancy/auth-bridge';
import { agentUrl } from '../tenancy/agent';
import { edgePolicy } from '../graph';

/** Everything `explain` reports, as data (also its `--json` form). */
export function explainData(spec: ResolvedSpec) {
  const { on, off } = componentStates(spec);
  const order = installOrder(on.map((c) => c.def));
  const portOf = new Map(spec.agents.map((a) => [`${a.team}/${a.name}`, a.port]));
  const byKey = new Map(spec.agents.map((a) => [`${a.team}/${a.name}`, a]));
  return {
    target: { id: spec.target.id, title: spec.target.title, olm: spec.target.olm, routes: spec.target.routes, assignsUids: spec.target.assignsUids, notes: spec.target.notes },
    profile: spec.profile,
    domain: spec.domain,
    trustDomain: spec.domain,
    names: BRAND,
    features: FEATURE_IDS.map((id) => ({
      feature: id,
      on: spec.features[id].on,
      reason: spec.features[id].reason,
      /** Components this toggle brings (on this target); empty when none has landed yet. */
      deliveredBy: COMPONENTS.filter((c) => c.toggles.includes(id)).map((c) => c.id),
    })),
    components: order.map(({ def, wave }) => ({
      id: def.id,
      wave,
      title: def.title,
      reason: on.find((c) => c.def === def)!.reason,
      dependsOn: def.dependsOn,
      delivery: def.delivery(spec.target),
      namespaces: def.namespaces(spec),
      pins: def.pins(spec.target).map((p) => ({ id: p, version: spec.versions[p], source: PINS[p].source, origin: PINS[p].origin })),
    })),
    off: off.map((s) => ({ id: s.def.id, reason: s.reason })),
    namespaces: order.flatMap(({ def }) =>
      def.namespaces(spec).map((ns) => ({ namespace: ns, component: def.id, podSecurity: POD_SECURITY_EXCEPTIONS[ns]?.level ?? 'restricted', ...(POD_SECURITY_EXCEPTIONS[ns] ? { why: POD_SECURITY_EXCEPTIONS[ns]!.why } : {}) })),
    ),
    agents: spec.agents.map((a) => ({
      agent: `${a.team}/${a.name}`,
      namespace: a.namespace,
      serviceAccount: a.name,
      spiffeId: `spiffe://${spec.domain}/ns/${a.namespace}/sa/${a.name}`,
      keycloakClientId: `spiffe://${spec.domain}/ns/${a.namespace}/sa/${a.name}`,
      url: agentUrl(a, a.port),
      calls: a.calls.map((c) => ({ url: agentUrl(c, portOf.get(`${c.team}/${c.name}`)!), enforcedBy: edgePolicy(spec, byKey.get(`${c.team}/${c.name}`)!, { team: a.team, name: a.name, ...(c.l7 ? { l7: c.l7 } : {}) }) })),
      calledBy: a.callers.map((c) => `${c.team}/${c.name}`),
      authBridge: authBridgeFor(spec.features),
    })),
    notes: spec.notes,
  };
}

export function renderExplain(d: ReturnType<typeof explainData>): string {
  const l: string[] = [];
  l.push(`target: ${d.target.title}`);
  for (const n of d.target.notes) l.push(`  ${n}`);
  l.push(`profile: ${d.profile}   domain: ${d.domain}   trust domain: ${d.trustDomain}`);
  l.push(`operator brand (from the pinned chart): ${d.names.brand} — namespace ${d.names.platformNamespace}, API group ${d.names.apiGroup}, realm ${d.names.realm}, roles ${Object.values(d.names.roles).join('/')}, webhook label ${d.names.webhookNamespaceLabel}=true`);
  l.push('', 'features:');
  for (const f of d.features) {
    const delivery = f.on ? (f.deliveredBy.length ? `by ${f.deliveredBy.join(', ')}` : 'not delivered by this release') : '';
    l.push(`  ${f.feature.padEnd(22)} ${f.on ? 'on ' : 'off'}  ${f.reason}${delivery ? `; ${delivery}` : ''}`);
  }
  l.push('', 'components (install order):');
  for (const c of d.components) {
    l.push(`  wave ${c.wave}  ${c.id}: ${c.title}`);
    l.push(`          why: ${c.reason}${c.dependsOn.length ? `; after ${c.dependsOn.join(', ')}` : ''}`);
    l.push(`          delivery: ${c.delivery}`);
    for (const p of c.pins) l.push(`          pin ${p.id} ${p.version}  (${p.source}; ${p.origin})`);
    if (c.namespaces.length) l.push(`          namespaces: ${c.namespaces.join(', ')}`);
  }
  for (const o of d.off) l.push(`  off     ${o.id}: ${o.reason}`);
  l.push('', 'namespaces (Pod Security):');
  for (const n of d.namespaces) l.push(`  ${n.namespace.padEnd(24)} ${n.podSecurity.padEnd(10)} ${n.component}${'why' in n ? `: ${n.why}` : ''}`);
  if (d.agents.length) {
    l.push('', 'agents:');
    for (const a of d.agents) {
      l.push(`  ${a.agent}  ${a.url}`);
      l.push(`          SPIFFE ID / Keycloak client id: ${a.spiffeId}`);
      l.push(`          AuthBridge: ${a.authBridge.authBridgeMode}${a.authBridge.egressEnforcement ? `, egressEnforcement ${a.authBridge.egressEnforcement}` : ''}`);
      for (const c of a.calls) l.push(`          may call ${c.url}  [${c.enforcedBy}]`);
      if (a.calledBy.length) l.push(`          called by: ${a.calledBy.join(', ')}`);
    }
  }
  if (d.notes.length) l.push('', ...d.notes.map((n) => `note: ${n}`));
  return l.join('\n');
}
