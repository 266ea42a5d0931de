import type { AutoInstrumentLanguage, OtlpProtocol } from '../spec/schema';

/** The languages the OpenTelemetry operator injects without leaving Pod Security `restricted`. */
export type InjectedLanguage = Exclude<AutoInstrumentLanguage, 'go'>;

/**
 * The OTLP protocol every injected SDK exports with: the default of the operator's Java agent
 * (2.x), Node.js, Python and .NET images, and the only one its Python image carries an
 * exporter for. Agents that are instrumented this way are wired to the collector's HTTP receiver.
 */
export const INJECTED_PROTOCOL: OtlpProtocol = 'http/protobuf';

/** How the operator injects one language (operator v0.158 `Instrumentation` v1alpha1). */
export interface InjectedLanguageFacts {
  /** Pod annotation whose value names the `Instrumentation` to inject. */
  readonly annotation: string;
  /**
   * Field of `spec.<language>` holding the init container's resources: `resources` for Java,
   * `resourceRequirements` for the others (an upstream inconsistency of the CRD).
   */
  readonly resourcesField: 'resources' | 'resourceRequirements';
  /** The operator's defaults for that init container, which the platform caps per team. */
  readonly defaultResources: { readonly requests: CpuMemory; readonly limits: CpuMemory };
}

interface CpuMemory {
  readonly cpu: string;
  readonly memory: string;
}

const ANNOTATION_PREFIX = 'instrumentation.opentelemetry.io/inject-';

export const INJECTED_LANGUAGES: Readonly<Record<InjectedLanguage, InjectedLanguageFacts>> = {
  java: { annotation: `${ANNOTATION_PREFIX}java`, resourcesField: 'resources', defaultResources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
  nodejs: { annotation: `${ANNOTATION_PREFIX}nodejs`, resourcesField: 'resourceRequirements', defaultResources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
  python: { annotation: `${ANNOTATION_PREFIX}python`, resourcesField: 'resourceRequirements', defaultResources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
  dotnet: { annotation: `${ANNOTATION_PREFIX}dotnet`, resourcesField: 'resourceRequirements', defaultResources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
};

/**
 * Why Go is refused rather than injected: the operator's Go instrumentation is an eBPF sidecar
 * that must run privileged as root (it sets that security context itself), which Pod Security
 * `restricted` on team namespaces rejects — and weakening the namespace is not an option.
 */
export const GO_REFUSAL = {
  message: 'Go auto-instrumentation is an eBPF sidecar the operator runs privileged and as root, which Pod Security restricted on team namespaces rejects.',
  fix: 'instrument the agent with the OpenTelemetry Go SDK (the platform wires its OTEL_* environment) and remove autoInstrument.',
} as const;

export function isInjectable(language: AutoInstrumentLanguage): language is InjectedLanguage {
  return language !== 'go';
}
