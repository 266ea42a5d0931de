import { OPERATOR_RELEASE } from '../auto-instrumentation/operator';
import { CORE_NEEDS } from '../spec/features';
import { PLAN_RULES } from '../rules';
import type { Plan } from './plan';
import { PlanError } from './plan';
import type { Platform } from './platform';

/** Kinds that grant or require cluster-wide permissions when the platform creates them. */
const CLUSTER_GRANTS = new Set(['ClusterRole', 'ClusterRoleBinding', 'SecurityContextConstraints']);

/** A component that cannot run with namespace-scoped grants only, and why. */
export interface ScopeIncompatibility {
  readonly component: string;
  readonly reasons: readonly string[];
  readonly fix: string;
}

/**
 * Components of the plan that need cluster-wide grants: they emit ClusterRoles, bindings or
 * SCCs themselves, or install upstream software (Helm charts, release manifests, OLM operators)
 * whose operators come with ClusterRoles. Under `rbac.scope: namespace` each is reported by name.
 */
export function namespaceScopeIncompatibilities(platform: Platform, plan: Plan): ScopeIncompatibility[] {
  const byComponent = new Map<string, string[]>();
  /** Fixes that are not the component's own (an opt-in it installs on behalf of the spec). */
  const fixes = new Map<string, string>();
  const add = (component: string, reason: string) => {
    const list = byComponent.get(component) ?? [];
    if (!list.includes(reason)) list.push(reason);
    byComponent.set(component, list);
  };
  for (const u of plan.units) {
    if (u.type === 'helm') {
      add(u.component, `installs Helm chart ${u.release.releaseName} (CRDs and operator RBAC are cluster-wide)`);
      if (u.release.releaseName === OPERATOR_RELEASE) fixes.set(u.component, 'remove telemetry.autoInstrument from the agents: the OpenTelemetry operator that injects it needs cluster-wide RBAC');
    }
    else if (u.type === 'manifests') add(u.component, `installs release manifests ${u.bundle.releaseName} (CRDs and operator RBAC are cluster-wide)`);
    else if (CLUSTER_GRANTS.has(u.object.kind)) add(u.component, `creates ${u.object.kind} ${u.object.metadata.name}`);
    // An operator installed through OLM gets cluster-wide RBAC from its CSV.
    else if (u.object.kind === 'Subscription') add(u.component, `installs OLM operator ${(u.object.spec as { name?: string } | undefined)?.name ?? u.object.metadata.name}, whose CSV grants cluster-wide RBAC`);
  }
  return platform.components
    .filter((c) => byComponent.has(c.def.id))
    .map((c) => {
      const install = c.def.install;
      // Features the core needs cannot be turned off: only `external` helps there.
      const toggles = c.def.toggles.filter((t) => !CORE_NEEDS.some((n) => n.feature === t)).map((t) => `features.${t}: false`);
      const fix = install
        ? `set install.${install}: external (installed by the cluster administrators)${toggles.length ? `, or ${toggles.join(' and ')}` : ''}`
        : toggles.length
          ? `set ${toggles.join(' and ')}`
          : 'this component is part of the core: the cluster administrators must grant what it needs';
      return { component: c.def.id, reasons: byComponent.get(c.def.id)!, fix: fixes.get(c.def.id) ?? fix };
    });
}

/** Throws one error naming every incompatible component when the spec asks for namespace-scoped grants. */
export function checkRbacScope(platform: Platform, plan: Plan): void {
  if (platform.spec.rbac.scope !== 'namespace') return;
  const problems = namespaceScopeIncompatibilities(platform, plan);
  if (problems.length === 0) return;
  const r = PLAN_RULES.namespaceScope;
  throw new PlanError(
    [
      `[${r.id}] rbac.scope: namespace, but ${problems.length} component${problems.length === 1 ? '' : 's'} cannot run with namespace-scoped grants only: ${problems.map((p) => p.component).join(', ')}`,
      ...problems.map((p) => `  - ${p.component}: ${p.reasons.join('; ')}. Fix: ${p.fix}.`),
    ].join('\n'),
  );
}
