import type { Realm } from './realm';

/** Namespace and name of the platform's Keycloak CR (the defaults of an external one too). */
export const KEYCLOAK_NAMESPACE = 'keycloak';
export const KEYCLOAK_CR_NAME = 'keycloak';

/** Typed subset of `k8s.keycloak.org/v2alpha1` Keycloak that the platform sets. */
export interface KeycloakCr {
  apiVersion: 'k8s.keycloak.org/v2alpha1';
  kind: 'Keycloak';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    instances: number;
    image?: string;
    db: {
      vendor: 'postgres';
      host: string;
      port: number;
      database: string;
      usernameSecret: { name: string; key: string };
      passwordSecret: { name: string; key: string };
    };
    http: { httpEnabled: boolean };
    hostname: { hostname: string; backchannelDynamic: boolean };
    proxy: { headers: 'xforwarded' | 'forwarded' };
    features: { enabled: string[] };
    ingress: { enabled: boolean; annotations?: Record<string, string> };
    networkPolicy: { enabled: boolean };
    bootstrapAdmin?: { user: { secret: string } };
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    unsupported?: { podTemplate: { spec: Record<string, unknown> } };
  };
}

/** Typed `k8s.keycloak.org/v2alpha1` KeycloakRealmImport. */
export interface KeycloakRealmImportCr {
  apiVersion: 'k8s.keycloak.org/v2alpha1';
  kind: 'KeycloakRealmImport';
  metadata: { name: string; namespace: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    keycloakCRName: string;
    /** `${NAME}` in the realm is replaced from these Secrets (in the Keycloak namespace) at import. */
    placeholders?: Record<string, { secret: { name: string; key: string } }>;
    realm: Realm;
  };
}
