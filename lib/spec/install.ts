import { SPEC_RULES as R } from '../rules';
import type { TargetProfile } from '../targets';
import type { ResolvedFeatures } from './features';
import { INSTALL_API_GROUPS, INSTALL_IDS, type InstallId, type InstallMode } from './install-ids';
import type { SpecIssue } from './issues';
import type { InstallSpec } from './schema';
import { CERT_MANAGER_NAMESPACE } from '../cert-manager/model';
import { ISTIO_SYSTEM_NAMESPACE, MESH_TRUST_DOMAIN } from '../istio/model';
import { KEYCLOAK_CR_NAME, KEYCLOAK_NAMESPACE } from '../keycloak/model';
import { PLATFORM_COLLECTOR } from '../observability/endpoints';

/** A product's resolved install state, and why. */
export interface InstallState {
  readonly mode: InstallMode;
  /** `spec`, `target <id>`, `needed by <what>` or `not needed`. */
  readonly reason: string;
}

/** Where each product is, for the components that install it or wire to it. */
export interface ResolvedInstall {
  readonly certManager: InstallState & { readonly namespace: string };
  readonly gatewayApi: InstallState;
  readonly istio: InstallState & { readonly namespace: string; readonly trustDomain: string };
  readonly spire: InstallState & { readonly className?: string; readonly trustDomain?: string; readonly bundleEndpoint?: string };
  readonly keycloak: InstallState & { readonly namespace: string; readonly instance: string };
  readonly agentOperator: InstallState;
  readonly otelCollector: InstallState & { readonly namespace: string; readonly service: string; readonly podLabels?: Readonly<Record<string, string>> };
  readonly tekton: InstallState;
  readonly shipwright: InstallState;
  readonly prometheus: InstallState & { readonly url?: string };
}

/**
 * Where an external product is when the spec does not say: the names the platform uses for its
 * own install, so components read one value whatever the mode.
 */
const EXTERNAL_DEFAULTS = {
  certManager: { namespace: CERT_MANAGER_NAMESPACE },
  istio: { namespace: ISTIO_SYSTEM_NAMESPACE, trustDomain: MESH_TRUST_DOMAIN },
  keycloak: { namespace: KEYCLOAK_NAMESPACE, instance: KEYCLOAK_CR_NAME },
  otelCollector: { namespace: PLATFORM_COLLECTOR.namespace, service: PLATFORM_COLLECTOR.service },
} as const;

/** What needs each product, given the features (the first that is on wins the reason). */
function neededBy(id: InstallId, f: ResolvedFeatures): string | undefined {
  const on = (feature: keyof ResolvedFeatures) => f[feature].on;
  switch (id) {
    case 'certManager':
      return on('certManager') ? 'features.certManager' : undefined;
    case 'keycloak':
      return 'the platform core (agent identities, the platform realm)';
    case 'agentOperator':
      return 'the platform core (AgentRuntimes, Agent Cards, the admission webhook)';
    case 'gatewayApi':
      return on('istio') ? 'features.istio (waypoints and the platform gateway are Gateway API resources)' : undefined;
    case 'istio':
      return on('istio') ? 'features.istio' : undefined;
    case 'spire':
      return on('spire') ? 'features.spire' : undefined;
    case 'otelCollector':
      return on('observability.otel') ? 'features.observability.otel' : undefined;
    case 'tekton':
      return on('shipwright') ? 'features.shipwright (Shipwright runs builds as Tekton TaskRuns)' : undefined;
    case 'shipwright':
      return on('shipwright') ? 'features.shipwright' : undefined;
    case 'prometheus':
      return on('kiali') ? 'features.kiali (Kiali reads mesh metrics from Prometheus)' : undefined;
  }
}

/** The mode a product takes when the spec leaves it unset: the cluster's own where the target has one. */
function targetDefault(id: InstallId, target: TargetProfile): InstallMode | undefined {
  if (id === 'gatewayApi' && target.gatewayApiProvided) return 'external';
  if (id === 'prometheus' && target.monitoringNamespace) return 'external';
  return undefined;
}

/** Default query URL of the cluster's own Prometheus (OpenShift: thanos-querier of cluster monitoring). */
function clusterPrometheusUrl(target: TargetProfile): string | undefined {
  return target.monitoringNamespace ? 'https://thanos-querier.openshift-monitoring.svc.cluster.local:9091' : undefined;
}

/**
 * Resolves `install`: each product's mode (spec, else target default, else managed when needed,
 * else off) and the facts of external installs. A product that is needed but `off` is an error
 * naming both fields; settings of a product that is not needed get a note.
 */
export function resolveInstall(spec: InstallSpec, target: TargetProfile, features: ResolvedFeatures, issues: SpecIssue[], notes: string[]): ResolvedInstall {
  const states = {} as Record<InstallId, InstallState & Record<string, unknown>>;
  for (const id of INSTALL_IDS) {
    const entry = spec[id];
    const given = typeof entry === 'string' ? entry : entry?.mode;
    const settings = typeof entry === 'object' ? (({ mode: _mode, ...rest }) => rest)(entry) : {};
    const need = neededBy(id, features);
    const byTarget = targetDefault(id, target);
    const mode: InstallMode = given ?? (need ? (byTarget ?? 'managed') : 'off');
    const reason = given ? 'spec' : need ? (byTarget ? `target ${target.id}` : `needed by ${need}`) : 'not needed';
    const path = `install.${id}`;
    if (mode === 'off' && need) {
      issues.push({
        rule: R.installModes.id,
        path,
        message: `is off, but ${need} needs it.`,
        fix:
          id === 'prometheus' && !target.monitoringNamespace
            ? `set ${path}: managed (Istio's sample Prometheus) or { mode: external, url: <query URL> }; or turn off what needs it.`
            : `set ${path}: external if it is already on the cluster, or managed; or turn off what needs it.`,
      });
    } else if (given && given !== 'off' && !need) {
      notes.push(`${path}: ${given} has no effect: nothing that is on needs it.`);
    }
    if (Object.keys(settings).length > 0 && mode !== 'external') {
      issues.push({
        rule: R.installModes.id,
        path,
        message: `${Object.keys(settings).join(', ')} describe${Object.keys(settings).length === 1 ? 's' : ''} an external install, but the mode is ${mode}.`,
        fix: `set ${path}.mode: external, or remove ${Object.keys(settings).join(', ')}.`,
      });
    }
    states[id] = { mode, reason, ...(EXTERNAL_DEFAULTS as Partial<Record<InstallId, object>>)[id], ...settings };
  }
  if (states.gatewayApi.mode === 'managed' && target.gatewayApiProvided) {
    notes.push(`install.gatewayApi: managed on ${target.id}: OpenShift 4.19+ owns the Gateway API CRDs and the two would collide; keep it only on older clusters ('agentplane preflight' checks).`);
  }
  if (states.prometheus.mode === 'managed' && target.monitoringNamespace) {
    issues.push({
      rule: R.installModes.id,
      path: 'install.prometheus',
      message: `the ${target.id} target's Prometheus is cluster monitoring; the platform installs no Prometheus there.`,
      fix: 'set install.prometheus: external (the default on this target).',
    });
  }
  if (states.otelCollector.mode === 'external' && features['observability.phoenix'].on) {
    issues.push({
      rule: R.installModes.id,
      path: 'install.otelCollector',
      message: 'Phoenix receives traces from the platform collector\'s exporter; an external collector\'s configuration is not the platform\'s to change.',
      fix: 'set install.otelCollector: managed, or features.observability.phoenix: false (and export to Phoenix from your collector).',
    });
  }
  const meshNamespace = states.istio.namespace as string;
  const kialiReadsSamplePrometheus = features.kiali.on && target.kialiDelivery === 'helm' && states.prometheus.mode === 'managed';
  if (kialiReadsSamplePrometheus && states.istio.mode === 'external' && meshNamespace !== ISTIO_SYSTEM_NAMESPACE) {
    // Kiali follows the mesh into its namespace, but the sample Prometheus's manifests name
    // istio-system, which only a mesh there (ours, or an external one) provides.
    issues.push({
      rule: R.installModes.id,
      path: 'install.prometheus',
      message: `managed is Istio's sample Prometheus, whose manifests are fixed to namespace istio-system; the external mesh runs in ${meshNamespace}.`,
      fix: 'set install.prometheus: { mode: external, url: <your Prometheus query URL> }, or keep the external mesh in istio-system.',
    });
  }
  const prometheusUrl = (states.prometheus.url as string | undefined) ?? clusterPrometheusUrl(target);
  if (states.prometheus.mode === 'external' && neededBy('prometheus', features) && !prometheusUrl) {
    issues.push({
      rule: R.installModes.id,
      path: 'install.prometheus.url',
      message: `is required when install.prometheus is external on ${target.id}: Kiali queries that Prometheus, and the target has no cluster monitoring to default to.`,
      fix: 'set install.prometheus.url to its query URL (e.g. http://prometheus.monitoring.svc:9090), or install.prometheus: managed (Istio\'s sample Prometheus).',
    });
  }
  if (prometheusUrl) states.prometheus.url = prometheusUrl;
  // Every entry now holds its mode, reason, external defaults and settings: the resolved shape.
  return states as unknown as ResolvedInstall;
}

/** API groups served by external products (their custom resources need no provider in the plan). */
export function externalInstallGroups(install: ResolvedInstall): string[] {
  return INSTALL_IDS.filter((id) => install[id].mode === 'external').flatMap((id) => INSTALL_API_GROUPS[id]);
}

/** Namespaces of external products, with the product: teams may not take them. */
export function externalInstallNamespaces(install: ResolvedInstall): Map<string, InstallId> {
  const out = new Map<string, InstallId>();
  for (const id of Object.keys(EXTERNAL_DEFAULTS) as (keyof typeof EXTERNAL_DEFAULTS)[]) {
    if (install[id].mode === 'external') out.set(install[id].namespace, id);
  }
  return out;
}
