import { Construct } from 'constructs';
import { restrictedNamespace } from '../core/namespace';
import { HelmRelease } from '../core/upstream';
import { PINS } from '../pins';
import type { ResolvedSpec } from '../spec/resolve';
import type { TargetProfile } from '../targets';
import { INSTRUMENTATION_API_GROUP } from './instrumentation';

/** Namespace of the upstream operator (kind, MicroShift); reserved, so no team can take it. */
export const OPERATOR_NAMESPACE = 'opentelemetry-operator-system';
/** Helm release of the operator (kind, MicroShift). */
export const OPERATOR_RELEASE = 'opentelemetry-operator';

/** UID and group the chart runs the operator as. */
const CHART_UID = 65532;

export interface OpenTelemetryOperatorProps {
  readonly spec: ResolvedSpec;
  readonly target: TargetProfile;
  /** Team namespaces with instrumented agents: the only ones its webhooks act on. */
  readonly teams: readonly string[];
  readonly labels: Record<string, string>;
}

/**
 * The upstream OpenTelemetry operator (Helm chart) on targets where the platform does not get it
 * from OLM: it injects auto-instrumentation into annotated agent pods. Its webhook serving
 * certificate comes from cert-manager; its webhooks see only the team namespaces with instrumented
 * agents, and fail closed on pods there, so an instrumented agent never starts uninstrumented.
 */
export class OpenTelemetryOperator extends Construct {
  readonly release: HelmRelease;
  constructor(scope: Construct, id: string, props: OpenTelemetryOperatorProps) {
    super(scope, id);
    const { spec, target, labels } = props;
    const range = `${CHART_UID}/1`;
    // Where SCCs assign UIDs (MicroShift), the namespace's range is exactly the chart's UID, so
    // restricted-v2 admits the chart's pods unchanged.
    const ns = restrictedNamespace(this, 'namespace', {
      name: OPERATOR_NAMESPACE,
      target,
      labels,
      ...(target.assignsUids ? { annotations: { 'openshift.io/sa.scc.uid-range': range, 'openshift.io/sa.scc.supplemental-groups': range } } : {}),
    });
    const pin = PINS['opentelemetry-operator-chart'];
    this.release = new HelmRelease(this, 'chart', {
      name: OPERATOR_RELEASE,
      namespace: OPERATOR_NAMESPACE,
      repo: pin.source.slice(0, pin.source.lastIndexOf('/')),
      chart: pin.source.slice(pin.source.lastIndexOf('/') + 1),
      version: spec.versions['opentelemetry-operator-chart'],
      values: operatorChartValues(spec, props.teams),
      providesApiGroups: [INSTRUMENTATION_API_GROUP],
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
    });
    this.release.node.addDependency(ns);
  }
}

/**
 * Values of the pinned chart. The operator image is the chart's appVersion (fixed per chart
 * version); the pod and container security contexts of the chart are already restricted
 * (non-root UID 65532, RuntimeDefault seccomp, no privilege escalation, all capabilities
 * dropped), so only resources are ours to add. The chart requires a collector image although the
 * platform runs no operator-managed collector here: it gets the pinned contrib image.
 */
export function operatorChartValues(spec: ResolvedSpec, teams: readonly string[]): Record<string, unknown> {
  return {
    manager: {
      collectorImage: { repository: PINS['otel-collector'].source, tag: spec.versions['otel-collector'] },
      // Go injection is a privileged eBPF sidecar: never enabled (the spec refuses autoInstrument: go).
      autoInstrumentation: { go: { enabled: false } },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    },
    admissionWebhooks: {
      certManager: { enabled: true },
      autoGenerateCert: { enabled: false },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...teams] }] },
      pods: { failurePolicy: 'Fail' },
    },
    crds: { create: true },
  };
}
