import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BRAND } from '../lib/brand';
import type { KubeObject } from '../lib/core/plan';
import { PINS } from '../lib/pins';
import { mayReach } from './support/authz';
import { agentPod, connects } from './support/netpol';
import { admitBySCCs, applyLimitRange, mutateByWebhook, podSecurityViolations, RESTRICTED_V2 } from './support/admission';
import { AGENTS_SPEC, IDENTITY_SPEC, MESH_SPEC, synth, TARGETS } from './support/synth';

type Obj = Record<string, any>;

/** Platforms with agents, mesh on and off, SPIRE on and off. */
const CASES = [
  { name: 'team-agents (mesh off, no SPIRE)', profile: 'minimal', spec: AGENTS_SPEC, mesh: false, spire: false },
  { name: 'identity (mesh off, SPIRE)', profile: 'minimal', spec: IDENTITY_SPEC, mesh: false, spire: true },
  { name: 'team-agents on full (mesh, SPIRE)', profile: 'full', spec: AGENTS_SPEC, mesh: true, spire: true },
  { name: 'mesh-agents (mesh, SPIRE, waypoint)', profile: 'full', spec: MESH_SPEC, mesh: true, spire: true },
] as const;

const SIDECAR_IMAGE = `${PINS.authbridge.source}/authbridge:${PINS.authbridge.version}`;
/** A namespace range as OpenShift allocates them. */
const NAMESPACE_RANGE = { min: 1000680000, max: 1000689999 };
const REPLICASET_CONTROLLER = { userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' } };

interface Output {
  objects: KubeObject[];
  find(kind: string, name: string, namespace?: string): Obj | undefined;
  operatorDefaults: Obj;
  teamPolicies: Obj[];
}

function output(profile: string, target: string, spec: unknown): Output {
  const objects = synth(profile, target, spec).files.flatMap((f) => f.objects);
  const find = (kind: string, name: string, namespace?: string) => objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace)) as Obj | undefined;
  const app = objects.find((o) => o.kind === 'Application' && String((o.spec as Obj).source.repoURL).endsWith('/operator-chart')) as Obj;
  const bound = new Set(objects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding').map((b) => (b.spec as Obj).policyName));
  return { objects, find, operatorDefaults: app.spec.source.helm.valuesObject.defaults, teamPolicies: objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy' && bound.has(o.metadata.name) && (o.spec as Obj).matchConstraints.resourceRules.some((r: Obj) => r.resources.includes('pods'))) as Obj[] };
}

/** The admission chain of one agent pod in its namespace: webhook, LimitRange, SCC (targets with SCCs), Pod Security, our policies. */
function admit(out: Output, target: string, deployment: Obj, runtimeConfig = true) {
  const ns = deployment.metadata.namespace as string;
  const namespace = out.find('Namespace', ns)!;
  const cm = out.find('ConfigMap', 'authbridge-runtime-config', ns);
  const m = mutateByWebhook({
    template: deployment.spec.template,
    namespaceLabels: namespace.metadata.labels,
    ...(runtimeConfig && cm ? { runtimeConfig: cm.data['config.yaml'] } : {}),
    defaults: out.operatorDefaults as never,
    brand: BRAND.brand,
  });
  let pod = applyLimitRange(m.pod, out.find('LimitRange', 'team-limits', ns)!);
  const refusals: string[] = [];
  if (target !== 'kind') {
    const sa = pod.spec.serviceAccountName;
    const granted = out.objects.some((o) => o.kind === 'RoleBinding' && o.metadata.namespace === ns && (o as Obj).roleRef.name === 'agentplane:scc:agentplane-agents' && (o as Obj).subjects.some((s: Obj) => s.kind === 'ServiceAccount' && s.name === sa));
    const scc = granted ? [RESTRICTED_V2, out.find('SecurityContextConstraints', 'agentplane-agents')!] : [RESTRICTED_V2];
    const r = admitBySCCs(pod, scc, NAMESPACE_RANGE);
    if (r.scc === undefined) refusals.push(`SCC: ${r.refusals.join('; ')}`);
    pod = r.pod;
  }
  const level = namespace.metadata.labels['pod-security.kubernetes.io/enforce'];
  refusals.push(...podSecurityViolations(pod, level).map((v) => `Pod Security ${level}: ${v}`));
  for (const p of out.teamPolicies) {
    for (const v of p.spec.validations) if (evaluate(v.expression, { object: pod, request: REPLICASET_CONTROLLER }) !== true) refusals.push(`${p.metadata.name}: ${v.message}`);
  }
  return { mutation: m, pod, level, refusals };
}

describe.each(TARGETS)('%s: agent pods under the pinned operator', (target) => {
  describe.each(CASES)('$name', ({ profile, spec, mesh, spire }) => {
    const out = output(profile, target, spec);
    const deployments = out.objects.filter((o) => o.kind === 'Deployment' && (o.metadata.labels ?? {})['app.kubernetes.io/component'] === 'agent') as Obj[];

    it('gives every team namespace the runtime configuration the webhook reads: proxy-sidecar, no egress redirect, the token pipeline', () => {
      const teams = out.objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.[`${BRAND.brand}-enabled`] === 'true');
      expect(teams.length).toBeGreaterThan(0);
      for (const ns of teams) {
        const cfg = parse(out.find('ConfigMap', 'authbridge-runtime-config', ns.metadata.name)!.data['config.yaml']);
        expect(cfg).toMatchObject({ mode: 'proxy-sidecar', egressEnforcement: 'none', mtls: { mode: mesh || !spire ? 'disabled' : 'permissive' } });
        expect(cfg.pipeline.inbound.plugins.map((p: Obj) => p.name)).toEqual(['jwt-validation']);
        expect(cfg.pipeline.outbound.plugins.map((p: Obj) => p.name)).toEqual(['token-exchange']);
        expect(cfg.pipeline.inbound.plugins[0].config.issuer).toMatch(/\/realms\/rossoctl$/);
        expect('spiffe' in cfg).toBe(spire);
        expect(cfg.pipeline.outbound.plugins[0].config.identity.type).toBe(spire ? 'spiffe' : 'client-secret');
        expect(out.find('ConfigMap', 'spiffe-helper-config', ns.metadata.name) !== undefined).toBe(spire);
        const seeded = out.find('ConfigMap', 'authbridge-config', ns.metadata.name)!.data;
        expect(seeded).toMatchObject({ CLIENT_AUTH_TYPE: spire ? 'federated-jwt' : 'client-secret', KEYCLOAK_URL: 'http://keycloak-service.keycloak.svc:8080' });
        // The operator attaches every agent's audience scope to PLATFORM_CLIENT_IDS as a default scope: never the UI.
        expect(seeded.PLATFORM_CLIENT_IDS).toBeUndefined();
      }
    });

    it('pins the sidecar images and allows no egress redirect cluster-wide', () => {
      expect(out.operatorDefaults.images.authbridge).toBe(SIDECAR_IMAGE);
      expect(Object.values(out.operatorDefaults.images).every((i) => String(i).endsWith(`:${PINS.authbridge.version}`))).toBe(true);
      expect(out.operatorDefaults.proxy.allowedEgressEnforcement).toEqual(['none']);
    });

    it('every agent pod, as the webhook mutates it, gets the sidecar, no proxy-init, and is admitted', () => {
      expect(deployments.length).toBeGreaterThan(0);
      for (const d of deployments) {
        const r = admit(out, target, d);
        expect(r.mutation, d.metadata.name).toMatchObject({ mode: 'proxy-sidecar', egress: 'none', spire });
        expect(r.pod.spec.containers.map((c: Obj) => c.name)).toContain('authbridge-proxy');
        expect((r.pod.spec.initContainers ?? []).map((c: Obj) => c.name)).not.toContain('proxy-init');
        expect(r.refusals, `${d.metadata.namespace}/${d.metadata.name}`).toEqual([]);
        // Never below baseline; restricted wherever an SCC adds what the sidecar lacks.
        expect(r.level).toBe(target === 'kind' ? 'baseline' : 'restricted');
      }
    });

    it('without the namespace ConfigMap the webhook falls back to its defaults, and the pod would be refused', () => {
      const r = admit(out, target, deployments[0]!, false);
      expect(r.mutation.mode).toBe('proxy-sidecar');
      // The chart's allow-list still overrides the default enforce-redirect: no proxy-init.
      expect(r.mutation.egress).toBe('none');
      const unguarded = admit({ ...out, operatorDefaults: { ...out.operatorDefaults, proxy: {} } }, target, deployments[0]!, false);
      expect(unguarded.mutation.egress).toBe('enforce-redirect');
      expect(unguarded.refusals.length).toBeGreaterThan(0);
    });
  });
});

describe('the pod-security policy holds every container but the pinned sidecar to restricted', () => {
  const out = output('minimal', 'kind', AGENTS_SPEC);
  const d = out.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'coordinator') as Obj;
  const ok = admit(out, 'kind', d);
  const refusalsOf = (mutate: (pod: Obj) => void) => {
    const pod = structuredClone(ok.pod);
    mutate(pod);
    const policy = out.teamPolicies.find((p) => p.metadata.name === 'agentplane-pod-security')!;
    return policy.spec.validations.filter((v: Obj) => evaluate(v.expression, { object: pod, request: REPLICASET_CONTROLLER }) !== true).map((v: Obj) => v.message.slice(0, 5));
  };
  it('admits the mutated pod', () => expect(refusalsOf(() => {})).toEqual([]));
  it('refuses the sidecar exemption to a container that only borrows its name', () =>
    expect(refusalsOf((p) => (p.spec.containers.find((c: Obj) => c.name === 'authbridge-proxy').image = 'ghcr.io/evil/proxy:1.0.0'))).toEqual(['AP212', 'AP216']));
  it('refuses an agent container keeping its capabilities', () => expect(refusalsOf((p) => (p.spec.containers[0].securityContext.capabilities = { add: ['NET_RAW'] }))).toEqual(['AP212']));
  it('refuses proxy-init (root, NET_ADMIN)', () =>
    expect(refusalsOf((p) => (p.spec.initContainers = [{ name: 'proxy-init', image: `${PINS.authbridge.source}/proxy-init:${PINS.authbridge.version}`, securityContext: { runAsUser: 0, capabilities: { add: ['NET_ADMIN'] } } }]))).toEqual(['AP212', 'AP215', 'AP216']));
  it('refuses a hostPath-free but non-restricted volume type', () => expect(refusalsOf((p) => p.spec.volumes.push({ name: 'n', nfs: { server: 'x', path: '/' } }))).toEqual(['AP214']));
  it('refuses an unconfined container', () => expect(refusalsOf((p) => (p.spec.containers[0].securityContext.seccompProfile = { type: 'Unconfined' }))).toEqual(['AP213']));
  it('always denies, whatever guardrails.admission says', () => {
    const warn = output('minimal', 'kind', { ...AGENTS_SPEC, guardrails: { admission: 'Warn' } });
    const binding = warn.objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.metadata.name === 'agentplane-pod-security') as Obj;
    expect(binding.spec.validationActions).toEqual(['Deny']);
  });
});

/**
 * Admission matrix of the pinned sidecar shapes: mode × egress × namespace level, on a plain
 * agent pod; kind (Pod Security only) and OpenShift (SCC mutation first).
 */
describe('admission matrix (mode × egress × level × target)', () => {
  const out = output('minimal', 'kind', AGENTS_SPEC);
  const d = out.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'coordinator') as Obj;
  const ocp = output('minimal', 'openshift', AGENTS_SPEC);
  const od = ocp.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'coordinator') as Obj;
  const admitted = (target: 'kind' | 'openshift', mode: string, egress: string, level: 'restricted' | 'baseline' | 'privileged') => {
    const o = target === 'kind' ? out : ocp;
    const dep = target === 'kind' ? d : od;
    const m = mutateByWebhook({ template: dep.spec.template, namespaceLabels: o.find('Namespace', 'team1')!.metadata.labels, runtimeConfig: `mode: ${mode}\negressEnforcement: ${egress}\nmtls: { mode: disabled }\n`, defaults: { images: o.operatorDefaults.images }, brand: BRAND.brand });
    let pod = m.pod;
    if (target === 'openshift') {
      const r = admitBySCCs(pod, [RESTRICTED_V2, o.find('SecurityContextConstraints', 'agentplane-agents')!], NAMESPACE_RANGE);
      if (r.scc === undefined) return false;
      pod = r.pod;
    }
    return podSecurityViolations(pod, level).length === 0;
  };
  const EXPECTED: [string, string, string, boolean, boolean][] = [
    // mode, egress, level, kind admits, openshift (agentplane-agents SCC) admits
    ['proxy-sidecar', 'none', 'restricted', false, true],
    ['proxy-sidecar', 'none', 'baseline', true, true],
    ['proxy-sidecar', 'enforce-redirect', 'baseline', false, false],
    ['proxy-sidecar', 'enforce-redirect', 'privileged', true, false],
    ['lite', 'none', 'baseline', true, true],
    ['envoy-sidecar', 'none', 'baseline', false, false],
    ['waypoint', 'none', 'restricted', true, true],
  ];
  it.each(EXPECTED)('%s / %s / %s: kind %s, openshift %s', (mode, egress, level, kind, openshift) => {
    expect(admitted('kind', mode, egress, level as never)).toBe(kind);
    expect(admitted('openshift', mode, egress, level as never)).toBe(openshift);
  });
});

/**
 * The request path of the sample system (examples/team-agents.yaml: coordinator → worker,
 * coordinator → team2/critic): per hop, who exchanges the token and for which audience (the
 * caller's sidecar, from its namespace's routes), who validates it (the callee's sidecar: issuer =
 * the realm, audience = its own client id, the file the operator writes), and which policy admits
 * the hop at L4 — and refuses a caller the call graph does not list.
 */
describe.each([
  { mesh: false, profile: 'minimal' },
  { mesh: true, profile: 'full' },
])('request path, mesh $mesh', ({ mesh, profile }) => {
  const out = output(profile, 'kind', AGENTS_SPEC);
  const td = 'localtest.me';
  const routesOf = (ns: string) => (parse(out.find('ConfigMap', 'authbridge-runtime-config', ns)!.data['config.yaml']).pipeline.outbound.plugins[0].config.routes?.rules ?? []) as { host: string; target_audience: string }[];
  const inboundOf = (ns: string) => parse(out.find('ConfigMap', 'authbridge-runtime-config', ns)!.data['config.yaml']).pipeline.inbound.plugins[0].config;
  const l4 = (from: [string, string], to: [string, string], port: number) =>
    mesh
      ? mayReach(out.objects, { from: { namespace: from[0], serviceAccount: from[1] }, to: { namespace: to[0], agent: to[1] }, port })
      : connects(out.objects, agentPod(out.objects, from[0], from[1]), agentPod(out.objects, to[0], to[1]), port);
  const HOPS = [
    { from: ['team1', 'coordinator'], to: ['team1', 'worker'], port: 8080 },
    { from: ['team1', 'coordinator'], to: ['team2', 'critic'], port: 9000 },
  ] as const;
  it.each(HOPS)('$from.1 → $to.1: exchanged by the caller for the callee only, validated by the callee, admitted', ({ from, to, port }) => {
    const route = routesOf(from[0]).find((r) => r.host === `${to[1]}.${to[0]}.svc.cluster.local`);
    expect(route?.target_audience).toBe(`spiffe://${td}/ns/${to[0]}/sa/${to[1]}`);
    const inbound = inboundOf(to[0]);
    expect(inbound.issuer).toBe(`https://keycloak.${td}/realms/${BRAND.realm}`);
    // No static audience: the plugin reads the callee's own client id (/shared/client-id.txt).
    expect(inbound.audience ?? inbound.allowed_audiences).toBeUndefined();
    expect(l4([...from], [...to], port)).toBe(true);
  });
  it('refuses callers the call graph does not list (L4), and has no route for them to exchange', () => {
    expect(l4(['team1', 'worker'], ['team2', 'critic'], 9000)).toBe(false);
    expect(l4(['team2', 'critic'], ['team1', 'coordinator'], 8080)).toBe(false);
    expect(routesOf('team2')).toEqual([]);
  });
});
