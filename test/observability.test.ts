import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../lib/core/plan';
import { composeSpec } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { alertGroups } from '../lib/observability/alerts';
import { checkCollectorConfig, listeners, type CollectorConfig } from '../lib/observability/collector-config';
import { COLLECTOR_HOST, COLLECTOR_POD_LABELS } from '../lib/observability/endpoints';
import { decimal, genAiStatements } from '../lib/observability/genai';
import { COLLECTOR_METRICS, LLM_LABELS, llmMetrics, promName, promSeries } from '../lib/observability/metrics';
import { collectorConfig } from '../lib/observability/pipelines';
import { outputLabels, render, selectors } from '../lib/observability/promql';
import { connects, agentPod } from './support/netpol';
import { MESH_SPEC, OBSERVABILITY_SPEC, synth, TARGETS } from './support/synth';

type Obj = KubeObject & Record<string, any>;
const objects = (profile: string, target: string, spec?: unknown): Obj[] => synth(profile, target, spec).files.flatMap((f) => f.objects) as Obj[];
const agentDeployments = (objs: Obj[]) => objs.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'agent');
const envOf = (d: Obj): Record<string, string> => Object.fromEntries(d.spec.template.spec.containers[0].env.filter((e: any) => 'value' in e).map((e: any) => [e.name, e.value]));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const PRICES = { prices: [{ model: 'gpt-4o', input: 2.5, output: 10 }], currency: 'USD' };

/** The collector configuration as deployed: from the ConfigMap (Deployment delivery) or the operator's CR. */
function deployedConfig(objs: Obj[]): CollectorConfig {
  const cr = objs.find((o) => o.kind === 'OpenTelemetryCollector');
  if (cr) return cr.spec.config as CollectorConfig;
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'observability' && o.data?.['config.yaml']);
  return parse(cm!.data['config.yaml']) as CollectorConfig;
}

const spec = (s: Record<string, unknown>) => composeSpec({ spec: s });
function issues(s: Record<string, unknown>): { rule?: string; path: string; message: string; fix: string }[] {
  try {
    spec(s);
  } catch (e) {
    if (e instanceof SpecError) return e.issues as never;
    throw e;
  }
  return [];
}
const withAgent = (telemetry: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  features: { observability: { otel: true } },
  teams: [{ name: 't' }],
  agents: [{ name: 'a', team: 't', image: 'r/a:1', telemetry }],
  ...extra,
});

describe('collector configuration checker', () => {
  const good = collectorConfig(PRICES, { endpoint: 'phoenix.observability.svc.cluster.local:4317' });
  const broken = (mutate: (c: any) => void): string[] => {
    const c = structuredClone(good) as any;
    mutate(c);
    return checkCollectorConfig(c).map((p) => `${p.path}: ${p.message}`);
  };

  it('accepts the platform configurations (with and without Phoenix and prices)', () => {
    expect(checkCollectorConfig(good)).toEqual([]);
    expect(checkCollectorConfig(collectorConfig({ prices: [], currency: 'EUR' }))).toEqual([]);
  });
  it('rejects references to undefined components', () => {
    expect(broken((c) => c.service.pipelines.traces.receivers.push('zipkin'))).toEqual(['service.pipelines.traces.receivers[1]: references receiver "zipkin", which is not defined in receivers or connectors.']);
    expect(broken((c) => c.service.pipelines.traces.processors.splice(1, 0, 'filter/openinference'))).toEqual([
      'service.pipelines.traces.processors[1]: references processor "filter/openinference", which is not defined.',
    ]);
    expect(broken((c) => (c.service.pipelines.metrics.exporters = ['prometheusremotewrite']))).toEqual([
      'service.pipelines.metrics.exporters[0]: references exporter "prometheusremotewrite", which is not defined in exporters or connectors.',
      'exporters.prometheus: exporter "prometheus" is defined but no pipeline uses it.',
    ]);
  });
  it('rejects defined components no pipeline uses', () => {
    expect(broken((c) => (c.service.pipelines.traces.exporters = ['signaltometrics']))).toEqual(['exporters.otlp/phoenix: exporter "otlp/phoenix" is defined but no pipeline uses it.']);
    expect(broken((c) => (c.receivers['otlp/extra'] = { protocols: { grpc: { endpoint: '0.0.0.0:14317' } } }))).toEqual(['receivers.otlp/extra: receiver "otlp/extra" is defined but no pipeline uses it.']);
    expect(broken((c) => (c.service.extensions = []))).toEqual(['extensions.health_check: extension "health_check" is defined but not enabled in service.extensions.']);
  });
  it('rejects connectors used on one side only or for signals they cannot carry', () => {
    expect(broken((c) => (c.service.pipelines.metrics.receivers = ['otlp']))).toEqual(['connectors.signaltometrics: connector "signaltometrics" must be an exporter of one pipeline and a receiver of another.']);
  });
  it('rejects signals a component does not support, duplicates, and empty pipelines', () => {
    expect(broken((c) => c.service.pipelines.traces.exporters.push('prometheus'))).toEqual(['service.pipelines.traces.exporters[2]: exporter "prometheus" does not support traces.']);
    expect(broken((c) => c.service.pipelines.traces.processors.push('batch'))).toEqual(['service.pipelines.traces.processors[3]: references "batch" twice.']);
    expect(broken((c) => (c.service.pipelines['logs'] = { receivers: ['otlp'], processors: [], exporters: [] }))).toEqual(['service.pipelines.logs.exporters: a pipeline needs at least one exporter.']);
    expect(broken((c) => (c.service.pipelines['spans'] = c.service.pipelines.traces))).toEqual(['service.pipelines.spans: "spans" is not a pipeline id (traces, metrics or logs, optionally /name).']);
    expect(broken((c) => (c.service.pipelines = {}))).toContain('service.pipelines: no pipelines: the collector would refuse to start.');
  });
  it('rejects colliding ports and loopback receivers (the silent-loss cases)', () => {
    expect(broken((c) => (c.exporters.prometheus.endpoint = '0.0.0.0:4317'))).toEqual(['exporters.prometheus: port 4317 is also used by receivers.otlp.']);
    expect(broken((c) => (c.receivers.otlp.protocols.http.endpoint = '0.0.0.0:4317'))).toEqual(['receivers.otlp: port 4317 is also used by receivers.otlp.']);
    expect(broken((c) => (c.service.telemetry.metrics.readers[0].pull.exporter.prometheus.port = 8889))).toEqual(['service.telemetry.metrics: port 8889 is also used by exporters.prometheus.']);
    expect(broken((c) => (c.receivers.otlp.protocols.grpc.endpoint = 'localhost:4317'))).toEqual(['receivers.otlp: "localhost:4317" listens on loopback only: nothing outside the pod can send to it.']);
  });
  it('requires memory_limiter first and knows component types', () => {
    expect(broken((c) => (c.service.pipelines.traces.processors = ['batch', 'memory_limiter', 'transform/genai_to_openinference']))).toEqual([
      'service.pipelines.traces.processors: memory_limiter must be the first processor, so it refuses data before any other processor buffers it.',
    ]);
    expect(broken((c) => (c.processors['spanfilter'] = {}))).toContain('processors.spanfilter: unknown processor type "spanfilter".');
  });
});

describe('connector signal check', () => {
  it('refuses a connector fed with a signal it cannot consume', () => {
    const c = structuredClone(collectorConfig(PRICES)) as any;
    c.service.pipelines.metrics.exporters.push('spanmetrics');
    c.service.pipelines['metrics/spans'] = { receivers: ['spanmetrics'], processors: [], exporters: ['prometheus'] };
    c.connectors.spanmetrics = {};
    const problems = checkCollectorConfig(c).map((p) => p.message);
    expect(problems).toContain('connector "spanmetrics" cannot consume metrics.');
  });
});

describe('GenAI to OpenInference, without dropping spans', () => {
  const config = collectorConfig(PRICES);
  const statements = genAiStatements(PRICES.prices);
  it('maps each GenAI attribute to OpenInference only where missing, and back', () => {
    for (const [from, to] of [
      ['gen_ai.request.model', 'llm.model_name'],
      ['gen_ai.usage.input_tokens', 'llm.token_count.prompt'],
      ['gen_ai.usage.output_tokens', 'llm.token_count.completion'],
      ['llm.model_name', 'gen_ai.request.model'],
      ['llm.token_count.prompt', 'gen_ai.usage.input_tokens'],
    ]) {
      expect(statements).toContain(`set(attributes["${to}"], attributes["${from}"]) where attributes["${from}"] != nil and attributes["${to}"] == nil`);
    }
    expect(statements.some((s) => s.includes('"openinference.span.kind"], "LLM") where attributes["gen_ai.operation.name"] == "chat"'))).toBe(true);
  });
  it('has no filtering processor anywhere and ignores (never drops on) statement errors', () => {
    const types = Object.keys(config.processors).map((id) => id.split('/')[0]);
    expect(types).not.toContain('filter');
    expect(types).not.toContain('tail_sampling');
    expect(config.processors['transform/genai_to_openinference']).toMatchObject({ error_mode: 'ignore' });
    expect(statements.every((s) => s.startsWith('set(') || s.startsWith('delete_key(attributes, "agentplane.llm.cost")'))).toBe(true);
  });
  it('computes cost per model from the price table with plain float literals', () => {
    expect(statements.at(-1)).toBe(
      'set(attributes["agentplane.llm.cost"], (Double(attributes["gen_ai.usage.input_tokens"]) * 2.5 + Double(attributes["gen_ai.usage.output_tokens"]) * 10.0) / 1000000.0) where attributes["gen_ai.request.model"] == "gpt-4o" and (attributes["openinference.span.kind"] == "LLM" or attributes["openinference.span.kind"] == "EMBEDDING") and IsInt(attributes["gen_ai.usage.input_tokens"]) and attributes["gen_ai.usage.input_tokens"] >= 0 and IsInt(attributes["gen_ai.usage.output_tokens"]) and attributes["gen_ai.usage.output_tokens"] >= 0',
    );
    // An agent cannot bring its own cost: the attribute is deleted before the price table applies.
    expect(statements[0]).toBe('delete_key(attributes, "agentplane.llm.cost")');
    expect([decimal(2.5), decimal(10), decimal(0.0000001), decimal(0)]).toEqual(['2.5', '10.0', '0.0000001', '0.0']);
  });
});

describe('LLM metrics and their Prometheus names', () => {
  it('translates as the 0.122 Prometheus exporter does for non-monotonic sums and histograms', () => {
    const names = llmMetrics(PRICES).flatMap(promSeries);
    expect(names).toEqual([
      'agentplane_llm_requests',
      'agentplane_llm_tokens_input',
      'agentplane_llm_tokens_output',
      'agentplane_llm_tokens',
      'agentplane_llm_duration_seconds_bucket',
      'agentplane_llm_duration_seconds_sum',
      'agentplane_llm_duration_seconds_count',
      'agentplane_llm_cost',
      'agentplane_llm_requests_unpriced',
    ]);
    expect(LLM_LABELS).toEqual(['service_name', 'service_namespace', 'k8s_namespace_name', 'gen_ai_request_model']);
  });
  it('has no cost metrics without prices, and per agent, team and model dimensions', () => {
    expect(llmMetrics({ prices: [], currency: 'USD' }).map((m) => m.name)).not.toContain('agentplane.llm.cost');
    const conn = (collectorConfig(PRICES).connectors.signaltometrics as any).spans;
    for (const m of conn) {
      expect(m.include_resource_attributes.map((a: any) => a.key)).toEqual(['service.name', 'service.namespace', 'k8s.namespace.name']);
      expect(m.attributes).toEqual([{ key: 'gen_ai.request.model' }]);
      // Every value expression is guarded by its type: a missing or non-numeric attribute would fail
      // the whole batch at 0.122, for every team.
      for (const attr of (m.sum?.value ?? m.histogram.value).match(/attributes\["[^"]+"\]/g) ?? []) expect(m.conditions[0]).toMatch(new RegExp(`Is(Int|Double)\\(${attr.replace(/[[\]."]/g, (c: string) => `\\${c}`)}\\)`));
    }
  });
});

const WIRING_CASES = TARGETS.flatMap((t) => [
  [t, 'full', 'mesh-agents', MESH_SPEC],
  [t, 'minimal', 'observability', OBSERVABILITY_SPEC],
] as const);

describe.each(WIRING_CASES)('observability on %s (%s profile, %s example)', (target, profile, _name, example) => {
  const objs = objects(profile, target, example);
  const config = deployedConfig(objs);
  const agents = agentDeployments(objs);

  it('renders a configuration the checker accepts, with Phoenix in the traces pipeline', () => {
    expect(checkCollectorConfig(config)).toEqual([]);
    expect(config.service.pipelines.traces!.exporters).toEqual(['otlp/phoenix', 'signaltometrics']);
    expect((config.exporters['otlp/phoenix'] as any).headers.authorization).toBe('Bearer ${env:PHOENIX_BEARER_TOKEN}');
  });

  it('wires every agent to a receiver that exists, on a Service that exists, with the matching protocol', () => {
    expect(agents.length).toBeGreaterThan(0);
    for (const d of agents) {
      const env = envOf(d);
      const url = new URL(env.OTEL_EXPORTER_OTLP_ENDPOINT!);
      expect(url.hostname).toBe(COLLECTOR_HOST);
      const port = Number(url.port);
      const transport = env.OTEL_EXPORTER_OTLP_PROTOCOL === 'grpc' ? 'grpc' : 'http';
      const receiver = (config.receivers.otlp as any).protocols[transport];
      expect(receiver.endpoint).toBe(`0.0.0.0:${port}`);
      expect(config.service.pipelines.traces!.receivers).toContain('otlp');
      const [svcName, ns] = url.hostname.split('.');
      if (target === 'openshift') {
        // The operator creates `<name>-collector` with ports derived from the receivers.
        const cr = objs.find((o) => o.kind === 'OpenTelemetryCollector')!;
        expect(`${cr.metadata.name}-collector`).toBe(svcName);
        expect(cr.metadata.namespace).toBe(ns);
      } else {
        const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === svcName && o.metadata.namespace === ns)!;
        const sp = svc.spec.ports.find((p: any) => p.port === port);
        expect(sp.appProtocol).toBe(transport === 'grpc' ? 'grpc' : 'http');
        const workload = objs.find((o) => o.kind === 'Deployment' && o.metadata.namespace === ns && matches(svc.spec.selector, o.spec.template.metadata.labels))!;
        expect(workload.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort)).toContain(sp.targetPort);
      }
      expect(env.OTEL_SERVICE_NAME).toBe(d.metadata.name);
      expect(env.OTEL_RESOURCE_ATTRIBUTES).toMatch(
        new RegExp(`^service\\.namespace=${d.metadata.namespace},k8s\\.namespace\\.name=${d.metadata.namespace},k8s\\.deployment\\.name=${d.metadata.name}${example === MESH_SPEC ? `,spiffe\\.id=spiffe://localtest\\.me/ns/${d.metadata.namespace}/sa/${d.metadata.name}` : ''}(,|$)`),
      );
      expect(env.OTEL_PROPAGATORS).toBe('tracecontext,baggage');
      expect([env.OTEL_TRACES_EXPORTER, env.OTEL_TRACES_SAMPLER, env.OTEL_METRICS_EXPORTER, env.OTEL_LOGS_EXPORTER]).toEqual(['otlp', 'parentbased_always_on', 'none', 'none']);
      // The team's default-deny lets exactly this port out to the collector pods.
      const src = agentPod(objs, d.metadata.namespace!, d.metadata.name);
      const collector = { namespace: 'observability', labels: { ...COLLECTOR_POD_LABELS } };
      expect(connects(objs, src, collector, port)).toBe(true);
      expect(connects(objs, src, collector, 8889)).toBe(false);
      // Only agents send spans: not other pods of the team, not other namespaces.
      expect(connects(objs, { namespace: d.metadata.namespace!, labels: {} }, collector, port)).toBe(false);
      expect(connects(objs, { namespace: 'default', labels: { 'app.kubernetes.io/component': 'agent' } }, collector, port)).toBe(false);
      expect(connects(objs, { namespace: 'openshift-user-workload-monitoring', labels: {} }, collector, 8889)).toBe(true);
      expect(connects(objs, src, { namespace: 'observability', labels: { 'app.kubernetes.io/name': 'phoenix' } }, 4317)).toBe(false);
    }
  });

  it('uses both protocols where agents ask for them, and every collector Service port reaches a listener', () => {
    const protocols = new Set(agents.map((d) => envOf(d).OTEL_EXPORTER_OTLP_PROTOCOL));
    expect([...protocols].sort()).toEqual(example === OBSERVABILITY_SPEC ? ['grpc', 'http/protobuf'] : ['grpc']);
    const listening = new Set(listeners(config).map((l) => l.port));
    const services = objs.filter((o) => o.kind === 'Service' && o.spec.selector && matches(o.spec.selector, COLLECTOR_POD_LABELS));
    expect(services.length).toBe(target === 'openshift' ? 1 : 2);
    for (const svc of services) for (const p of svc.spec.ports) expect(listening, `${svc.metadata.name}:${p.port}`).toContain(p.targetPort);
  });

  it('runs Phoenix restricted, with PostgreSQL, authentication and its UI host', () => {
    const sts = objs.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'phoenix')!;
    const pod = sts.spec.template.spec;
    const c = pod.containers[0];
    expect(c.image).toBe('docker.io/arizephoenix/phoenix:version-8.32.1-nonroot');
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.enableServiceLinks).toBe(false);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
    expect(env.PHOENIX_ENABLE_AUTH.value).toBe('true');
    for (const k of ['PHOENIX_SECRET', 'PHOENIX_ADMIN_SECRET', 'PHOENIX_DEFAULT_ADMIN_INITIAL_PASSWORD', 'PHOENIX_POSTGRES_PASSWORD']) expect(env[k].valueFrom.secretKeyRef).toBeDefined();
    expect(env.PHOENIX_POSTGRES_HOST.value).toBe('phoenix-postgres.observability.svc');
    const db = objs.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'phoenix-postgres')!;
    expect(db.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    const host = 'phoenix.localtest.me';
    // kind: through the platform gateway, which comes with the mesh (not on in the observability example).
    if (target === 'kind') expect(objs.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'phoenix')?.spec.hostnames).toEqual(profile === 'full' ? [host] : undefined);
    else expect(objs.find((o) => o.kind === 'Ingress' && o.metadata.name === 'phoenix')?.spec.rules[0].host).toBe(host);
    // Spans reach Phoenix only from the collector.
    const collector = { namespace: 'observability', labels: { ...COLLECTOR_POD_LABELS } };
    const phoenixPod = { namespace: 'observability', labels: sts.spec.template.metadata.labels };
    expect(connects(objs, collector, phoenixPod, 4317)).toBe(true);
    expect(connects(objs, { namespace: 'observability', labels: { 'app.kubernetes.io/name': 'other' } }, phoenixPod, 4317)).toBe(false);
  });

  it('delivers the collector per target and monitors it where the Prometheus operator is', () => {
    const cr = objs.find((o) => o.kind === 'OpenTelemetryCollector');
    const monitors = objs.filter((o) => o.kind === 'ServiceMonitor' || o.kind === 'PrometheusRule').map((o) => o.kind);
    // The Prometheus operator integration is opt-in on every target; the example turns it on.
    const operator = example === OBSERVABILITY_SPEC;
    expect(monitors).toEqual(operator ? ['ServiceMonitor', 'PrometheusRule'] : []);
    const annotations = target === 'openshift' ? (cr!.spec.podAnnotations ?? {}) : objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'otel-collector')!.spec.template.metadata.annotations;
    expect(annotations['prometheus.io/port']).toBe(operator ? undefined : '8889');
    if (target === 'openshift') {
      expect(cr?.spec.image).toBe('docker.io/otel/opentelemetry-collector-contrib:0.122.1');
      expect(objs.find((o) => o.kind === 'Subscription' && o.spec.name === 'opentelemetry-product')?.spec.channel).toBe('stable');
    } else {
      expect(cr).toBeUndefined();
      expect(annotations['agentplane.dev/config-hash']).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});

describe('toggles', () => {
  it('otel off: agents get no endpoint, exporters are off, nothing is installed', () => {
    const objs = objects('full', 'kind', { ...MESH_SPEC, features: { observability: { otel: false, phoenix: false } } });
    expect(objs.some((o) => o.metadata.namespace === 'observability' || o.metadata.name === 'observability')).toBe(false);
    for (const d of agentDeployments(objs)) {
      const env = envOf(d);
      expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
      expect([env.OTEL_TRACES_EXPORTER, env.OTEL_METRICS_EXPORTER, env.OTEL_LOGS_EXPORTER]).toEqual(['none', 'none', 'none']);
      expect(env.OTEL_PROPAGATORS).toBe('tracecontext,baggage');
    }
    expect(objs.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-telemetry-egress')).toBe(false);
  });
  it('phoenix off: no Phoenix exporter in the pipelines and no Phoenix objects', () => {
    const objs = objects('full', 'microshift', { ...MESH_SPEC, features: { observability: { phoenix: false } } });
    const config = deployedConfig(objs);
    expect(checkCollectorConfig(config)).toEqual([]);
    expect(Object.keys(config.exporters)).toEqual(['prometheus']);
    expect(config.service.pipelines.traces!.exporters).toEqual(['signaltometrics']);
    expect(objs.some((o) => o.metadata.name?.startsWith('phoenix'))).toBe(false);
    expect(objs.find((o) => o.kind === 'Namespace' && o.metadata.name === 'observability')).toBeDefined();
  });
  it('the collector owns the observability namespace whether Phoenix is on or off', () => {
    for (const phoenix of [true, false]) {
      const files = synth('full', 'kind', { ...MESH_SPEC, features: { observability: { phoenix } } }).files;
      const file = files.find((f) => f.objects.some((o) => o.kind === 'Namespace' && o.metadata.name === 'observability'))!;
      expect(file.path).toMatch(/^\d\d-otel\//);
    }
  });
  it('labels the ServiceMonitor and PrometheusRule for label-selecting Prometheus instances', () => {
    const objs = objects('minimal', 'kind', { ...OBSERVABILITY_SPEC, observability: { ...(OBSERVABILITY_SPEC.observability as object), monitorLabels: { release: 'kps' } } });
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) expect(objs.find((o) => o.kind === kind)!.metadata.labels).toMatchObject({ release: 'kps' });
  });
  it('a config change (the price table) rolls the collector', () => {
    const hash = (prices: unknown[]) =>
      objects('minimal', 'kind', { ...OBSERVABILITY_SPEC, observability: { ...(OBSERVABILITY_SPEC.observability as object), prices } })
        .find((o) => o.kind === 'Deployment' && o.metadata.name === 'otel-collector')!.spec.template.metadata.annotations['agentplane.dev/config-hash'];
    expect(hash([{ model: 'm', input: 1, output: 2 }])).not.toBe(hash([{ model: 'm', input: 1, output: 3 }]));
  });
});

describe('telemetry overrides are checked against the receivers', () => {
  it('rejects HTTP to the gRPC port and gRPC to the HTTP port', () => {
    const [i] = issues(withAgent({ protocol: 'http/protobuf', endpoint: 'http://otel-collector.observability.svc.cluster.local:4317' }));
    expect(i).toMatchObject({ rule: 'AP119', path: 'agents[0].telemetry.endpoint' });
    expect(i!.message).toBe('protocol http/protobuf sends HTTP to port 4317, the standard OTLP/gRPC port: spans would be dropped silently.');
    expect(i!.fix).toBe('use port 4318 for http/protobuf, or set agents[0].telemetry.protocol to grpc.');
    expect(issues(withAgent({ protocol: 'grpc', endpoint: 'http://collector.tracing:4318' }))[0]).toMatchObject({ rule: 'AP119', message: expect.stringContaining('gRPC to port 4318') });
  });
  it('rejects the platform collector on a port it does not listen on, over https, or when it is off', () => {
    expect(issues(withAgent({ endpoint: 'http://otel-collector.observability:8335' }))[0]!.message).toBe('the platform collector has no receiver on port 8335 (gRPC 4317, HTTP 4318).');
    expect(issues(withAgent({ endpoint: 'https://otel-collector.observability:4317' }))[0]!.message).toMatch(/plaintext inside the cluster/);
    expect(issues(withAgent({ endpoint: 'http://otel-collector.observability:4317' }, { features: {} }))[0]!.message).toMatch(/not installed \(features\.observability\.otel is off\)/);
  });
  it('rejects signal paths on HTTP base endpoints and paths on gRPC endpoints', () => {
    expect(issues(withAgent({ protocol: 'http/protobuf', endpoint: 'http://otel-collector.observability:4318/v1/traces' }))[0]!.message).toMatch(/SDK appends \/v1\/traces/);
    expect(issues(withAgent({ protocol: 'grpc', endpoint: 'http://otel-collector.observability:4317/otlp' }))[0]!.message).toBe('gRPC endpoints have no path ("/otlp").');
  });
  it('accepts a consistent, reachable own endpoint, even with the collector off', () => {
    const s = spec({ ...withAgent({ protocol: 'http/protobuf', endpoint: 'https://otlp.vendor.example/' }, { features: {} }), teams: [{ name: 't', allowExternalEgress: true }] });
    expect(s.agents[0]!.telemetry).toMatchObject({ endpoint: 'https://otlp.vendor.example', protocol: 'http/protobuf', platformCollector: false });
  });
  it('rejects own endpoints the team default-deny cannot reach, and credentials in the URL', () => {
    const message = (endpoint: string, teams: unknown = [{ name: 't' }]) => issues({ ...withAgent({ endpoint }), teams }).map((x) => x.message);
    expect(message('http://otel-collector:4317')).toEqual(['"otel-collector" is a bare name: it resolves in the agent\'s own namespace, where no collector runs.']);
    expect(message('http://localhost:4317')).toEqual(["is the agent's own pod: no collector runs there."]);
    expect(message('http://tempo.monitoring.svc:4317')).toEqual(['"tempo.monitoring.svc" is inside the cluster network, and the team\'s default-deny egress admits no collector there but the platform\'s.']);
    expect(message('http://10.1.2.3:4317')).toHaveLength(1);
    expect(message('https://otlp.vendor.example:443')).toEqual(['"otlp.vendor.example:443" is outside the cluster; the team\'s default-deny admits external egress only on 443 and only with allowExternalEgress.']);
    expect(message('http://otlp.vendor.example:4317', [{ name: 't', allowExternalEgress: true }])).toHaveLength(1);
    const [cred] = issues({ ...withAgent({ endpoint: 'https://user:pw@otlp.vendor.example' }), teams: [{ name: 't', allowExternalEgress: true }] });
    expect(cred).toMatchObject({ rule: 'AP111', path: 'agents[0].telemetry.endpoint' });
  });
  it('reserves the SDK variables (headers only from a Secret) and platform resource attributes', () => {
    expect(issues({ ...withAgent({}), agents: [{ name: 'a', team: 't', image: 'r/a:1', env: { OTEL_TRACES_SAMPLER: 'always_off' } }] })[0]).toMatchObject({ rule: 'AP109' });
    expect(issues({ ...withAgent({}), agents: [{ name: 'a', team: 't', image: 'r/a:1', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '1' } }] })[0]).toMatchObject({ rule: 'AP109' });
    expect(issues({ ...withAgent({}), agents: [{ name: 'a', team: 't', image: 'r/a:1', secretEnv: [{ name: 'OTEL_EXPORTER_OTLP_HEADERS', secretName: 's', key: 'k' }] }] })).toEqual([]);
    expect(issues({ ...withAgent({}), agents: [{ name: 'a', team: 't', image: 'r/a:1', secretEnv: [{ name: 'OTEL_EXPORTER_OTLP_ENDPOINT', secretName: 's', key: 'k' }] }] })[0]).toMatchObject({ rule: 'AP109', path: 'agents[0].secretEnv[0].name' });
    const [e] = issues({ ...withAgent({}), agents: [{ name: 'a', team: 't', image: 'r/a:1', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' } }] });
    expect(e).toMatchObject({ rule: 'AP109', path: 'agents[0].env.OTEL_EXPORTER_OTLP_ENDPOINT', fix: 'remove it; set agents[0].telemetry.protocol, .endpoint or .attributes instead.' });
    expect(issues(withAgent({ attributes: { 'service.name': 'other' } }))[0]).toMatchObject({ rule: 'AP109', path: 'agents[0].telemetry.attributes.service.name' });
  });
});

describe('budgets and prices', () => {
  it('rejects budgets nothing measures or alerts on, and cost budgets without prices', () => {
    expect(issues({ teams: [{ name: 't', budget: { dailyTokens: 10 } }] })[0]).toMatchObject({ rule: 'AP120', path: 'teams[0].budget', message: expect.stringMatching(/collector, which is off/) });
    expect(issues({ features: { observability: { otel: true } }, teams: [{ name: 't', budget: { dailyTokens: 10 } }] })[0]!.fix).toMatch(/observability\.prometheusOperator: true/);
    expect(issues({ target: 'openshift', features: { observability: { otel: true } }, observability: { prometheusOperator: true }, teams: [{ name: 't', budget: { dailyCost: 5 } }] })).toEqual([
      expect.objectContaining({ rule: 'AP120', path: 'teams[0].budget.dailyCost' }),
    ]);
    expect(issues({ observability: { prices: [{ model: 'm', input: 1, output: 1 }, { model: 'm', input: 2, output: 2 }] } })[0]).toMatchObject({ rule: 'AP103', path: 'observability.prices[1].model' });
    const ownEndpoint = issues({
      target: 'openshift',
      features: { observability: { otel: true } },
      observability: { prometheusOperator: true },
      teams: [{ name: 't', allowExternalEgress: true, budget: { dailyTokens: 10 } }],
      agents: [{ name: 'a', team: 't', image: 'r/a:1', telemetry: { endpoint: 'https://otlp.vendor.example' } }],
    });
    expect(ownEndpoint).toEqual([expect.objectContaining({ rule: 'AP120', message: "1 of the team's agents export traces to their own endpoint, where the platform cannot count their tokens." })]);
    expect(issues({ observability: { prices: [{ model: 'a"b', input: 1, output: 1 }] } })[0]).toMatchObject({ path: 'observability.prices[0].model' });
  });
});

describe('alert rules', () => {
  const s = spec(OBSERVABILITY_SPEC);
  const groups = alertGroups(s, 'otel-collector-metrics', 'observability');
  const rules = groups.flatMap((g) => g.rules);
  const objs = objects('minimal', 'kind', OBSERVABILITY_SPEC);
  const config = deployedConfig(objs);
  const llmSeries = new Set(((config.connectors.signaltometrics as any).spans as any[]).flatMap((m) => promSeries({ ...m, kind: m.histogram ? 'histogram' : 'sum' })));
  const collectorSeries = new Map<string, readonly string[]>(Object.values(COLLECTOR_METRICS).map((m) => [m.name, m.labels]));

  it('read only metrics the collector produces, grouped by labels those metrics carry', () => {
    for (const r of rules) {
      for (const sel of selectors(r.expr)) {
        if (sel.metric === 'up') continue;
        const labels = collectorSeries.get(sel.metric) ?? (llmSeries.has(sel.metric) ? LLM_LABELS : undefined);
        expect(labels, `${r.alert} reads ${sel.metric}`).toBeDefined();
        for (const m of sel.matchers) expect(labels).toContain(m.label);
        const kept = outputLabels(r.expr);
        if (kept !== 'all') for (const l of kept) expect(labels).toContain(l);
      }
    }
  });
  it('alert when spans fail to export, queue up, are refused, or when the collector goes silent', () => {
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(render(byName.AgentplaneTraceExportFailing!.expr)).toBe('sum by (exporter) (rate(otelcol_exporter_send_failed_spans[5m])) > 0');
    expect(render(byName.AgentplaneTraceQueueFull!.expr)).toBe('sum by (exporter) (rate(otelcol_exporter_enqueue_failed_spans[5m])) > 0');
    expect(render(byName.AgentplaneTraceRefused!.expr)).toBe('sum by (receiver, transport) (rate(otelcol_receiver_refused_spans[5m])) > 0');
    const down = byName.AgentplaneCollectorDown!;
    expect(down.expr).toMatchObject({ kind: 'call', fn: 'absent' });
    const [up] = selectors(down.expr);
    // The absent() job is the Service the ServiceMonitor scrapes.
    const monitor = objs.find((o) => o.kind === 'ServiceMonitor')!;
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata.name === up!.matchers.find((m) => m.label === 'job')!.value)!;
    expect(matches(monitor.spec.selector.matchLabels, svc.metadata.labels ?? {})).toBe(true);
    expect(monitor.spec.endpoints.map((e: any) => e.port).sort()).toEqual(svc.spec.ports.map((p: any) => p.name).sort());
  });
  it('budget each team at 80% and 100% of its daily tokens and cost, on its own series', () => {
    const budgets = rules.filter((r) => r.alert.startsWith('AgentplaneTeam'));
    const summary = budgets.map((r) => {
      const [sel] = selectors(r.expr);
      const threshold = r.expr.kind === 'binary' && r.expr.rhs.kind === 'number' ? r.expr.rhs.value : NaN;
      return `${r.alert} ${r.labels!.team} ${sel!.metric}{${sel!.matchers.map((m) => `${m.label}=${m.value}`)}}[${sel!.range}] > ${threshold} ${r.severity}`;
    });
    expect(summary).toEqual([
      'AgentplaneTeamTokenBudget team1 agentplane_llm_tokens{service_namespace=team1}[1d] > 1600000 warning',
      'AgentplaneTeamTokenBudget team1 agentplane_llm_tokens{service_namespace=team1}[1d] > 2000000 critical',
      'AgentplaneTeamCostBudget team1 agentplane_llm_cost{service_namespace=team1}[1d] > 20 warning',
      'AgentplaneTeamCostBudget team1 agentplane_llm_cost{service_namespace=team1}[1d] > 25 critical',
      'AgentplaneTeamTokenBudget team2 agentplane_llm_tokens{service_namespace=team2}[1d] > 400000 warning',
      'AgentplaneTeamTokenBudget team2 agentplane_llm_tokens{service_namespace=team2}[1d] > 500000 critical',
    ]);
    for (const r of budgets) {
      // (increase over the day, for series older than a day) or (the whole value of younger series).
      expect(r.expr).toMatchObject({
        kind: 'binary',
        op: '>',
        lhs: {
          kind: 'aggregate',
          op: 'sum',
          by: ['service_namespace'],
          arg: { kind: 'binary', op: 'or', lhs: { kind: 'binary', op: 'and', lhs: { kind: 'call', fn: 'increase' }, rhs: { kind: 'selector', offset: '1d' } }, rhs: { kind: 'selector' } },
        },
      });
      const [inc, old, young] = selectors(r.expr);
      expect(old!.metric).toBe(inc!.metric);
      expect(young).toEqual({ kind: 'selector', metric: inc!.metric, matchers: inc!.matchers });
    }
    expect(render(budgets[1]!.expr)).toBe(
      'sum by (service_namespace) ((increase(agentplane_llm_tokens{service_namespace="team1"}[1d]) and agentplane_llm_tokens{service_namespace="team1"} offset 1d) or agentplane_llm_tokens{service_namespace="team1"}) > 2000000',
    );
  });
  it('are emitted as rendered in the PrometheusRule', () => {
    const pr = objs.find((o) => o.kind === 'PrometheusRule')!;
    const emitted = pr.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.expr));
    expect(emitted).toEqual(rules.map((r) => render(r.expr)));
    expect(promName({ name: 'agentplane.llm.tokens', unit: '{token}' })).toBe('agentplane_llm_tokens');
  });
});
