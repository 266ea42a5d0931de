import { ApiObject, App, Chart } from 'cdk8s';
import { BRAND } from '../brand';
import { COMPONENTS } from '../components';
import { externalInstallNamespaces } from '../spec/install';
import { INSTALL_COMPONENT } from '../spec/install-ids';
import { SpecError, type SpecIssue } from '../spec/issues';
import type { ResolvedSpec } from '../spec/resolve';
import { SPEC_RULES } from '../rules';
import type { BuildContext, ComponentDefinition, ComponentExportsMap, ComponentId } from './component';

/** A component that is on, with its chart (the root of its constructs) and GitOps wave. */
export interface BuiltComponent {
  readonly def: ComponentDefinition;
  readonly chart: Chart;
  /** 0 for components without dependencies, else one more than the deepest dependency. */
  readonly wave: number;
  /** Why it is on. */
  readonly reason: string;
}

export interface SkippedComponent {
  readonly def: ComponentDefinition;
  readonly reason: string;
}

/** The construct tree of a platform: the single source both backends read (DESIGN §1). */
export interface Platform {
  readonly spec: ResolvedSpec;
  readonly app: App;
  /** Enabled components in install order. */
  readonly components: readonly BuiltComponent[];
  readonly skipped: readonly SkippedComponent[];
  /** Components whose product is already on the cluster: nothing built, exports wired to it. */
  readonly external: readonly SkippedComponent[];
}

/** Decides which components are on, and why. */
export function componentStates(spec: ResolvedSpec): { on: { def: ComponentDefinition; reason: string }[]; off: SkippedComponent[]; external: SkippedComponent[] } {
  const on: { def: ComponentDefinition; reason: string }[] = [];
  const off: SkippedComponent[] = [];
  const external: SkippedComponent[] = [];
  for (const def of COMPONENTS) {
    const install = def.install ? spec.install[def.install] : undefined;
    if (install && def.toggles.every((t) => spec.features[t].on)) {
      if (install.mode === 'off') {
        off.push({ def, reason: `install.${def.install}: off` });
        continue;
      }
      if (install.mode === 'external' && def.external) {
        external.push({ def, reason: `install.${def.install}: external (${install.reason}): already on the cluster, nothing installed` });
        continue;
      }
    }
    if (def.toggles.length === 0) {
      on.push({ def, reason: 'core (always on)' });
      continue;
    }
    const offToggle = def.toggles.find((t) => !spec.features[t].on);
    const notOn = def.notOn?.(spec.target);
    if (offToggle) off.push({ def, reason: `features.${offToggle} is off` });
    else if (notOn) off.push({ def, reason: notOn });
    else on.push({ def, reason: def.toggles.map((t) => `features.${t} (${spec.features[t].reason})`).join(', ') });
  }
  return { on, off, external };
}

/**
 * Topological order of the enabled components; stable (registry order breaks ties).
 * Dependencies on `external` components are satisfied by the cluster: they add no wave.
 */
export function installOrder(defs: readonly ComponentDefinition[], external: ReadonlySet<ComponentId> = new Set()): { def: ComponentDefinition; wave: number }[] {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const wave = new Map<ComponentId, number>();
  const visiting = new Set<ComponentId>();
  const out: { def: ComponentDefinition; wave: number }[] = [];
  const visit = (d: ComponentDefinition, path: readonly ComponentId[]): number => {
    const done = wave.get(d.id);
    if (done !== undefined) return done;
    if (visiting.has(d.id)) throw new Error(`component dependency cycle: ${[...path, d.id].join(' -> ')}`);
    visiting.add(d.id);
    let w = 0;
    for (const depId of d.dependsOn) {
      if (external.has(depId)) continue;
      const dep = byId.get(depId);
      if (!dep) throw new Error(`component ${d.id} depends on ${depId}, which is off or not registered`);
      w = Math.max(w, visit(dep, [...path, d.id]) + 1);
    }
    for (const depId of d.optionalDependsOn ?? []) {
      const dep = byId.get(depId);
      if (dep) w = Math.max(w, visit(dep, [...path, d.id]) + 1);
    }
    visiting.delete(d.id);
    wave.set(d.id, w);
    out.push({ def: d, wave: w });
    return w;
  };
  for (const d of defs) visit(d, []);
  return out.sort((a, b) => a.wave - b.wave || defs.indexOf(a.def) - defs.indexOf(b.def));
}

/** Install order of the components that are on; dependencies on external ones are the cluster's. */
export function orderOf(states: ReturnType<typeof componentStates>): { def: ComponentDefinition; wave: number }[] {
  return installOrder(
    states.on.map((c) => c.def),
    new Set(states.external.map((c) => c.def.id)),
  );
}

/**
 * An external product may not live in a namespace a managed component creates or installs
 * into (its own Namespace objects, and those its upstream releases create, which it declares):
 * the platform would own that namespace, and removing the component would delete the product
 * with it. Components that use the product (Kiali beside an external istiod) may install there.
 */
function checkExternalNamespaces(spec: ResolvedSpec, built: readonly BuiltComponent[]): void {
  const external = externalInstallNamespaces(spec.install);
  if (external.size === 0) return;
  const issues: SpecIssue[] = [];
  for (const { def, chart } of built) {
    const created = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Namespace');
    const uses = new Set<string>([...def.dependsOn, ...(def.optionalDependsOn ?? [])]);
    const own = new Set(created.map((o) => o.name));
    for (const ns of new Set([...own, ...def.namespaces(spec)])) {
      const id = external.get(ns);
      const product = id && INSTALL_COMPONENT[id];
      if (id && (own.has(ns) || !(product && uses.has(product)))) {
        issues.push({
          rule: SPEC_RULES.installModes.id,
          path: `install.${id}.namespace`,
          message: `"${ns}" is a namespace the platform creates for component ${def.id}; the external ${id} would be deleted with it.`,
          fix: `give the namespace the external ${id} really runs in.`,
        });
      }
    }
  }
  if (issues.length) throw new SpecError(issues);
}

/** Builds the construct tree for a resolved spec. Pure: no I/O, clock or randomness. */
export function buildPlatform(spec: ResolvedSpec): Platform {
  const states = componentStates(spec);
  const { on, off, external } = states;
  const reasons = new Map(on.map((c) => [c.def.id, c.reason]));
  const order = orderOf(states);
  const app = new App({ outdir: 'unused' });
  const charts = new Map<ComponentId, Chart>();
  const exportsById = new Map<ComponentId, unknown>();
  const components: BuiltComponent[] = [];
  for (const { def } of external) {
    const ctx: BuildContext = {
      spec,
      target: spec.target,
      names: BRAND,
      use: () => {
        throw new Error(`external component ${def.id} cannot use other components`);
      },
      useOptional: () => undefined,
    };
    exportsById.set(def.id, def.external!(ctx));
  }
  for (const { def, wave } of order) {
    const chart = new Chart(app, def.id, { disableResourceNameHashes: true });
    const allowed = new Set<ComponentId>([...def.dependsOn, ...(def.optionalDependsOn ?? [])]);
    for (const dep of allowed) {
      const depChart = charts.get(dep);
      if (depChart) chart.addDependency(depChart);
    }
    const ctx: BuildContext = {
      spec,
      target: spec.target,
      names: BRAND,
      use<K extends ComponentId>(id: K): ComponentExportsMap[K] {
        if (!def.dependsOn.includes(id)) throw new Error(`component ${def.id} uses ${id} without declaring it in dependsOn`);
        return exportsById.get(id) as ComponentExportsMap[K];
      },
      useOptional<K extends ComponentId>(id: K): ComponentExportsMap[K] | undefined {
        if (!allowed.has(id)) throw new Error(`component ${def.id} uses ${id} without declaring it in optionalDependsOn`);
        return exportsById.get(id) as ComponentExportsMap[K] | undefined;
      },
    };
    exportsById.set(def.id, def.build(chart, ctx));
    charts.set(def.id, chart);
    components.push({ def, chart, wave, reason: reasons.get(def.id)! });
  }
  checkExternalNamespaces(spec, components);
  return { spec, app, components, skipped: off, external };
}
