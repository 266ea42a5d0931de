/**
 * Auto-instrumentation (agents' `telemetry.autoInstrument`) is not a component of its own:
 * components are switched by feature toggles, and this one is switched by agents. It is built by
 * tenancy, the first component after both cert-manager (the operator's webhook certificate) and
 * the collector (where the injected SDKs export), and the only one that can order the team's
 * `Instrumentation` after its namespace and before the agents' Deployments (a pod created before
 * its `Instrumentation` exists would start uninstrumented).
 */
import type { ResolvedSpec } from '../spec/resolve';
import type { TargetProfile } from '../targets';

export { GO_REFUSAL, INJECTED_LANGUAGES, INJECTED_PROTOCOL, isInjectable, type InjectedLanguage } from './languages';
export { INSTRUMENTATION_API_GROUP, INSTRUMENTATION_NAME, injectedLanguage, injectionAnnotations, teamInstrumentation } from './instrumentation';
export type { InstrumentationCr } from './model';
export { OPERATOR_NAMESPACE, OpenTelemetryOperator, operatorChartValues } from './operator';

/** Teams with at least one instrumented agent, in spec order. */
export function instrumentedTeams(spec: ResolvedSpec): string[] {
  const teams = new Set(spec.agents.filter((a) => a.telemetry?.autoInstrument).map((a) => a.team));
  return spec.teams.map((t) => t.name).filter((t) => teams.has(t));
}

/**
 * Whether the platform must install the upstream operator: some agent is instrumented and the
 * target does not get the operator from OLM with the collector (OpenShift's Red Hat build).
 */
export function needsOperatorChart(spec: ResolvedSpec, target: TargetProfile): boolean {
  return target.collectorDelivery !== 'olm' && instrumentedTeams(spec).length > 0;
}
