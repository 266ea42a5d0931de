import type { ComponentId } from '../core/component';
import { INSTALL_API_GROUPS, INSTALL_IDS, installIdOf, type InstallId } from '../spec/install-ids';
import { TARGET_IDS, type TargetId } from '../targets';
import type { ClusterFacts, ClusterFlavor, CrdFact, Owner } from './facts';
import { atLeast, TARGET_FLAVOR } from './flavor';
import type { ProvidedGroup, SpecView } from './spec-view';

/** `conflict`: applying would fail or fight another manager (exit 1). `warning`: works, but check. `ok`: a fact read. */
export type Severity = 'conflict' | 'warning' | 'ok';

/** One line of the report. */
export interface Finding {
  readonly severity: Severity;
  /** Stable id of what was found (a rule may report several kinds, e.g. storage-default and storage-class). */
  readonly id: string;
  /** What was found, naming the cluster object and the spec field. */
  readonly message: string;
  /** What to change (conflicts and warnings). */
  readonly fix?: string;
}

/** A preflight rule: pure, from what was read and what the spec would apply. */
export interface PreflightRule {
  readonly id: string;
  /** Why the rule exists: what goes wrong at apply time without it. */
  readonly why: string;
  check(facts: ClusterFacts, view: SpecView): Finding[];
}

/** Product names for fixes; an id missing here is worded by its component. */
const PRODUCT: Readonly<Partial<Record<InstallId, string>>> = {
  certManager: 'cert-manager',
  gatewayApi: 'Gateway API CRDs',
  istio: 'Istio',
  spire: 'SPIRE',
  keycloak: 'Keycloak operator',
  agentOperator: 'agent operator',
  otelCollector: 'OpenTelemetry operator',
  tekton: 'Tekton',
  shipwright: 'Shipwright',
  prometheus: 'Prometheus',
};

const FLAVOR_TITLE: Readonly<Record<ClusterFlavor, string>> = { openshift: 'OpenShift', microshift: 'MicroShift', kubernetes: 'plain Kubernetes' };

/** Hints for API groups the cluster must serve itself. */
const SERVED_BY: Readonly<Record<string, string>> = {
  'gateway.networking.k8s.io': 'OpenShift serves Gateway API from 4.19; on an older cluster set install.gatewayApi: managed, so the platform installs the CRDs',
  'monitoring.coreos.com': 'enable user workload monitoring (OpenShift) or install the Prometheus operator, or set observability.prometheusOperator: false',
  'kyverno.io': 'install Kyverno, or set guardrails.kyverno: false',
  'external-secrets.io': 'install External Secrets Operator, or drop externalSecret from teams[].secrets',
  'bitnami.com': 'install Sealed Secrets, or drop sealedSecret from teams[].secrets',
  'route.openshift.io': 'Routes exist only on OpenShift and MicroShift: use target kind elsewhere',
};

/** A group an external product should serve: install it first, or let the platform manage it. */
function externalMissingFix(group: string): string | undefined {
  const id = INSTALL_IDS.find((i) => INSTALL_API_GROUPS[i].includes(group));
  return id && `install.${id} is external, so ${PRODUCT[id] ?? id} must already be installed: install it first, or set install.${id}: managed`;
}

/** The fix for "already installed by someone else", worded with the new `install.<id>` field. */
function externalFix(component: ComponentId, what: string): string {
  const id = installIdOf(component);
  return id
    ? `set install.${id}: external, so the platform uses the ${PRODUCT[id] ?? component} already installed (or remove that installation first).`
    : `remove the existing ${what} first (component ${component} has no install.* switch: it is the platform's own).`;
}

function isOurs(owner: Owner, provider: ProvidedGroup, facts: ClusterFacts, view: SpecView): boolean {
  if (owner.kind === 'agentplane' || owner.kind === 'pulumi') return true;
  if (owner.kind === 'argocd') return view.argoApps.includes(owner.argoApp ?? '');
  // Our Pulumi backend installs charts as Helm releases: the same release, in a namespace we created, is ours.
  if (owner.kind === 'helm' && provider.helmRelease && owner.helmRelease) {
    const same = owner.helmRelease.name === provider.helmRelease.name && owner.helmRelease.namespace === provider.helmRelease.namespace;
    return same && (facts.namespaces ?? []).some((n) => n.name === provider.helmRelease!.namespace && n.ours);
  }
  return false;
}

function list(names: readonly string[], max = 3): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} (+${names.length - max} more)`;
}

function targetFor(flavor: ClusterFlavor): TargetId {
  return TARGET_IDS.find((t) => TARGET_FLAVOR[t] === flavor)!;
}

/** The rules, in report order within each severity. */
export const PREFLIGHT_RULES: readonly PreflightRule[] = [
  {
    id: 'unreadable',
    why: 'A refused read hides conflicts; say so instead of reporting a clean cluster.',
    check: (f) =>
      f.unreadable.map((u) => ({
        severity: 'warning',
        id: 'unreadable',
        message: `cannot read ${u.what}: ${u.reason}; the report is incomplete.`,
        fix: 'run preflight as a user who may get and list it (e.g. with the cluster-reader or view role).',
      })),
  },
  {
    id: 'kubernetes-version',
    why: 'Objects of an API the API server does not serve fail to apply, late in the rollout.',
    check: (f, v) => {
      const min = v.minimumKubernetes;
      if (!min) return [{ severity: 'ok', id: 'kubernetes-version', message: `Kubernetes ${f.kubernetesVersion}.` }];
      if (atLeast(f.kubernetesVersion, min.major, min.minor)) {
        return [{ severity: 'ok', id: 'kubernetes-version', message: `Kubernetes ${f.kubernetesVersion} (the output needs ${min.major}.${min.minor} or later: ${min.why}).` }];
      }
      return [{
        severity: 'conflict',
        id: 'kubernetes-version',
        message: `Kubernetes ${f.kubernetesVersion} is older than ${min.major}.${min.minor}: ${min.why}.`,
        fix: `upgrade the cluster to Kubernetes ${min.major}.${min.minor} or later (OpenShift 4.17 or later).`,
      }];
    },
  },
  {
    id: 'target-flavor',
    why: 'Each target is written for one kind of cluster: SCCs reject fixed UIDs, OLM and Routes exist only on OpenShift, kind charts clash with OpenShift operators.',
    check: (f, v) => {
      const expected = TARGET_FLAVOR[v.target.id];
      const seen = f.flavor === 'openshift' ? `OpenShift${f.openshift?.version ? ` ${f.openshift.version}` : ''}` : FLAVOR_TITLE[f.flavor];
      if (expected === f.flavor) return [{ severity: 'ok', id: 'target-flavor', message: `cluster is ${seen}, as target ${v.target.id} expects.` }];
      const how =
        f.flavor === 'openshift' ? 'it serves a config.openshift.io ClusterVersion'
        : f.flavor === 'microshift' ? 'it serves OpenShift Routes/SCCs but has no ClusterVersion'
        : 'it serves no OpenShift API groups';
      return [{
        severity: 'conflict',
        id: 'target-flavor',
        message: `spec target ${v.target.id} is written for ${FLAVOR_TITLE[expected]}, but the cluster is ${seen} (${how}).`,
        fix: `set target: ${targetFor(f.flavor)} (or --target ${targetFor(f.flavor)}), or point --context at a ${FLAVOR_TITLE[expected]} cluster.`,
      }];
    },
  },
  {
    id: 'olm',
    why: 'Targets with OLM install operators by Subscription; without OLM nothing of them would ever install.',
    check: (f, v) => {
      if (!f.apiGroups) return [];
      if (v.target.olm && !f.olm) {
        return [{
          severity: 'conflict',
          id: 'olm',
          message: `target ${v.target.id} installs operators through OLM, but the cluster does not serve operators.coreos.com.`,
          fix: 'install the Operator Lifecycle Manager, or use a target that installs upstream charts (microshift, kind).',
        }];
      }
      return [{ severity: 'ok', id: 'olm', message: `OLM (operators.coreos.com) ${f.olm ? 'present' : 'absent'}${v.target.olm ? '' : `; target ${v.target.id} does not use it`}.` }];
    },
  },
  {
    id: 'ztwim-version',
    why: 'The Zero Trust Workload Identity Manager ships for OpenShift 4.19+ only: channel tech-preview-v0.2 on 4.19, stable-v1 from 4.20.',
    check: (f, v) => {
      const channel = v.ztwimChannel;
      if (channel === undefined || f.flavor !== 'openshift') return [];
      const version = f.openshift?.version;
      if (version === undefined) {
        return [{ severity: 'warning', id: 'ztwim-version', message: 'spire.delivery: olm (Zero Trust Workload Identity Manager) needs OpenShift 4.19+, and the OpenShift version could not be read.', fix: 'check the version with `oc get clusterversion`.' }];
      }
      if (!atLeast(version, 4, 19)) {
        return [{ severity: 'conflict', id: 'ztwim-version', message: `spire.delivery: olm installs the Zero Trust Workload Identity Manager, which needs OpenShift 4.19 or later; the cluster runs ${version}.`, fix: 'set spire.delivery: helm, or upgrade to OpenShift 4.20.' }];
      }
      if (!atLeast(version, 4, 20) && channel !== 'tech-preview-v0.2') {
        return [{
          severity: 'conflict',
          id: 'ztwim-version',
          message: `versions.ztwim-operator is ${channel}, published for OpenShift 4.20 and later; on ${version} the Zero Trust Workload Identity Manager offers channel tech-preview-v0.2 only.`,
          fix: 'set versions.ztwim-operator: tech-preview-v0.2, or upgrade to OpenShift 4.20, or set spire.delivery: helm.',
        }];
      }
      return [{ severity: 'ok', id: 'ztwim-version', message: `Zero Trust Workload Identity Manager channel ${channel} is available on OpenShift ${version}.` }];
    },
  },
  {
    id: 'api-served',
    why: 'Objects of an API group nothing installs and the cluster does not serve fail to apply; Argo CD is needed only by the GitOps backend.',
    check: (f, v) => {
      const served = f.apiGroups;
      if (!served) return [];
      return v.requiredApis.flatMap((api): Finding[] => {
        if (api.group === 'operators.coreos.com') return []; // the olm rule covers it
        const versions = served[api.group];
        if (api.group === 'argoproj.io') {
          return versions?.includes(api.version) ? [] : [{
            severity: 'warning',
            id: 'argocd-missing',
            message: `Argo CD is not installed (argoproj.io/${api.version} not served): the GitOps output (apps/, app-of-apps.yaml) needs it in namespace ${v.argoNamespace}.`,
            fix: `install Argo CD${v.target.id === 'openshift' ? ' (OpenShift GitOps)' : ''} first, or deploy with the Pulumi backend.`,
          }];
        }
        if (versions?.includes(api.version)) return [];
        const what = `${api.group}/${api.version} (${api.kinds.join(', ')})`;
        return [{
          severity: 'conflict',
          id: 'api-missing',
          message: versions
            ? `the output uses ${what}, but the cluster serves ${api.group} only as ${versions.join(', ')}.`
            : `the output uses ${what}, which no component of the plan installs and the cluster does not serve.`,
          fix: `${SERVED_BY[api.group] ?? externalMissingFix(api.group) ?? `install what serves ${api.group} first, or turn off the feature that uses it`}.`,
        }];
      });
    },
  },
  {
    id: 'crd-owned',
    why: 'Two managers of one CRD fight: Helm refuses to adopt objects it did not create, Argo CD and OLM overwrite each other, the OpenShift ingress operator rejects changes to Gateway API CRDs.',
    check: (f, v) => {
      if (!f.crds) return [];
      const subscribed = new Set(v.subscriptions.map((s) => `${s.component}|${s.package}`));
      const groups = new Map<string, { component: ComponentId; owner: Owner; crds: CrdFact[]; groups: Set<string> }>();
      let reportedElsewhere = false;
      for (const p of v.providedGroups) {
        for (const crd of f.crds.filter((c) => c.group === p.group)) {
          if (isOurs(crd.owner, p, f, v)) continue;
          // The same OLM package as our Subscription: the operator-installed rule reports it once.
          if (crd.owner.olmPackage && subscribed.has(`${p.component}|${crd.owner.olmPackage.name}`)) {
            reportedElsewhere = true;
            continue;
          }
          const key = `${p.component}|${crd.owner.description}`;
          const entry = groups.get(key) ?? { component: p.component, owner: crd.owner, crds: [], groups: new Set<string>() };
          entry.crds.push(crd);
          entry.groups.add(p.group);
          groups.set(key, entry);
        }
      }
      if (groups.size === 0) {
        if (reportedElsewhere) return [];
        return [{ severity: 'ok', id: 'crd-owned', message: `no CRD of the ${v.providedGroups.length} API groups the plan installs is owned by another manager.` }];
      }
      return [...groups.values()].map((g) => ({
        severity: 'conflict',
        id: 'crd-owned',
        message: `CRDs ${list(g.crds.map((c) => c.name))} already exist, owned by ${g.owner.description}; component ${g.component} would install them again (API group${g.groups.size > 1 ? 's' : ''} ${[...g.groups].join(', ')}).`,
        fix: g.owner.kind === 'openshift' && g.component === 'gateway-api' && !v.target.gatewayApiProvided
          ? `use target openshift, which relies on the cluster's Gateway API, or ${externalFix(g.component, 'CRDs')}`
          : externalFix(g.component, `${g.component} installation`),
      }));
    },
  },
  {
    id: 'operator-installed',
    why: 'OLM installs a package once per cluster scope: a second Subscription or OperatorGroup for it fails or takes over the existing install.',
    check: (f, v) => {
      if (!f.operators) return [];
      return v.subscriptions.flatMap((s): Finding[] => {
        const existing = f.operators!.filter((o) => o.package === s.package && !o.ours);
        return existing.map((o) => ({
          severity: 'conflict',
          id: 'operator-installed',
          message: `operator ${o.package} is already installed by OLM in namespace ${o.namespace}${o.csv ? ` (CSV ${o.csv}${o.phase ? `, ${o.phase}` : ''})` : ''}, not by agentplane; component ${s.component} would subscribe to it again in namespace ${s.namespace} (channel ${s.channel}).`,
          fix: externalFix(s.component, `operator ${o.package}`),
        }));
      });
    },
  },
  {
    id: 'apps-domain',
    why: 'On OpenShift, hostnames under `domain` reach the router only inside its apps domain, and the SPIFFE trust domain is the spec domain too (unless an external SPIRE names its own).',
    check: (f, v) => {
      const apps = f.openshift?.appsDomain;
      if (f.flavor !== 'openshift' || apps === undefined) return [];
      if (apps === v.domain) return [{ severity: 'ok', id: 'apps-domain', message: `domain ${v.domain} is the cluster apps domain.` }];
      return [{
        severity: 'conflict',
        id: 'apps-domain',
        message: `spec domain ${v.domain} is not the cluster apps domain ${apps} (Ingress config cluster): hostnames such as keycloak.${v.domain} and the SPIFFE trust domain would not match the router.`,
        fix: `set domain: ${apps}.`,
      }];
    },
  },
  {
    id: 'storage',
    why: 'A claim without a StorageClass the cluster can provision stays Pending, and Keycloak and Phoenix never start.',
    check: (f, v) => {
      const classes = f.storageClasses;
      if (!classes) return [];
      const out: Finding[] = [];
      const defaults = classes.filter((c) => c.isDefault);
      const usingDefault = v.claims.filter((c) => c.storageClassName === undefined);
      if (usingDefault.length > 0 && defaults.length === 0) {
        out.push({
          severity: 'conflict',
          id: 'storage-default',
          message: `${list(usingDefault.map((c) => c.by), 2)} claim${usingDefault.length > 1 ? '' : 's'} storage from the default StorageClass, but the cluster has none${classes.length ? ` (classes: ${classes.map((c) => c.name).join(', ')})` : ''}.`,
          fix: 'mark a StorageClass default (annotation storageclass.kubernetes.io/is-default-class: "true"), or set storageClassName in the spec for each claim.',
        });
      } else if (defaults.length > 1) {
        out.push({ severity: 'warning', id: 'storage-default', message: `${defaults.length} StorageClasses are marked default (${defaults.map((c) => c.name).join(', ')}); Kubernetes picks the newest.`, fix: 'keep one default, or set storageClassName in the spec.' });
      } else if (defaults.length === 1) {
        out.push({ severity: 'ok', id: 'storage-default', message: `default StorageClass ${defaults[0]!.name} (${defaults[0]!.provisioner})${usingDefault.length ? ` for ${usingDefault.length} claim${usingDefault.length > 1 ? 's' : ''}` : ''}.` });
      }
      const names = new Set(classes.map((c) => c.name));
      for (const c of v.claims) {
        if (c.storageClassName && !names.has(c.storageClassName)) {
          out.push({ severity: 'conflict', id: 'storage-class', message: `${c.by} asks for StorageClass ${c.storageClassName}, which the cluster does not have (classes: ${[...names].join(', ') || 'none'}).`, fix: 'set storageClassName to an existing class, or remove it to use the default.' });
        }
      }
      return out;
    },
  },
  {
    id: 'namespace-exists',
    why: 'Applying a Namespace that exists adopts it: our labels, quotas and default-deny policies land on whatever already runs there.',
    check: (f, v) => {
      if (!f.namespaces) return [];
      return v.namespaces
        .filter((n) => f.namespaces!.some((c) => c.name === n.name && !c.ours))
        .map((n) => {
          const id = installIdOf(n.component);
          return {
            severity: 'warning',
            id: 'namespace-exists',
            message: `namespace ${n.name} already exists without app.kubernetes.io/managed-by: agentplane; component ${n.component} would adopt it (labels, quotas, network policies).`,
            fix: id ? `check nothing else runs there, or set install.${id}: external if it holds the ${PRODUCT[id] ?? n.component} already installed.` : 'check nothing else runs there, or delete it first.',
          };
        });
    },
  },
  capabilityRule({
    id: 'routes-capability',
    why: 'Targets with Routes publish UIs through the OpenShift router; others through the platform Gateway.',
    group: 'route.openshift.io',
    expects: (t) => t.routes,
    served: (t) => `the cluster serves OpenShift Routes, but target ${t} does not use them: UIs would bypass the router.`,
    missing: (t) => `target ${t} publishes UIs as Routes, but the cluster does not serve route.openshift.io: nothing would expose them.`,
  }),
  capabilityRule({
    id: 'scc-capability',
    why: 'Under SecurityContextConstraints pods must not pin UIDs (restricted-v2 rejects them); without SCCs the platform pins a non-root UID.',
    group: 'security.openshift.io',
    expects: (t) => t.assignsUids,
    served: (t) => `the cluster enforces SecurityContextConstraints, but target ${t} pins fixed UIDs: restricted-v2 rejects those pods.`,
    missing: (t) => `target ${t} leaves UIDs to SecurityContextConstraints, which the cluster does not have: images whose user is root fail runAsNonRoot.`,
  }),
];

/**
 * A target capability the cluster shows by serving an API group: a warning when the target
 * expects it and the cluster lacks it, or the other way round.
 */
function capabilityRule(r: {
  id: string;
  why: string;
  group: string;
  expects: (t: SpecView['target']) => boolean;
  served: (target: string) => string;
  missing: (target: string) => string;
}): PreflightRule {
  return {
    id: r.id,
    why: r.why,
    check: (f, v) => {
      if (!f.apiGroups) return [];
      const has = r.group in f.apiGroups;
      if (r.expects(v.target) === has) return [];
      return [{ severity: 'warning', id: r.id, message: has ? r.served(v.target.id) : r.missing(v.target.id), fix: `use target ${targetFor(f.flavor)}.` }];
    },
  };
}

const ORDER: Readonly<Record<Severity, number>> = { conflict: 0, warning: 1, ok: 2 };

/** Runs every rule; findings grouped conflict → warning → ok, in rule order within each. */
export function runRules(facts: ClusterFacts, view: SpecView, rules: readonly PreflightRule[] = PREFLIGHT_RULES): Finding[] {
  return rules
    .flatMap((r) => r.check(facts, view))
    .map((finding, i) => ({ finding, i }))
    .sort((a, b) => ORDER[a.finding.severity] - ORDER[b.finding.severity] || a.i - b.i)
    .map((x) => x.finding);
}
