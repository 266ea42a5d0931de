/**
 * Typed subset of the OpenTelemetry operator's `opentelemetry.io/v1alpha1` Instrumentation: the
 * fields the platform sets (operator v0.158 CRD; the shared CRD schema has the same fields).
 */
export interface InstrumentationCr {
  apiVersion: 'opentelemetry.io/v1alpha1';
  kind: 'Instrumentation';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    exporter: { endpoint: string };
    propagators: string[];
    sampler: { type: 'parentbased_always_on' };
    resource: { resourceAttributes: Record<string, string> };
    /** Applied to every injected init container (operator v0.153+; older ones copy the agent container's). */
    initContainerSecurityContext: Record<string, unknown>;
    java?: LanguageSection<'resources'>;
    nodejs?: LanguageSection<'resourceRequirements'>;
    python?: LanguageSection<'resourceRequirements'>;
    dotnet?: LanguageSection<'resourceRequirements'>;
  };
}

type Resources = { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
type LanguageSection<F extends string> = { [K in F]: Resources };
