import { collectorEndpoint, isCollectorHost, OTLP_PORTS, PLATFORM_COLLECTOR, transportOf, type CollectorLocation } from '../observability/endpoints';
import { GO_REFUSAL, INJECTED_PROTOCOL, isInjectable, type InjectedLanguage } from '../auto-instrumentation/languages';
import { SPEC_RULES as R } from '../rules';
import type { SpecIssue } from './issues';
import type { AgentSpec, AutoInstrumentLanguage, OtlpProtocol, ParsedSpec } from './schema';

/** An agent's OTLP export after resolution: always a protocol and an endpoint that match. */
export interface ResolvedTelemetry {
  readonly protocol: OtlpProtocol;
  /** Base URL (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly endpoint: string;
  /** True when the endpoint is a receiver of the platform collector. */
  readonly platformCollector: boolean;
  readonly propagators: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  /** Language whose SDK the OpenTelemetry operator injects; absent when the agent instruments itself. */
  readonly autoInstrument?: InjectedLanguage;
}

/**
 * OpenTelemetry SDK variables the platform wires from `telemetry` and `observability`; set in
 * `env` they would bypass the protocol/port check, so they are reserved.
 */
export const OTEL_ENV = [
  'OTEL_SDK_DISABLED', 'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_PROPAGATORS',
  'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG',
] as const;

/**
 * Whether an environment variable is OpenTelemetry wiring the platform owns: the names above and
 * every `OTEL_EXPORTER_OTLP_*` (endpoints, protocols, TLS, timeouts) — except the headers an own
 * endpoint may need, which are credentials and so allowed only from a Secret (`secretEnv`).
 */
export function isOtelWiring(name: string, fromSecret: boolean): boolean {
  if ((OTEL_ENV as readonly string[]).includes(name)) return true;
  if (!name.startsWith('OTEL_EXPORTER_OTLP_')) return false;
  return !(fromSecret && /^OTEL_EXPORTER_OTLP_(TRACES_)?HEADERS$/.test(name));
}

/** Resource attributes the platform sets on every agent (users may add others). */
export const PLATFORM_RESOURCE_ATTRIBUTES = ['service.name', 'service.namespace', 'k8s.namespace.name', 'k8s.deployment.name', 'spiffe.id'] as const;

/**
 * Resolves and checks one agent's telemetry. Without the collector and without an explicit
 * endpoint the agent gets no OTLP wiring at all (never a dangling endpoint). An explicit endpoint
 * must agree with the protocol: gRPC never to 4318, HTTP never to 4317, and the platform collector
 * only on the receiver port of that protocol — the mismatch that silently lost traces upstream.
 * It must also be reachable from the team's default-deny namespace, and carry no credentials.
 */
export function resolveTelemetry(
  agent: AgentSpec,
  i: number,
  spec: ParsedSpec,
  otelOn: boolean,
  issues: SpecIssue[],
  /** The collector the team namespaces admit: ours, or the external one of `install.otelCollector`. */
  collector: CollectorLocation = PLATFORM_COLLECTOR,
): ResolvedTelemetry | undefined {
  const allowExternalEgress = spec.teams.find((team) => team.name === agent.team)?.allowExternalEgress ?? false;
  const t = agent.telemetry;
  const auto = t.autoInstrument;
  // An injected SDK speaks what the operator's image carries, not the platform's default.
  const protocol = t.protocol ?? (auto ? INJECTED_PROTOCOL : spec.observability.protocol);
  const base = { propagators: spec.observability.propagators, attributes: t.attributes, ...(auto && isInjectable(auto) ? { autoInstrument: auto } : {}) };
  const path = `agents[${i}].telemetry`;
  if (auto) checkAutoInstrument(auto, t.protocol, path, otelOn, issues);
  for (const key of Object.keys(t.attributes)) {
    if ((PLATFORM_RESOURCE_ATTRIBUTES as readonly string[]).includes(key)) {
      issues.push({ path: `${path}.attributes.${key}`, rule: R.platformEnv.id, message: `${key} is set by the platform (agent, team, namespace and SPIFFE ID).`, fix: 'remove it.' });
    }
  }
  if (t.endpoint === undefined) {
    return otelOn ? { ...base, protocol, endpoint: collectorEndpoint(protocol, collector), platformCollector: true } : undefined;
  }
  const url = new URL(t.endpoint);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const transport = transportOf(protocol);
  const other = transport === 'grpc' ? 'http' : 'grpc';
  const before = issues.length;
  const issue = (message: string, fix: string, rule: string = R.telemetryWiring.id) => issues.push({ path: `${path}.endpoint`, rule, message, fix });
  if (url.username || url.password) {
    issue('carries credentials in the URL, which would end up in Git and in the output.', `remove them; send headers from a Secret: secretEnv: [{ name: OTEL_EXPORTER_OTLP_HEADERS, secretName: <secret>, key: <key> }].`, R.secretsByReference.id);
  }
  if (port === OTLP_PORTS[other]) {
    issue(
      `protocol ${protocol} sends ${transport === 'grpc' ? 'gRPC' : 'HTTP'} to port ${port}, the standard OTLP/${other === 'grpc' ? 'gRPC' : 'HTTP'} port: spans would be dropped silently.`,
      `use port ${OTLP_PORTS[transport]} for ${protocol}, or set ${path}.protocol to ${other === 'grpc' ? 'grpc' : 'http/protobuf'}.`,
    );
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const platformCollector = isCollectorHost(host, collector);
  if (platformCollector) {
    if (!otelOn) issue('points at the platform collector, which is not installed (features.observability.otel is off).', 'turn on features.observability.otel, or point at your own collector.');
    else if (port !== OTLP_PORTS[other] && port !== OTLP_PORTS[transport]) {
      issue(`the platform collector has no receiver on port ${port} (gRPC ${OTLP_PORTS.grpc}, HTTP ${OTLP_PORTS.http}).`, `remove ${path}.endpoint: the platform wires ${collectorEndpoint(protocol, collector)}.`);
    }
    if (url.protocol === 'https:') issue('the platform collector receivers are plaintext inside the cluster (the mesh encrypts); https would fail the handshake.', 'use http://, or remove the endpoint.');
  } else {
    // Anything else must be reachable from the team's default-deny namespace: only the platform
    // collector (in the cluster) and external addresses on 443 (allowExternalEgress) are.
    const fix = `remove ${path}.endpoint to use the platform collector, or use an external https:// endpoint on port 443 with allowExternalEgress on the team.`;
    if (host === 'localhost' || /^127\./.test(host) || host === '[::1]') issue('is the agent\'s own pod: no collector runs there.', fix);
    else if (!host.includes('.') && !host.startsWith('[')) issue(`"${host}" is a bare name: it resolves in the agent's own namespace, where no collector runs.`, fix);
    else if (/\.(svc|cluster\.local)$/.test(host) || /^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|169\.254\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.)/.test(host)) {
      issue(`"${host}" is inside the cluster network, and the team's default-deny egress admits no collector there but the platform's.`, fix);
    } else if (!allowExternalEgress || port !== 443) {
      issue(`"${host}:${port}" is outside the cluster; the team's default-deny admits external egress only on 443 and only with allowExternalEgress.`, fix);
    }
  }
  const p = url.pathname.replace(/\/+$/, '');
  if (transport === 'grpc' && p !== '') issue(`gRPC endpoints have no path ("${url.pathname}").`, 'remove the path.');
  if (transport === 'http' && /\/v1\/(traces|metrics|logs)$/.test(p)) {
    issue(`"${url.pathname}" is a signal path, but the SDK appends /v1/traces to this base endpoint (traces would go to ${p}/v1/traces).`, 'give the base URL without /v1/traces.');
  }
  if (issues.length > before) return undefined;
  return { ...base, protocol, endpoint: t.endpoint.replace(/\/+$/, ''), platformCollector };
}

/**
 * An agent the OpenTelemetry operator instruments: the operator is delivered with the collector
 * (and its `Instrumentation` exports to it), the injected code must keep the pod `restricted`,
 * and an explicit protocol must be the one the injected SDK exports with.
 */
function checkAutoInstrument(language: AutoInstrumentLanguage, protocol: OtlpProtocol | undefined, path: string, otelOn: boolean, issues: SpecIssue[]): void {
  if (!isInjectable(language)) {
    issues.push({ path: `${path}.autoInstrument`, rule: R.autoInstrumentation.id, message: GO_REFUSAL.message, fix: GO_REFUSAL.fix });
    return;
  }
  if (!otelOn) {
    issues.push({
      path: `${path}.autoInstrument`,
      rule: R.autoInstrumentation.id,
      message: 'needs the OpenTelemetry operator that injects it and the collector its Instrumentation exports to, both delivered with features.observability.otel, which is off.',
      fix: `turn on features.observability.otel, or remove ${path}.autoInstrument.`,
    });
  }
  if (protocol !== undefined && protocol !== INJECTED_PROTOCOL) {
    issues.push({
      path: `${path}.protocol`,
      rule: R.telemetryWiring.id,
      message: `${protocol} contradicts autoInstrument: ${language}: the injected SDK exports OTLP ${INJECTED_PROTOCOL} (port ${OTLP_PORTS.http}), so the agent would be wired to a receiver its spans never reach.`,
      fix: `remove ${path}.protocol (auto-instrumented agents use ${INJECTED_PROTOCOL}), or remove ${path}.autoInstrument and instrument the agent with an SDK.`,
    });
  }
}
