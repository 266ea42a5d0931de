import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '@marcbachmann/cel-js';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INJECTED_LANGUAGES, INSTRUMENTATION_NAME, OPERATOR_NAMESPACE } from '../lib/auto-instrumentation';
import { BRAND } from '../lib/brand';
import { runChecks } from '../lib/checks';
import { explainData, renderExplain } from '../lib/cli/explain';
import type { KubeObject, PlanUnit } from '../lib/core/plan';
import { admissionRules } from '../lib/guardrails/rules';
import type { CollectorConfig } from '../lib/observability/collector-config';
import { COLLECTOR_POD_LABELS } from '../lib/observability/endpoints';
import { PINS } from '../lib/pins';
import { composeSpec } from '../lib/spec/compose';
import { SpecError, type SpecIssue } from '../lib/spec/issues';
import { parseQuantity } from '../lib/spec/quantity';
import { InstrumentationModel } from './support/models';
import { agentPod, connects } from './support/netpol';
import { AUTO_INSTRUMENTATION_SPEC, OBSERVABILITY_SPEC, ROOT, synth, TARGETS } from './support/synth';

type Obj = KubeObject & Record<string, any>;
const SPEC = AUTO_INSTRUMENTATION_SPEC as Record<string, any>;
const INSTRUMENTED = { planner: 'python', search: 'java' } as const;

function issues(spec: Record<string, unknown>): SpecIssue[] {
  try {
    composeSpec({ spec });
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  return [];
}
const withAgent = (telemetry: Record<string, unknown>, otel = true) => ({
  features: { observability: { otel } },
  teams: [{ name: 't' }],
  agents: [{ name: 'a', team: 't', image: 'r/a:1', telemetry }],
});

/** The collector configuration as deployed: from the ConfigMap (Deployment delivery) or the operator's CR. */
function deployedConfig(objs: Obj[]): CollectorConfig {
  const cr = objs.find((o) => o.kind === 'OpenTelemetryCollector');
  if (cr) return cr.spec.config as CollectorConfig;
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'observability' && o.data?.['config.yaml']);
  return parse(cm!.data['config.yaml']) as CollectorConfig;
}
const envOf = (d: Obj): Record<string, string> => Object.fromEntries(d.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
const unitOf = (units: readonly PlanUnit[], kind: string, name: string, ns?: string) =>
  units.findIndex((u) => u.type === 'object' && u.object.kind === kind && u.object.metadata.name === name && (ns === undefined || u.object.metadata.namespace === ns));

/**
 * What the operator's webhook does to an annotated pod (operator v0.158): an init container that
 * copies the SDK into an emptyDir, with the Instrumentation's init container security context and
 * the language's resources, and the volume mounted into the agent container.
 */
function injectedPod(d: Obj, inst: Obj, language: keyof typeof INJECTED_LANGUAGES): Record<string, any> {
  const t = structuredClone(d.spec.template);
  const facts = INJECTED_LANGUAGES[language];
  const volume = `opentelemetry-auto-instrumentation-${language}`;
  t.spec.initContainers = [
    {
      name: `opentelemetry-auto-instrumentation-${language}`,
      image: `ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-${language}:1.0.0`,
      command: ['cp', '-r', '/autoinstrumentation/.', `/otel-auto-instrumentation-${language}`],
      resources: inst.spec[language][facts.resourcesField],
      securityContext: inst.spec.initContainerSecurityContext,
      volumeMounts: [{ name: volume, mountPath: `/otel-auto-instrumentation-${language}` }],
    },
  ];
  t.spec.volumes.push({ name: volume, emptyDir: { sizeLimit: '200Mi' } });
  t.spec.containers[0].volumeMounts.push({ name: volume, mountPath: `/otel-auto-instrumentation-${language}` });
  // The agent operator labels the pod from its AgentRuntime.
  t.metadata.labels = { ...t.metadata.labels, [BRAND.typeLabel]: 'agent' };
  return t;
}

describe('spec: telemetry.autoInstrument', () => {
  it('refuses go: its eBPF sidecar is privileged, which Pod Security restricted forbids', () => {
    const [i] = issues(withAgent({ autoInstrument: 'go' }));
    expect(i).toMatchObject({ rule: 'AP125', path: 'agents[0].telemetry.autoInstrument' });
    expect(i!.message).toMatch(/privileged.*restricted/);
    expect(i!.fix).toMatch(/OpenTelemetry Go SDK/);
  });

  it('refuses it without the collector and operator (features.observability.otel off), even with an own endpoint', () => {
    expect(issues(withAgent({ autoInstrument: 'python' }, false))).toEqual([
      expect.objectContaining({ rule: 'AP125', path: 'agents[0].telemetry.autoInstrument', fix: 'turn on features.observability.otel, or remove agents[0].telemetry.autoInstrument.' }),
    ]);
    const own = issues({ ...withAgent({ autoInstrument: 'java', endpoint: 'https://otlp.vendor.example' }, false), teams: [{ name: 't', allowExternalEgress: true }] });
    expect(own.map((x) => x.rule)).toEqual(['AP125']);
  });

  it('rejects an unknown language with the allowed ones', () => {
    const [i] = issues(withAgent({ autoInstrument: 'ruby' }));
    expect(i).toMatchObject({ rule: 'AP102', path: 'agents[0].telemetry.autoInstrument' });
    expect(i!.fix).toBe('use one of: python, java, nodejs, dotnet, go.');
  });

  it('refuses a protocol that contradicts the injected SDK, and a collector port of the other protocol', () => {
    const [i] = issues(withAgent({ autoInstrument: 'nodejs', protocol: 'grpc' }));
    expect(i).toMatchObject({ rule: 'AP119', path: 'agents[0].telemetry.protocol' });
    expect(i!.message).toContain('http/protobuf');
    expect(issues(withAgent({ autoInstrument: 'dotnet', protocol: 'http/json' }))[0]).toMatchObject({ rule: 'AP119', path: 'agents[0].telemetry.protocol' });
    const port = issues(withAgent({ autoInstrument: 'python', endpoint: 'http://otel-collector.observability:4317' }));
    expect(port[0]).toMatchObject({ rule: 'AP119', path: 'agents[0].telemetry.endpoint' });
  });

  it('wires instrumented agents with http/protobuf whatever the platform default, and others unchanged', () => {
    const s = composeSpec({ spec: { ...withAgent({ autoInstrument: 'python' }), observability: { protocol: 'grpc' } } });
    expect(s.agents[0]!.telemetry).toMatchObject({ protocol: 'http/protobuf', endpoint: 'http://otel-collector.observability.svc.cluster.local:4318', platformCollector: true, autoInstrument: 'python' });
    expect(composeSpec({ spec: withAgent({ autoInstrument: 'java', protocol: 'http/protobuf' }) }).agents[0]!.telemetry!.autoInstrument).toBe('java');
    expect(composeSpec({ spec: withAgent({}) }).agents[0]!.telemetry).not.toHaveProperty('autoInstrument');
  });

  it('reserves the operator namespace', () => {
    expect(issues({ teams: [{ name: OPERATOR_NAMESPACE }] })[0]).toMatchObject({ rule: 'AP110', path: 'teams[0].name' });
  });
});

describe.each(TARGETS)('auto-instrumentation on %s', (target) => {
  const out = synth('minimal', target, { ...SPEC, target });
  const objs = out.files.flatMap((f) => f.objects) as Obj[];
  const units = out.plan.units;
  const instrumentations = objs.filter((o) => o.kind === 'Instrumentation');
  const inst = instrumentations[0]!;
  const agents = objs.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'agent');
  const config = deployedConfig(objs);

  it('emits one Instrumentation per team with instrumented agents, valid against its schema', () => {
    expect(instrumentations.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([`team1/${INSTRUMENTATION_NAME}`]);
    expect(() => InstrumentationModel.parse(inst)).not.toThrow();
    // The OpenTelemetry operator CRD itself, where the shared schemas are present.
    const crd = join(ROOT, '..', 'shared', 'schemas', 'crds', 'opentelemetry.io', 'instrumentation_v1alpha1.json');
    if (existsSync(crd)) {
      const validate = new Ajv({ strict: false, logger: false }).compile(JSON.parse(readFileSync(crd, 'utf8')));
      expect(validate(inst), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('exports to a receiver the collector really has for http/protobuf: the URL the agents are wired to', () => {
    const url = new URL(inst.spec.exporter.endpoint);
    const port = Number(url.port);
    expect((config.receivers.otlp as any).protocols.http.endpoint).toBe(`0.0.0.0:${port}`);
    const [svcName, ns] = url.hostname.split('.');
    if (target === 'openshift') {
      const cr = objs.find((o) => o.kind === 'OpenTelemetryCollector')!;
      expect([`${cr.metadata.name}-collector`, cr.metadata.namespace]).toEqual([svcName, ns]);
    } else {
      const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === svcName && o.metadata.namespace === ns)!;
      expect(svc.spec.ports.find((p: any) => p.port === port)).toMatchObject({ appProtocol: 'http', targetPort: port });
    }
    for (const d of agents.filter((a) => a.metadata.name in INSTRUMENTED)) {
      const env = envOf(d);
      expect([env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_PROTOCOL], d.metadata.name).toEqual([inst.spec.exporter.endpoint, 'http/protobuf']);
    }
  });

  it('carries the platform propagators, every trace sampled and the team, like the agents\' own environment', () => {
    const planner = envOf(agents.find((d) => d.metadata.name === 'planner')!);
    expect(inst.spec.propagators.join(',')).toBe(planner.OTEL_PROPAGATORS);
    expect(inst.spec.sampler).toEqual({ type: planner.OTEL_TRACES_SAMPLER });
    expect(planner.OTEL_RESOURCE_ATTRIBUTES).toContain(`service.namespace=${inst.spec.resource.resourceAttributes['service.namespace']}`);
    expect(inst.spec.resource.resourceAttributes).toEqual({ 'service.namespace': 'team1' });
  });

  it('sizes the init containers within every instrumented agent, so quota and LimitRange verdicts stay the same', () => {
    expect(Object.keys(inst.spec).filter((k) => k in INJECTED_LANGUAGES).sort()).toEqual(['java', 'python']);
    expect(inst.spec.java).toHaveProperty('resources');
    expect(inst.spec.python).toHaveProperty('resourceRequirements');
    for (const [name, language] of Object.entries(INSTRUMENTED)) {
      const agent = agents.find((d) => d.metadata.name === name)!.spec.template.spec.containers[0].resources;
      const init = inst.spec[language][INJECTED_LANGUAGES[language].resourcesField];
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory'] as const) expect(parseQuantity(init[kind][r]), `${name} ${kind}.${r}`).toBeLessThanOrEqual(parseQuantity(agent[kind][r]));
      }
      expect(parseQuantity(init.requests.memory)).toBeLessThanOrEqual(parseQuantity(init.limits.memory));
    }
    const small = { requests: { cpu: '20m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } };
    const capped = synth('minimal', target, { ...SPEC, target, agents: [{ ...SPEC.agents[0], calls: [], resources: small }] })
      .files.flatMap((f) => f.objects)
      .find((o) => o.kind === 'Instrumentation') as Obj;
    expect(capped.spec.python.resourceRequirements).toEqual(small);
  });

  it('annotates exactly the instrumented agents, with their language and the team Instrumentation', () => {
    const annotated = Object.fromEntries(
      agents.map((d) => [d.metadata.name, Object.entries(d.spec.template.metadata.annotations ?? {}).filter(([k]) => k.startsWith('instrumentation.opentelemetry.io/'))]),
    );
    expect(annotated).toEqual({
      planner: [['instrumentation.opentelemetry.io/inject-python', INSTRUMENTATION_NAME]],
      search: [['instrumentation.opentelemetry.io/inject-java', INSTRUMENTATION_NAME]],
      reviewer: [],
    });
  });

  it('lets the injected exporter through the team default-deny to the collector, on 4318 only', () => {
    const collector = { namespace: 'observability', labels: { ...COLLECTOR_POD_LABELS } };
    for (const name of Object.keys(INSTRUMENTED)) {
      const src = agentPod(objs, 'team1', name);
      expect(connects(objs, src, collector, Number(new URL(inst.spec.exporter.endpoint).port)), name).toBe(true);
      expect(connects(objs, src, collector, 4317), name).toBe(false);
    }
    expect(connects(objs, agentPod(objs, 'team2', 'reviewer'), collector, 4317)).toBe(true);
  });

  it('keeps Pod Security restricted: namespaces, and the pods as the operator mutates them', () => {
    for (const ns of objs.filter((o) => o.kind === 'Namespace' && ['team1', 'team2', OPERATOR_NAMESPACE].includes(o.metadata.name))) {
      // Team namespaces: baseline where no SCC adds the drop the AuthBridge sidecar lacks (test/data-path.test.ts).
      expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce'], ns.metadata.name).toBe(ns.metadata.name === OPERATOR_NAMESPACE || target !== 'kind' ? 'restricted' : 'baseline');
    }
    expect(inst.spec.initContainerSecurityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const podRules = admissionRules(BRAND).filter((r) => r.on === 'pods');
    for (const [name, language] of Object.entries(INSTRUMENTED)) {
      const d = agents.find((a) => a.metadata.name === name)!;
      const pod = injectedPod(d, inst, language);
      // Synthesis checks: requests and limits (AP003), restricted contexts (AP005), pinned images (AP004).
      expect(runChecks([{ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team1' }, spec: pod.spec } as KubeObject])).toEqual([]);
      // Admission guardrails enforced in team namespaces (the policy runs after mutating webhooks).
      for (const r of podRules) expect(evaluate(r.expression, { object: pod, request: { userInfo: { username: 'system:serviceaccount:kube-system:replicaset-controller' } } }), `${r.id} on ${name}`).toBe(true);
    }
  });

  it('orders the CRD provider, then the Instrumentation, then the instrumented Deployments', () => {
    const provider = out.plan.providedGroups.get('opentelemetry.io')!;
    const at = (key: string) => units.findIndex((u) => u.key === key);
    const i = unitOf(units, 'Instrumentation', INSTRUMENTATION_NAME, 'team1');
    expect(units[i]!.dependsOn).toContain(provider);
    expect(at(provider)).toBeLessThan(i);
    for (const name of Object.keys(INSTRUMENTED)) {
      const d = unitOf(units, 'Deployment', name, 'team1');
      expect(units[d]!.dependsOn, name).toContain(units[i]!.key);
      expect(i).toBeLessThan(d);
    }
    expect(units[unitOf(units, 'Deployment', 'reviewer', 'team2')]!.dependsOn).not.toContain(units[i]!.key);
  });

  if (target === 'openshift') {
    it('installs nothing extra: the Red Hat build of the operator comes from OLM with the collector', () => {
      const provider = units.find((u) => u.key === out.plan.providedGroups.get('opentelemetry.io'))!;
      expect(provider).toMatchObject({ type: 'object', component: 'otel', object: { kind: 'Subscription', spec: { name: 'opentelemetry-product' } } });
      expect(units.some((u) => u.type === 'helm' && u.release.props.chart === 'opentelemetry-operator')).toBe(false);
      expect(objs.some((o) => o.metadata.namespace === OPERATOR_NAMESPACE || o.metadata.name === OPERATOR_NAMESPACE)).toBe(false);
      expect(out.platform.components.find((c) => c.def.id === 'tenancy')!.def.pins(out.platform.spec.target, out.platform.spec)).toEqual([]);
    });
  } else {
    it('installs the pinned upstream operator chart, webhook certificate from cert-manager, after cert-manager', () => {
      const helm = units.find((u) => u.type === 'helm' && u.release.props.chart === 'opentelemetry-operator');
      expect(helm?.type).toBe('helm');
      if (helm?.type !== 'helm') return;
      const pin = PINS['opentelemetry-operator-chart'];
      expect(helm.release.props).toMatchObject({ repo: 'https://open-telemetry.github.io/opentelemetry-helm-charts', version: pin.version, namespace: OPERATOR_NAMESPACE, providesApiGroups: ['opentelemetry.io'] });
      expect(out.plan.providedGroups.get('opentelemetry.io')).toBe(helm.key);
      const values = helm.release.props.values as Record<string, any>;
      expect(values.admissionWebhooks).toEqual({
        certManager: { enabled: true },
        autoGenerateCert: { enabled: false },
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team1'] }] },
        pods: { failurePolicy: 'Fail' },
      });
      expect(values.manager.collectorImage).toEqual({ repository: 'docker.io/otel/opentelemetry-collector-contrib', tag: '0.122.1' });
      expect(values.manager.autoInstrumentation).toEqual({ go: { enabled: false } });
      expect(values.manager.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });
      // The chart's restricted security contexts are kept, and nothing pins `latest`.
      expect(values.manager).not.toHaveProperty('securityContext');
      expect(values).not.toHaveProperty('securityContext');
      expect(JSON.stringify(values)).not.toMatch(/latest/);
      const components = out.plan.components.map((c) => c.id);
      expect(components.indexOf('cert-manager')).toBeLessThan(components.indexOf('tenancy'));
      expect(components.indexOf('otel')).toBeLessThan(components.indexOf('tenancy'));
      const ns = objs.find((o) => o.kind === 'Namespace' && o.metadata.name === OPERATOR_NAMESPACE)!;
      // Under SCCs (MicroShift) the namespace's UID range is the chart's fixed UID.
      expect(ns.metadata.annotations?.['openshift.io/sa.scc.uid-range']).toBe(target === 'microshift' ? '65532/1' : undefined);
    });
  }

  it('is shown by explain, per agent', () => {
    const data = explainData(out.platform.spec);
    expect(Object.fromEntries(data.agents.map((a) => [a.agent, a.autoInstrument]))).toEqual({ 'team1/planner': 'python', 'team1/search': 'java', 'team2/reviewer': null });
    expect(renderExplain(data)).toContain('auto-instrumented: python SDK injected by the OpenTelemetry operator (Instrumentation team1/agentplane)');
  });
});

describe('opting out', () => {
  it('changes nothing: without autoInstrument the output is byte-identical to the committed golden files', () => {
    for (const target of ['kind', 'openshift'] as const) {
      const out = synth('minimal', target, OBSERVABILITY_SPEC);
      for (const [path, text] of out.texts) expect(text, `${target} ${path}`).toBe(readFileSync(join(ROOT, 'test', 'golden', `${target}-observability`, path), 'utf8'));
    }
  });

  it('a team without instrumented agents gets no Instrumentation, and no operator is installed', () => {
    const objs = synth('minimal', 'kind', { ...SPEC, agents: SPEC.agents.map((a: Record<string, unknown>) => ({ ...a, telemetry: {} })) }).files.flatMap((f) => f.objects);
    expect(objs.some((o) => o.kind === 'Instrumentation' || o.metadata.namespace === OPERATOR_NAMESPACE)).toBe(false);
  });
});
