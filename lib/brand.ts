import { PINS } from './pins';

/**
 * Names the pinned agent operator release expects. Upstream renamed Kagenti to rossoctl in
 * July 2026; the platform namespace, label keys, CRD group, realm and role names all follow the
 * operator release, so they are derived here, from the pin, and nowhere else.
 */
export interface BrandNames {
  /** Brand of the pinned operator release, e.g. `rossoctl` (historically `kagenti`). */
  readonly brand: string;
  /** Namespace the operator, webhook and platform services run in. */
  readonly platformNamespace: string;
  /** Prefix of the operator's label keys, e.g. `rossoctl.io`. */
  readonly labelDomain: string;
  /** Label the operator sets on agent workloads from the AgentRuntime; never set by us. */
  readonly typeLabel: string;
  /** Pod label opting a workload out of the webhook's SPIFFE helper (value `disabled`). */
  readonly spireOptOutLabel: string;
  /** Namespace annotation keeping the operator from enrolling the namespace in Istio (value `disabled`). */
  readonly istioMeshAnnotation: string;
  /** Pod-template annotation the operator writes on each agent workload (its client credentials Secret). */
  readonly clientCredentialsAnnotation: string;
  /** Namespace label the sidecar-injection webhook selects (value `"true"`). */
  readonly webhookNamespaceLabel: string;
  /** API group of the operator's CRDs (AgentRuntime, AgentCard). */
  readonly apiGroup: string;
  /** API version of the operator's CRDs. */
  readonly apiVersion: string;
  /** Keycloak realm the operator and UI use. */
  readonly realm: string;
  /** Realm roles of the platform. */
  readonly roles: { readonly viewer: string; readonly operator: string; readonly admin: string };
}

/** Brand of each operator chart repository we know; the pin's source decides. */
const BRAND_BY_CHART_SOURCE: Record<string, string> = {
  'oci://ghcr.io/rossoctl/operator/operator-chart': 'rossoctl',
  'oci://ghcr.io/kagenti/kagenti-operator/kagenti-operator-chart': 'kagenti',
};

export function brandNamesFor(brand: string): BrandNames {
  return {
    brand,
    platformNamespace: `${brand}-system`,
    labelDomain: `${brand}.io`,
    typeLabel: `${brand}.io/type`,
    spireOptOutLabel: `${brand}.io/spire`,
    istioMeshAnnotation: `${brand}.io/istio-mesh`,
    clientCredentialsAnnotation: `${brand}.io/keycloak-client-credentials-secret-name`,
    webhookNamespaceLabel: `${brand}-enabled`,
    apiGroup: `agent.${brand}.dev`,
    apiVersion: `agent.${brand}.dev/v1alpha1`,
    realm: brand,
    roles: { viewer: `${brand}-viewer`, operator: `${brand}-operator`, admin: `${brand}-admin` },
  };
}

const pinnedBrand = BRAND_BY_CHART_SOURCE[PINS['agent-operator'].source];
if (!pinnedBrand) throw new Error(`brand of the agent operator chart ${PINS['agent-operator'].source} is unknown`);

/** The names of the pinned operator release. */
export const BRAND: BrandNames = brandNamesFor(pinnedBrand);
