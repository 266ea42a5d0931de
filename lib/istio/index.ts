import { webhookCaFields } from '../core/drift';
import { Construct } from 'constructs';
import { defineComponent, type BuildContext } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { OlmSubscription } from '../core/olm';
import { declareProvidedApiGroups } from '../core/provides';
import { HelmRelease } from '../core/upstream';
import { PINS } from '../pins';
import { ISTIO_SYSTEM_NAMESPACE, MESH_TRUST_DOMAIN, type SailCr } from './model';

/** What the mesh offers: names and conventions tenancy and ingress build policies from. */
export interface IstioExports {
  readonly systemNamespace: string;
  /** Mesh trust domain of workload principals (`<td>/ns/<ns>/sa/<sa>`). */
  readonly trustDomain: string;
  /** Namespace label (and value) enrolling a namespace in the ambient mesh. */
  readonly ambientLabel: { readonly key: string; readonly value: string };
  /** Service/namespace label binding traffic to a waypoint. */
  readonly useWaypointLabel: string;
  readonly waypointClass: string;
  readonly gatewayClass: string;
  /** HBONE port ztunnel and waypoints tunnel mesh traffic on (NetworkPolicies must admit it). */
  readonly hbonePort: number;
  /** istiod's xDS and CA port, which waypoint proxies must reach. */
  readonly xdsPort: number;
  /** Source address of kubelet health probes after istio-cni rewrites them (ambient). */
  readonly probeSourceAddress: string;
  /** Workload principal of a service account, as AuthorizationPolicies match it. */
  principal(namespace: string, serviceAccount: string): string;
}

export { ISTIO_SYSTEM_NAMESPACE } from './model';
const SYSTEM = ISTIO_SYSTEM_NAMESPACE;
const CNI = 'istio-cni';
const ZTUNNEL = 'istio-ztunnel';
/** API groups of Istio's own CRDs (installed by the base chart, or by Sail for an `Istio`). */
const ISTIO_GROUPS = ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'];

export const istio = defineComponent({
  id: 'istio',
  title: 'Istio Ambient mesh (istiod, istio-cni, ztunnel)',
  toggles: ['istio'],
  install: 'istio',
  // An ambient-mode Istio already running: policies, waypoints and enrolment labels wire to it.
  external: (ctx) => meshExports(ctx.spec.install.istio.namespace, ctx.spec.install.istio.trustDomain),
  dependsOn: [],
  optionalDependsOn: ['gateway-api'],
  pins: (t) => (t.meshDelivery === 'olm' ? ['sail-operator', 'istio'] : ['istio']),
  delivery: (t) =>
    t.meshDelivery === 'olm'
      ? 'OpenShift Service Mesh 3 (Sail) via OLM; Istio, IstioCNI and ZTunnel resources, profile ambient'
      : `upstream Helm charts base, istiod (profile ambient), cni, ztunnel from ${PINS.istio.source}`,
  namespaces: () => [SYSTEM, CNI, ZTUNNEL],
  build(scope, ctx) {
    const labels = commonLabels('istio');
    const nss = [SYSTEM, CNI, ZTUNNEL].map((name) => restrictedNamespace(scope, `namespace-${name}`, { name, target: ctx.target, labels }));
    const control = ctx.target.meshDelivery === 'olm' ? sail(scope, ctx, labels) : charts(scope, ctx, labels);
    control.node.addDependency(...nss);
    return meshExports(SYSTEM, MESH_TRUST_DOMAIN);
  },
});

/** What every mesh-aware component needs to know about an ambient Istio in `systemNamespace`. */
function meshExports(systemNamespace: string, trustDomain: string): IstioExports {
  return {
    systemNamespace,
    trustDomain,
    ambientLabel: { key: 'istio.io/dataplane-mode', value: 'ambient' },
    useWaypointLabel: 'istio.io/use-waypoint',
    waypointClass: 'istio-waypoint',
    gatewayClass: 'istio',
    hbonePort: 15008,
    xdsPort: 15012,
    probeSourceAddress: '169.254.7.127',
    principal: (ns: string, sa: string) => `${trustDomain}/ns/${ns}/sa/${sa}`,
  };
}

/** istiod values shared by both deliveries: ztunnel's own namespace, restricted istiod pods. */
function istiodValues(ctx: BuildContext): Record<string, unknown> {
  return {
    pilot: {
      trustedZtunnelNamespace: ZTUNNEL,
      seccompProfile: { type: 'RuntimeDefault' },
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
    meshConfig: { trustDomain: MESH_TRUST_DOMAIN },
    ...(ctx.target.istioPlatform ? { global: { platform: ctx.target.istioPlatform } } : {}),
  };
}

/** kind and MicroShift: the four upstream charts, in Istio's documented order. */
function charts(scope: Construct, ctx: BuildContext, labels: Record<string, string>): Construct {
  const group = new Construct(scope, 'control-plane');
  const { spec, target } = ctx;
  const common = { repo: PINS.istio.source, version: spec.versions.istio, argoNamespace: spec.gitops.argoNamespace, argoProject: spec.gitops.project, labels };
  const platform = target.istioPlatform ? { global: { platform: target.istioPlatform } } : {};
  // istiod patches caBundle into its webhooks and flips the validator's failurePolicy to Fail.
  const istiodWrites = webhookCaFields('istiod', { validatingFailurePolicy: true, mutating: true });
  const base = new HelmRelease(group, 'base', { ...common, name: 'istio-base', chart: 'base', namespace: SYSTEM, values: { defaultRevision: 'default' }, providesApiGroups: ISTIO_GROUPS, controllerOwnedFields: istiodWrites });
  const istiod = new HelmRelease(group, 'istiod', { ...common, name: 'istiod', chart: 'istiod', namespace: SYSTEM, values: { profile: 'ambient', ...istiodValues(ctx) }, controllerOwnedFields: istiodWrites });
  const cniDirs = spec.mesh.cni ? { ...(spec.mesh.cni.binDir ? { cniBinDir: spec.mesh.cni.binDir } : {}), ...(spec.mesh.cni.confDir ? { cniConfDir: spec.mesh.cni.confDir } : {}) } : {};
  const cni = new HelmRelease(group, 'cni', {
    ...common,
    name: 'istio-cni',
    chart: 'cni',
    namespace: CNI,
    // Istio 1.24+ charts take their values at the top level (no `cni:` prefix).
    values: { profile: 'ambient', ...platform, ...cniDirs, resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
  });
  const ztunnel = new HelmRelease(group, 'ztunnel', {
    ...common,
    name: 'ztunnel',
    chart: 'ztunnel',
    namespace: ZTUNNEL,
    values: { profile: 'ambient', ...platform, resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } } },
  });
  istiod.node.addDependency(base);
  cni.node.addDependency(istiod);
  ztunnel.node.addDependency(cni);
  return group;
}

/** OpenShift: Sail (OSSM 3) from OLM, then its three resources; Sail installs Istio's CRDs. */
function sail(scope: Construct, ctx: BuildContext, labels: Record<string, string>): Construct {
  const group = new Construct(scope, 'control-plane');
  const version = `v${ctx.spec.versions.istio}`;
  const operator = new OlmSubscription(group, 'operator', {
    packageName: 'servicemeshoperator3',
    channel: ctx.spec.versions['sail-operator'],
    namespace: 'openshift-operators',
    createOperatorGroup: false,
    providesApiGroups: ['sailoperator.io'],
    labels,
  });
  const cr = (id: string, kind: SailCr['kind'], namespace: string, extra: Partial<SailCr['spec']>) =>
    kube<SailCr>(group, id, { apiVersion: 'sailoperator.io/v1', kind, metadata: { name: 'default', labels }, spec: { namespace, version, ...extra } });
  const istioCr = cr('istio', 'Istio', SYSTEM, { profile: 'ambient', values: istiodValues(ctx) });
  declareProvidedApiGroups(istioCr, ISTIO_GROUPS);
  const cniCr = cr('istio-cni', 'IstioCNI', CNI, { profile: 'ambient' });
  const ztunnelCr = cr('ztunnel', 'ZTunnel', ZTUNNEL, {});
  istioCr.node.addDependency(operator);
  cniCr.node.addDependency(istioCr);
  ztunnelCr.node.addDependency(cniCr);
  return group;
}
