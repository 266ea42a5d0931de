import { LABELS } from '../core/labels';
import { restrictedContainerSecurityContext } from '../core/security';
import { transportOf, type OtlpTransport } from '../observability/endpoints';
import { parseQuantity } from '../spec/quantity';
import type { ResolvedAgent } from '../spec/resolve';
import { INJECTED_LANGUAGES, INJECTED_PROTOCOL, type InjectedLanguage } from './languages';
import type { InstrumentationCr } from './model';

/** Name of the one `Instrumentation` in each team namespace with instrumented agents; the annotations name it. */
export const INSTRUMENTATION_NAME = 'agentplane';

/** API group the operator serves `Instrumentation` from (its CRD provider must come first). */
export const INSTRUMENTATION_API_GROUP = 'opentelemetry.io';

/** The injected language of an agent, if the operator instruments it. */
export function injectedLanguage(agent: ResolvedAgent): InjectedLanguage | undefined {
  return agent.telemetry?.autoInstrument;
}

/** Pod-template annotation that asks the operator to inject the agent's language from the team's `Instrumentation`. */
export function injectionAnnotations(agent: ResolvedAgent): Record<string, string> {
  const language = injectedLanguage(agent);
  return language ? { [INJECTED_LANGUAGES[language].annotation]: INSTRUMENTATION_NAME } : {};
}

export interface TeamInstrumentationProps {
  readonly team: string;
  /** The team's agents; those without `autoInstrument` are ignored. */
  readonly agents: readonly ResolvedAgent[];
  /** The collector the agents export to: its in-cluster host and receiver ports. */
  readonly collector: { readonly host: string; readonly ports: Readonly<Record<OtlpTransport, number>> };
  readonly propagators: readonly string[];
  readonly labels: Record<string, string>;
}

/**
 * The team's `Instrumentation`, or undefined when no agent of the team is instrumented. The
 * agents' own OTEL_* environment (set by the platform) wins over it — the operator only fills
 * variables a container lacks — so it carries the same values: the collector's HTTP receiver,
 * the platform propagators, every trace sampled, the team as service namespace. Init containers
 * run restricted, and their resources never exceed any instrumented agent's of that language, so
 * injection changes neither the pod's effective requests (quota) nor the LimitRange verdict.
 */
export function teamInstrumentation(props: TeamInstrumentationProps): InstrumentationCr | undefined {
  const byLanguage = new Map<InjectedLanguage, ResolvedAgent[]>();
  for (const a of props.agents) {
    const language = injectedLanguage(a);
    if (language) byLanguage.set(language, [...(byLanguage.get(language) ?? []), a]);
  }
  if (byLanguage.size === 0) return undefined;
  const sections: Partial<Record<InjectedLanguage, Record<string, unknown>>> = {};
  for (const language of Object.keys(INJECTED_LANGUAGES) as InjectedLanguage[]) {
    const agents = byLanguage.get(language);
    if (!agents) continue;
    const facts = INJECTED_LANGUAGES[language];
    sections[language] = { [facts.resourcesField]: cappedResources(facts.defaultResources, agents) };
  }
  return {
    apiVersion: 'opentelemetry.io/v1alpha1',
    kind: 'Instrumentation',
    metadata: { name: INSTRUMENTATION_NAME, namespace: props.team, labels: { ...props.labels, [LABELS.team]: props.team } },
    spec: {
      // The receiver for the injected SDKs' protocol: the very URL the platform gives those agents.
      exporter: { endpoint: `http://${props.collector.host}:${props.collector.ports[transportOf(INJECTED_PROTOCOL)]}` },
      propagators: [...props.propagators],
      // The audit trail is complete: every trace the agent starts is recorded (as telemetryEnv).
      sampler: { type: 'parentbased_always_on' },
      resource: { resourceAttributes: { 'service.namespace': props.team } },
      // The init container only copies files into an emptyDir: read-only root is enough.
      initContainerSecurityContext: restrictedContainerSecurityContext(true),
      ...(sections as Pick<InstrumentationCr['spec'], InjectedLanguage>),
    },
  };
}

type CpuMemory = { cpu: string; memory: string };

/** The operator's default init container resources, lowered to the smallest of the agents'. */
function cappedResources(defaults: { requests: CpuMemory; limits: CpuMemory }, agents: readonly ResolvedAgent[]): { requests: CpuMemory; limits: CpuMemory } {
  const smallest = (kind: 'requests' | 'limits', resource: 'cpu' | 'memory') =>
    agents.map((a) => a.resources[kind][resource]).reduce((min, q) => (parseQuantity(q) < parseQuantity(min) ? q : min), defaults[kind][resource]);
  return {
    requests: { cpu: smallest('requests', 'cpu'), memory: smallest('requests', 'memory') },
    limits: { cpu: smallest('limits', 'cpu'), memory: smallest('limits', 'memory') },
  };
}
