import type { Construct } from 'constructs';
import type { BrandNames } from '../brand';
import type { PinId } from '../pins';
import type { FeatureId } from '../spec/features';
import type { InstallId } from '../spec/install-ids';
import type { ResolvedSpec } from '../spec/resolve';
import type { TargetProfile } from '../targets';
import type { AgentOperatorExports } from '../agent-operator';
import type { KeycloakExports } from '../keycloak';
import type { CertManagerExports } from '../cert-manager';
import type { PlatformCaExports } from '../cert-manager/ca';
import type { GatewayApiExports } from '../gateway-api';
import type { IngressExports } from '../ingress';
import type { GuardrailsExports } from '../guardrails';
import type { IstioExports } from '../istio';
import type { KialiExports } from '../kiali';
import type { SpireExports } from '../spire';
import type { OtelExports } from '../observability';
import type { PhoenixExports } from '../observability/phoenix';
import type { TenancyExports } from '../tenancy';
import type { TektonExports } from '../tekton';
import type { RegistryExports } from '../registry';
import type { BuildsExports } from '../builds';
import type { McpGatewayExports } from '../mcp-gateway';
import type { UiExports } from '../ui';
import type { ShipwrightExports } from '../shipwright';

/**
 * The typed facts each component offers the others (service names, ports, URLs, API groups).
 * Adding a component adds one line here and one registration line in `components.ts`.
 */
export interface ComponentExportsMap {
  'cert-manager': CertManagerExports;
  'platform-ca': PlatformCaExports;
  'gateway-api': GatewayApiExports;
  istio: IstioExports;
  kiali: KialiExports;
  ingress: IngressExports;
  guardrails: GuardrailsExports;
  spire: SpireExports;
  phoenix: PhoenixExports;
  otel: OtelExports;
  keycloak: KeycloakExports;
  'agent-operator': AgentOperatorExports;
  tenancy: TenancyExports;
  tekton: TektonExports;
  registry: RegistryExports;
  builds: BuildsExports;
  'mcp-gateway': McpGatewayExports;
  ui: UiExports;
  shipwright: ShipwrightExports;
}

/** A platform UI published on `<host>` by the ingress (Gateway or Route). */
export interface UiRoute {
  readonly host: string;
  readonly namespace: string;
  readonly service: string;
  readonly port: number;
}

/** Identifier of a component: dependencies are typed data, not strings looked up at runtime. */
export type ComponentId = keyof ComponentExportsMap;

export interface BuildContext {
  readonly spec: ResolvedSpec;
  readonly target: TargetProfile;
  readonly names: BrandNames;
  /** Exports of a component this one declared in `dependsOn`. */
  use<K extends ComponentId>(id: K): ComponentExportsMap[K];
  /** Exports of a component that may be off; `undefined` when off. Must still be declared in `dependsOn` or `optionalDependsOn`. */
  useOptional<K extends ComponentId>(id: K): ComponentExportsMap[K] | undefined;
}

export interface ComponentDefinition<K extends ComponentId = ComponentId> {
  readonly id: K;
  readonly title: string;
  /** Toggles that must all be on for the component; empty means always on. */
  readonly toggles: readonly FeatureId[];
  /**
   * Why the component is not needed on this target even when its toggles are on (the cluster
   * provides it, or another delivery covers it); undefined when it applies.
   */
  readonly notOn?: (target: TargetProfile) => string | undefined;
  /**
   * The third-party product this component installs (spec `install.<id>`); absent for the
   * platform's own components. When that product is `off` the component is off.
   */
  readonly install?: InstallId;
  /**
   * Exports of the product when it is `external` (already on the cluster): nothing is built and
   * the component appears as external. Components that still add objects of their own when the
   * product is external (realm imports, build strategies) read the mode in `build` instead.
   */
  readonly external?: (ctx: BuildContext) => ComponentExportsMap[K];
  /** Components that must be installed first and whose exports this one uses. */
  readonly dependsOn: readonly ComponentId[];
  /** Components used when on, ordered before this one when present. */
  readonly optionalDependsOn?: readonly ComponentId[];
  /** Pins the component installs (the spec may choose between deliveries, e.g. `spire.delivery`). */
  readonly pins: (target: TargetProfile, spec: ResolvedSpec) => readonly PinId[];
  /** One line: how it is delivered on the target (for `explain`). */
  readonly delivery: (target: TargetProfile, spec: ResolvedSpec) => string;
  /** Namespaces the component creates or installs into. */
  readonly namespaces: (spec: ResolvedSpec) => readonly string[];
  /** Builds the component's constructs under `scope` (its chart) and returns its exports. */
  build(scope: Construct, ctx: BuildContext): ComponentExportsMap[K];
}

/** Identity helper that keeps the id and exports types tied together. */
export function defineComponent<K extends ComponentId>(def: ComponentDefinition<K>): ComponentDefinition<K> {
  return def;
}
