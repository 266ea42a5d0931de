import { BRAND } from '../brand';
import type { ComponentId } from '../core/component';

/**
 * Third-party software the platform can install, use as already installed, or do without
 * (spec field `install`). Each id names one upstream product; its component(s) deliver it when
 * `managed`.
 */
export const INSTALL_IDS = ['certManager', 'gatewayApi', 'istio', 'spire', 'keycloak', 'agentOperator', 'otelCollector', 'tekton', 'shipwright', 'prometheus'] as const;
export type InstallId = (typeof INSTALL_IDS)[number];

/**
 * `managed`: the platform installs it. `external`: it is already on the cluster; the platform
 * installs nothing of it and wires to it (namespace, endpoints, CRDs). `off`: not used at all.
 */
export const INSTALL_MODES = ['managed', 'external', 'off'] as const;
export type InstallMode = (typeof INSTALL_MODES)[number];

/** The component that installs each product when it is managed (Prometheus has none: see `install.prometheus`). */
export const INSTALL_COMPONENT: Readonly<Record<InstallId, ComponentId | undefined>> = {
  certManager: 'cert-manager',
  gatewayApi: 'gateway-api',
  istio: 'istio',
  spire: 'spire',
  keycloak: 'keycloak',
  agentOperator: 'agent-operator',
  otelCollector: 'otel',
  tekton: 'tekton',
  shipwright: 'shipwright',
  prometheus: undefined,
};

/** The install id a component delivers, if it delivers third-party software. */
export function installIdOf(component: ComponentId): InstallId | undefined {
  return INSTALL_IDS.find((id) => INSTALL_COMPONENT[id] === component);
}

/**
 * API groups each product serves once installed. When it is external, the cluster serves them:
 * custom resources of those groups need no provider in the install plan.
 */
export const INSTALL_API_GROUPS: Readonly<Record<InstallId, readonly string[]>> = {
  certManager: ['cert-manager.io', 'acme.cert-manager.io'],
  gatewayApi: ['gateway.networking.k8s.io'],
  istio: ['security.istio.io', 'networking.istio.io', 'telemetry.istio.io', 'extensions.istio.io'],
  spire: ['spire.spiffe.io'],
  keycloak: ['k8s.keycloak.org'],
  // The operator's own group comes from the brand of the pin (lib/brand.ts).
  agentOperator: [BRAND.apiGroup],
  otelCollector: [],
  tekton: ['tekton.dev', 'resolution.tekton.dev'],
  shipwright: ['shipwright.io'],
  prometheus: [],
};
