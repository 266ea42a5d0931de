import type { ComponentId } from '../core/component';
import { apiGroupOf, type KubeObject } from '../core/plan';
import type { ResolvedSpec } from '../spec/resolve';
import { clusterObjects, type SynthOutput } from '../synth';
import type { TargetProfile } from '../targets';

/** An API group whose CRDs a unit of the plan installs. */
export interface ProvidedGroup {
  readonly group: string;
  readonly component: ComponentId;
  /** The Helm release installing it, when a chart does (so a release of ours can be recognised). */
  readonly helmRelease?: { readonly name: string; readonly namespace: string };
}

/** An operator the output installs with an OLM Subscription. */
export interface PlannedSubscription {
  readonly package: string;
  readonly namespace: string;
  readonly channel: string;
  readonly component: ComponentId;
}

/** A volume the platform claims: a PVC, a StatefulSet volumeClaimTemplate, or a chart's own claim. */
export interface PlannedClaim {
  /** What claims it, e.g. `StatefulSet keycloak/keycloak-postgres`. */
  readonly by: string;
  /** Unset: the cluster default StorageClass provisions it. `''` asks for no dynamic provisioning. */
  readonly storageClassName?: string;
}

/** An API version the output uses that neither Kubernetes' core nor the plan provides. */
export interface RequiredApi {
  readonly group: string;
  readonly version: string;
  readonly kinds: readonly string[];
}

/** The Kubernetes minor an API needs, and why. */
export interface KubernetesMinimum {
  readonly major: number;
  readonly minor: number;
  readonly why: string;
}

/** What preflight compares with the cluster: the parts of the spec and its synthesized output that touch existing state. */
export interface SpecView {
  readonly target: TargetProfile;
  readonly domain: string;
  readonly components: readonly ComponentId[];
  readonly providedGroups: readonly ProvidedGroup[];
  readonly subscriptions: readonly PlannedSubscription[];
  /** Namespaces the output creates, with the component creating each. */
  readonly namespaces: readonly { readonly name: string; readonly component: ComponentId }[];
  readonly claims: readonly PlannedClaim[];
  readonly requiredApis: readonly RequiredApi[];
  /** Names of the Argo CD Applications the output creates: objects tracked by them are ours. */
  readonly argoApps: readonly string[];
  /** Namespace Argo CD is expected in. */
  readonly argoNamespace: string;
  readonly minimumKubernetes?: KubernetesMinimum;
  /** SPIRE by the Zero Trust Workload Identity Manager (OLM), with its channel; undefined when SPIRE is off or by Helm. */
  readonly ztwimChannel?: string;
}

/**
 * APIs the output may use that Kubernetes served late, with the first minor serving them by
 * default. The guardrails emit `admissionregistration.k8s.io/v1` ValidatingAdmissionPolicy (and
 * bindings), GA and on by default from 1.30; 1.28-1.29 serve only v1beta1, behind a flag.
 */
const LATE_APIS: readonly { readonly apiVersion: string; readonly kinds: readonly string[]; readonly minimum: KubernetesMinimum }[] = [
  {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    minimum: { major: 1, minor: 30, why: 'the guardrails use ValidatingAdmissionPolicy admissionregistration.k8s.io/v1, GA from Kubernetes 1.30' },
  },
];

/** The core group (`v1`) has no /apis entry. */
const CORE_GROUP = '';

/** Derives the {@link SpecView} from the resolved spec and its in-memory synthesis. */
export function specView(spec: ResolvedSpec, out: Pick<SynthOutput, 'platform' | 'plan' | 'files'>): SpecView {
  const objects = clusterObjects(out.files);
  const unitByKey = new Map(out.plan.units.map((u) => [u.key, u]));

  const providedGroups = [...out.plan.providedGroups].map(([group, key]): ProvidedGroup => {
    const unit = unitByKey.get(key)!;
    return unit.type === 'helm' ? { group, component: unit.component, helmRelease: { name: unit.release.releaseName, namespace: unit.release.namespace } } : { group, component: unit.component };
  });
  const provided = new Set(providedGroups.map((p) => p.group));

  const subscriptions = out.plan.units.flatMap((u): PlannedSubscription[] => {
    if (u.type !== 'object' || u.object.kind !== 'Subscription' || apiGroupOf(u.object.apiVersion) !== 'operators.coreos.com') return [];
    const s = u.object.spec as { name: string; channel: string };
    return [{ package: s.name, namespace: u.object.metadata.namespace ?? '', channel: s.channel, component: u.component }];
  });

  const requiredApis = new Map<string, { group: string; version: string; kinds: Set<string> }>();
  for (const o of objects) {
    const group = apiGroupOf(o.apiVersion);
    if (group === CORE_GROUP || provided.has(group)) continue;
    const entry = requiredApis.get(o.apiVersion) ?? { group, version: o.apiVersion.slice(group.length + 1), kinds: new Set<string>() };
    entry.kinds.add(o.kind);
    requiredApis.set(o.apiVersion, entry);
  }

  const minimumKubernetes = LATE_APIS.filter((a) => objects.some((o) => o.apiVersion === a.apiVersion && a.kinds.includes(o.kind)))
    .map((a) => a.minimum)
    .sort((x, y) => y.major - x.major || y.minor - x.minor)[0];

  const components = out.platform.components.map((c) => c.def.id);
  const spireOn = components.includes('spire');
  return {
    target: spec.target,
    domain: spec.domain,
    components,
    providedGroups,
    subscriptions,
    namespaces: out.plan.units.flatMap((u) => (u.type === 'object' && u.object.apiVersion === 'v1' && u.object.kind === 'Namespace' ? [{ name: u.object.metadata.name, component: u.component }] : [])),
    claims: [...claimsOf(objects), ...(spireOn ? [spireClaim(spec)] : [])],
    requiredApis: [...requiredApis.values()].map((r) => ({ group: r.group, version: r.version, kinds: [...r.kinds].sort() })),
    argoNamespace: spec.gitops.argoNamespace,
    argoApps: objects.filter((o) => o.kind === 'Application' && apiGroupOf(o.apiVersion) === 'argoproj.io').map((o) => o.metadata.name),
    ...(minimumKubernetes ? { minimumKubernetes } : {}),
    ...(spireOn && spec.spire.delivery === 'olm' ? { ztwimChannel: spec.versions['ztwim-operator'] } : {}),
  };
}

/** PVCs and StatefulSet volumeClaimTemplates of the output. */
function claimsOf(objects: readonly KubeObject[]): PlannedClaim[] {
  return objects.flatMap((o): PlannedClaim[] => {
    const where = `${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (o.apiVersion === 'v1' && o.kind === 'PersistentVolumeClaim') {
      return [claim(`PersistentVolumeClaim ${where}`, (o.spec as { storageClassName?: string } | undefined)?.storageClassName)];
    }
    if (o.apiVersion === 'apps/v1' && o.kind === 'StatefulSet') {
      const templates = (o.spec as { volumeClaimTemplates?: { spec?: { storageClassName?: string } }[] }).volumeClaimTemplates ?? [];
      return templates.map((t) => claim(`StatefulSet ${where}`, t.spec?.storageClassName));
    }
    return [];
  });
}

/** The SPIRE server keeps its datastore on a claim its chart or operator creates, so it is not in our objects. */
function spireClaim(spec: ResolvedSpec): PlannedClaim {
  return claim('SPIRE server datastore (spire.server.storageClassName)', spec.spire.server.storageClassName);
}

function claim(by: string, storageClassName: string | undefined): PlannedClaim {
  return storageClassName === undefined ? { by } : { by, storageClassName };
}
