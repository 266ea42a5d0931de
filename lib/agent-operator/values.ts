import type { BrandNames } from '../brand';

/**
 * Typed values for the pinned operator chart (`operator-chart`): only the keys the platform
 * sets; the chart's defaults stand for the rest. Both backends pass exactly this object
 * (Argo CD `valuesObject`, Pulumi Helm `values`).
 */
export interface OperatorChartValues {
  controllerManager: {
    replicas: number;
    container: { resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } } };
  };
  /** CRDs installed by the chart and kept on uninstall. */
  crd: { enable: boolean; keep: boolean };
  /** The sidecar-injection and AgentCard validation webhooks. */
  webhook: { enable: boolean };
  /** Webhook and metrics serving certificates issued by cert-manager (required by the webhook). */
  certmanager: { enable: boolean };
  keycloak: {
    /** Namespace of the `keycloak-initial-admin` Secret the operator registers clients with. */
    adminSecretNamespace: string;
    /** Platform realm. */
    realm: string;
    /** Public Keycloak URL (token issuer host); set, not discovered. */
    publicUrl: string;
  };
  /** Trust domain of SPIFFE IDs (`spiffe://<trustDomain>/ns/<ns>/sa/<sa>`). */
  signatureVerification: { spireTrustDomain: string };
  defaults: { spiffe: { trustDomain: string } };
}

export interface OperatorValuesInput {
  readonly names: BrandNames;
  readonly keycloak: { readonly publicUrl: string; readonly namespace: string };
  readonly trustDomain: string;
}

export function operatorValues(i: OperatorValuesInput): OperatorChartValues {
  return {
    controllerManager: {
      replicas: 1,
      container: { resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } } },
    },
    crd: { enable: true, keep: true },
    webhook: { enable: true },
    certmanager: { enable: true },
    keycloak: { adminSecretNamespace: i.keycloak.namespace, realm: i.names.realm, publicUrl: i.keycloak.publicUrl },
    signatureVerification: { spireTrustDomain: i.trustDomain },
    defaults: { spiffe: { trustDomain: i.trustDomain } },
  };
}
