import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/core/plan';
import { composeSpec } from '../lib/spec/compose';
import { explainData } from '../lib/cli/explain';
import { INSTALL_IDS } from '../lib/spec/install-ids';
import { SpecError } from '../lib/spec/issues';
import { connects, agentPod, type Pod } from './support/netpol';
import { example, synth } from './support/synth';

type Obj = KubeObject & Record<string, any>;
const objects = (profile: string, target: string, spec?: unknown): Obj[] => synth(profile, target, spec).files.flatMap((f) => f.objects) as Obj[];
const components = (profile: string, target: string, spec?: unknown) => synth(profile, target, spec).platform;

function issues(s: Record<string, unknown>): { rule?: string; path: string; message: string; fix: string }[] {
  try {
    composeSpec({ spec: s });
  } catch (e) {
    if (e instanceof SpecError) return e.issues as never;
    throw e;
  }
  return [];
}

const BYO = example('bring-your-own.yaml') as Record<string, unknown>;
const agents = [
  { name: 'a', team: 'team1', image: 'ghcr.io/example/a:1.0.0', calls: ['b'] },
  { name: 'b', team: 'team1', image: 'ghcr.io/example/b:1.0.0' },
];
const teams = [{ name: 'team1' }];
/** Argo CD Applications and OLM Subscriptions: how upstream software is installed. */
const installs = (objs: Obj[]) =>
  objs.flatMap((o) => (o.kind === 'Application' && o.spec?.source?.chart ? [`chart:${o.spec.source.chart}`] : o.kind === 'Subscription' ? [`olm:${o.spec.name}`] : o.kind === 'Application' && o.spec?.source?.path && o.spec.source.repoURL !== undefined && /github\.com|upstream\//.test(`${o.spec.source.repoURL}/${o.spec.source.path}`) ? [`manifests:${o.metadata.name}`] : []));

describe('install modes: defaults', () => {
  it('are managed where something needs the product, off elsewhere, and the cluster\'s own where the target has it', () => {
    const kindFull = composeSpec({ profile: 'full', target: 'kind' }).install;
    for (const id of INSTALL_IDS) expect(kindFull[id].mode, id).toBe('managed');
    const ocp = composeSpec({ profile: 'full', target: 'openshift' }).install;
    expect(ocp.gatewayApi).toMatchObject({ mode: 'external', reason: 'target openshift' });
    expect(ocp.prometheus).toMatchObject({ mode: 'external', url: 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091' });
    expect(ocp.istio.mode).toBe('managed');
    const minimal = composeSpec({ profile: 'minimal', target: 'kind' }).install;
    expect(minimal.keycloak.mode).toBe('managed');
    expect(minimal.certManager.mode).toBe('managed');
    for (const id of ['istio', 'spire', 'otelCollector', 'tekton', 'shipwright', 'prometheus', 'gatewayApi'] as const) expect(minimal[id], id).toMatchObject({ mode: 'off', reason: 'not needed' });
  });

  it('keep the Gateway API CRDs out of OpenShift output and in kind output', () => {
    expect(components('full', 'openshift').external.map((c) => c.def.id)).toEqual(['gateway-api']);
    expect(components('full', 'kind').components.map((c) => c.def.id)).toContain('gateway-api');
  });

  it('let users override the target: managed Gateway API CRDs on OpenShift (before 4.19), with a note', () => {
    const spec = composeSpec({ profile: 'full', target: 'openshift', spec: { install: { gatewayApi: 'managed' } } });
    expect(spec.notes.some((n) => /install\.gatewayApi: managed on openshift/.test(n))).toBe(true);
    expect(components('full', 'openshift', { install: { gatewayApi: 'managed' } }).components.map((c) => c.def.id)).toContain('gateway-api');
    // and external CRDs on kind
    const kind = components('full', 'kind', { install: { gatewayApi: 'external' } });
    expect(kind.external.map((c) => c.def.id)).toEqual(['gateway-api']);
  });
});

describe('install modes: external products are not installed and are wired to', () => {
  const byo = objects('full', 'kind', BYO);
  const managed = objects('full', 'kind', { ...BYO, install: {} });

  it('installs none of the external products', () => {
    const before = installs(managed);
    const after = installs(byo);
    for (const chart of ['chart:cert-manager', 'chart:spire', 'chart:spire-crds', 'chart:istiod', 'chart:base', 'chart:cni', 'chart:ztunnel']) {
      expect(before, chart).toContain(chart);
      expect(after, chart).not.toContain(chart);
    }
    const namespaces = byo.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name);
    for (const ns of ['cert-manager', 'istio-system', 'istio-cni', 'istio-ztunnel', 'spire-server', 'spire-system', 'keycloak', 'observability']) expect(namespaces, ns).not.toContain(ns);
    expect(byo.some((o) => o.kind === 'Keycloak' || o.kind === 'StatefulSet' && o.metadata.namespace === 'sso')).toBe(false);
    expect(byo.some((o) => o.metadata.namespace === 'observability')).toBe(false);
    expect(byo.some((o) => o.metadata.name === 'tekton-pipelines' || o.metadata.name === 'shipwright-build')).toBe(false);
  });

  it('keeps what is the platform\'s own: the platform CA in the external cert-manager namespace, realm imports, SPIFFE IDs, build strategies', () => {
    const root = byo.find((o) => o.kind === 'Certificate' && o.metadata.name === 'agentplane-ca');
    expect(root?.metadata.namespace).toBe('cert-manager');
    const custom = objects('full', 'kind', { ...BYO, install: { ...(BYO.install as object), certManager: { mode: 'external', namespace: 'certs' } } });
    expect(custom.find((o) => o.kind === 'Certificate' && o.metadata.name === 'agentplane-ca')?.metadata.namespace).toBe('certs');

    const realms = byo.filter((o) => o.kind === 'KeycloakRealmImport');
    expect(realms.length).toBeGreaterThan(0);
    for (const r of realms) expect(r).toMatchObject({ metadata: { namespace: 'sso' }, spec: { keycloakCRName: 'sso' } });

    const ids = byo.filter((o) => o.kind === 'ClusterSPIFFEID');
    expect(ids.map((o) => o.metadata.name).sort()).toEqual(['agentplane-team-team1', 'agentplane-team-team2']);
    for (const id of ids) expect(id.spec.className).toBe('spire-mgmt-spire');

    expect(byo.filter((o) => o.kind === 'ClusterBuildStrategy').length).toBeGreaterThan(0);
  });

  it('wires agents to the external Keycloak and collector, and lets them through their default-deny policies', () => {
    const deploy = byo.find((o) => o.kind === 'Deployment' && o.metadata.name === 'assistant')!;
    const env = Object.fromEntries(deploy.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(env.OIDC_TOKEN_URL).toMatch(/^http:\/\/sso-service\.sso\.svc:8080\/realms\//);
    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-gateway.monitoring.svc.cluster.local:4317');
    const src = agentPod(byo, 'team1', 'assistant');
    const collector: Pod = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'otel-gateway' } };
    const keycloak: Pod = { namespace: 'sso', labels: { app: 'keycloak' } };
    expect(connects(byo, src, collector, 4317)).toBe(true);
    expect(connects(byo, src, { namespace: 'monitoring', labels: { app: 'something-else' } }, 4317)).toBe(false);
    expect(connects(byo, src, keycloak, 8080)).toBe(true);
    expect(connects(byo, src, { namespace: 'keycloak', labels: { app: 'keycloak' } }, 8080)).toBe(false);
  });

  it('uses the external mesh\'s namespace and trust domain in policies and guardrails', () => {
    const spec = { ...BYO, agents, teams, features: { ...(BYO.features as object), kiali: false }, install: { ...(BYO.install as object), istio: { mode: 'external', namespace: 'mesh', trustDomain: 'corp.example' } } };
    const objs = objects('full', 'kind', spec);
    const principals = objs.filter((o) => o.kind === 'AuthorizationPolicy').flatMap((o) => (o.spec.rules ?? []).flatMap((r: any) => (r.from ?? []).flatMap((f: any) => f.source?.principals ?? [])));
    expect(principals.length).toBeGreaterThan(0);
    for (const p of principals) expect(p).toMatch(/^corp\.example\/ns\//);
    const explained = explainData(composeSpec({ profile: 'full', target: 'kind', spec }));
    expect(explained.agents[0]!.calls[0]!.enforcedBy).toBe('ztunnel (L4, mTLS): corp.example/ns/team1/sa/a -> port 8080');
    const vap = objs.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === 'agentplane-waypoint-workloads')!;
    expect(JSON.stringify(vap)).toContain('system:serviceaccount:mesh:istiod');
    expect(JSON.stringify(vap)).not.toContain('system:serviceaccount:istio-system:istiod');
  });

  it('points Keycloak\'s SPIFFE identity provider at the external SPIRE bundle', () => {
    const realm = byo.find((o) => o.kind === 'KeycloakRealmImport')!;
    expect(JSON.stringify(realm)).toContain('http://spire-spiffe-oidc-discovery-provider.spire-mgmt.svc.cluster.local/keys');
  });

  it('orders nothing after an external component and needs no provider for its API groups', () => {
    const spec = composeSpec({ profile: 'full', target: 'kind', spec: BYO });
    for (const g of ['cert-manager.io', 'security.istio.io', 'spire.spiffe.io', 'k8s.keycloak.org', 'shipwright.io', 'tekton.dev', 'gateway.networking.k8s.io']) expect(spec.externalApiGroups).toContain(g);
    const p = synth('full', 'kind', BYO);
    const ids = p.plan.components.map((c) => c.id);
    for (const id of ['cert-manager', 'istio', 'otel', 'tekton', 'gateway-api']) expect(ids).not.toContain(id);
    // platform-ca depended on cert-manager only: with cert-manager external it starts at once.
    expect(p.platform.components.find((c) => c.def.id === 'platform-ca')!.wave).toBe(0);
  });

  it('synthesizes external products on every target', () => {
    for (const target of ['kind', 'microshift', 'openshift']) {
      const p = synth('full', target, { ...BYO, target });
      expect(p.platform.external.map((c) => c.def.id).sort(), target).toEqual(['cert-manager', 'gateway-api', 'istio', 'otel', 'tekton']);
    }
  });
});

describe('install modes: errors name the field and the fix', () => {
  it('refuses a needed product that is off', () => {
    const i = issues({ profile: 'full', install: { istio: 'off' } });
    expect(i).toContainEqual(expect.objectContaining({ rule: 'AP124', path: 'install.istio', message: 'is off, but features.istio needs it.' }));
    expect(issues({ install: { keycloak: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.keycloak', fix: expect.stringMatching(/external/) }));
    expect(issues({ install: { certManager: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.certManager' }));
    expect(issues({ profile: 'full', install: { tekton: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.tekton', message: expect.stringMatching(/Tekton TaskRuns/) }));
    expect(issues({ profile: 'full', install: { gatewayApi: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.gatewayApi' }));
    // off where nothing needs it is fine
    expect(issues({ install: { istio: 'off', spire: 'off' } })).toEqual([]);
  });

  it('turns the component off when the product is off and nothing needs it', () => {
    const p = components('minimal', 'kind', { install: { spire: 'off' } });
    expect(p.components.map((c) => c.def.id)).not.toContain('spire');
  });

  it('refuses external settings on a product the platform installs', () => {
    expect(issues({ profile: 'full', install: { istio: { mode: 'managed', namespace: 'mesh' } } })).toContainEqual(
      expect.objectContaining({ path: 'install.istio', message: 'namespace describes an external install, but the mode is managed.' }),
    );
  });

  it('rejects unknown modes and products with the JSON Schema\'s wording', () => {
    expect(issues({ install: { istio: 'byo' } })[0]).toMatchObject({ path: 'install.istio' });
    expect(issues({ install: { istoi: 'external' } })[0]).toMatchObject({ path: 'install.istoi', fix: 'did you mean "istio"?' });
  });

  it('refuses combinations the platform cannot wire', () => {
    expect(issues({ profile: 'full', target: 'openshift', install: { prometheus: 'managed' } })).toContainEqual(expect.objectContaining({ path: 'install.prometheus', fix: expect.stringMatching(/external/) }));
    expect(issues({ profile: 'full', target: 'kind', install: { prometheus: 'external' } })).toEqual([expect.objectContaining({ rule: 'AP124', path: 'install.prometheus.url', fix: expect.stringMatching(/install\.prometheus\.url/) })]);
    expect(issues({ profile: 'full', target: 'kind', install: { prometheus: { mode: 'external', url: 'http://prometheus.monitoring.svc:9090' } } })).toEqual([]);
    expect(issues({ profile: 'full', install: { otelCollector: 'external' } })).toContainEqual(expect.objectContaining({ path: 'install.otelCollector', message: expect.stringMatching(/Phoenix/) }));
    const budget = issues({ profile: 'full', features: { observability: { phoenix: false } }, observability: { prometheusOperator: true }, install: { otelCollector: 'external' }, teams: [{ name: 'team1', budget: { dailyTokens: 1000 } }] });
    expect(budget).toContainEqual(expect.objectContaining({ rule: 'AP120', path: 'teams[0].budget', message: expect.stringMatching(/install\.otelCollector is external/) }));
  });

  it('refuses auto-instrumentation where the operator comes only with the managed collector', () => {
    const agent = { name: 'a', team: 'team1', image: 'ghcr.io/example/a:1.0.0', telemetry: { autoInstrument: 'python' } };
    const spec = { target: 'openshift', features: { observability: { otel: true } }, teams, agents: [agent] };
    expect(issues(spec)).toEqual([]);
    expect(issues({ ...spec, install: { otelCollector: 'external' } })).toContainEqual(expect.objectContaining({ rule: 'AP125', path: 'agents[0].telemetry.autoInstrument' }));
    expect(issues({ ...spec, target: 'kind', install: { otelCollector: 'external' } })).toEqual([]);
  });

  it('keeps teams out of the namespaces of external products, and the sample Prometheus in istio-system', () => {
    expect(issues({ profile: 'full', features: { observability: { phoenix: false } }, install: { otelCollector: { mode: 'external', namespace: 'monitoring' } }, teams: [{ name: 'monitoring' }] })).toContainEqual(
      expect.objectContaining({ rule: 'AP110', path: 'teams[0].name', message: '"monitoring" is the namespace of the external otelCollector (install.otelCollector).' }),
    );
    expect(issues({ profile: 'full', install: { istio: { mode: 'external', namespace: 'mesh' } } })).toContainEqual(expect.objectContaining({ path: 'install.prometheus', message: expect.stringMatching(/sample Prometheus.*istio-system/) }));
    expect(issues({ profile: 'full', features: { kiali: false }, install: { istio: { mode: 'external', namespace: 'mesh' } } })).toEqual([]);
    // Kiali itself follows the external mesh: from its chart on kind, as the Kiali resource on OpenShift.
    const kind = synth('full', 'kind', { install: { istio: { mode: 'external', namespace: 'mesh' }, prometheus: { mode: 'external', url: 'http://prometheus.monitoring.svc:9090' } } });
    expect(kind.plan.units.find((u) => u.type === 'helm' && u.release.props.chart === 'kiali-server')).toMatchObject({ release: { props: { namespace: 'mesh' } } });
    const ocp = objects('full', 'openshift', { install: { istio: { mode: 'external', namespace: 'mesh' } } });
    expect(ocp.find((o) => o.kind === 'Kiali')).toMatchObject({ metadata: { namespace: 'mesh' }, spec: { istio_namespace: 'mesh' } });
  });

  it('names an external SPIRE\'s own trust domain in every identity the platform derives', () => {
    const spec = { ...BYO, agents, teams, install: { ...(BYO.install as object), spire: { mode: 'external', trustDomain: 'corp.example', className: 'spire' } } };
    const objs = objects('full', 'kind', spec);
    const env = Object.fromEntries(objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'a')!.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
    expect(env.SPIFFE_ID).toBe('spiffe://corp.example/ns/team1/sa/a');
    expect(env.OIDC_CLIENT_ID).toBe('spiffe://corp.example/ns/team1/sa/a');
    expect(objs.find((o) => o.kind === 'AgentCard' && o.metadata.name === 'a')!.spec.identityBinding.trustDomain).toBe('corp.example');
    expect(objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'spiffe-helper-config' && o.metadata.namespace === 'team1')).toBeDefined();
    expect(JSON.stringify(objs)).not.toContain('spiffe://localtest.me/');
  });

  it('refuses an external product in a namespace a managed component creates', () => {
    const i = issues({ profile: 'full', install: { keycloak: { mode: 'external', namespace: 'observability' } } });
    expect(i).toEqual([]); // the spec alone is fine: the collision is found when components are known
    expect(() => synth('full', 'kind', { install: { keycloak: { mode: 'external', namespace: 'observability' } } })).toThrow(
      /install\.keycloak\.namespace: "observability" is a namespace the platform creates for component otel/,
    );
    expect(() => synth('minimal', 'kind', { install: { certManager: { mode: 'external', namespace: 'rossoctl-system' } } })).toThrow(/component agent-operator/);
    expect(() => synth('minimal', 'kind', { install: { keycloak: { mode: 'external', namespace: 'keycloak' } } })).not.toThrow();
    // Namespaces an upstream release creates count too (Tekton's release makes tekton-pipelines).
    const tekton = { features: { observability: { phoenix: false } }, install: { otelCollector: { mode: 'external', namespace: 'tekton-pipelines' } } };
    expect(() => synth('full', 'kind', tekton)).toThrow(/install\.otelCollector\.namespace: "tekton-pipelines" is a namespace the platform creates for component tekton/);
    // A component that uses the product may install beside it (Kiali beside an external istiod).
    expect(() => synth('full', 'kind', { install: { istio: { mode: 'external', namespace: 'istio-system' } } })).not.toThrow();
  });

  it('reports malformed entries at their field', () => {
    expect(issues({ install: { istio: { namespace: 'mesh' } } })).toEqual([expect.objectContaining({ path: 'install.istio.mode', message: 'is required.' })]);
    expect(issues({ install: { istio: { mode: 'externel' } } })).toEqual([expect.objectContaining({ path: 'install.istio.mode', fix: 'use one of: managed, external, off.' })]);
    expect(issues({ install: { istio: { mode: 'external', nmspace: 'mesh' } } })).toEqual([expect.objectContaining({ path: 'install.istio.nmspace', fix: 'did you mean "namespace"?' })]);
    expect(issues({ install: { otelCollector: { mode: 'external', podLabels: { 'bad key!': 'x' } } } })).toEqual([expect.objectContaining({ path: 'install.otelCollector.podLabels.bad key!', message: 'key "bad key!" must be a Kubernetes label key.' })]);
    expect(issues({ profile: 'full', install: { prometheus: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.prometheus', fix: expect.stringMatching(/^set install\.prometheus: managed/) }));
  });

  it('notes settings that have no effect', () => {
    expect(composeSpec({ spec: { install: { istio: 'external' } } }).notes).toContain('install.istio: external has no effect: nothing that is on needs it.');
  });

  it('points Kiali on OpenShift at the Prometheus URL given', () => {
    const objs = objects('full', 'openshift', { install: { prometheus: { mode: 'external', url: 'https://prometheus.monitoring.svc:9091' } } });
    expect(objs.find((o) => o.kind === 'Kiali')!.spec.external_services.prometheus.url).toBe('https://prometheus.monitoring.svc:9091');
  });
});
