/** Typed subsets of the cert-manager resources the platform emits (ingress certificate, platform CA). */

/** cert-manager's cluster resource namespace (where ClusterIssuers read secrets); an external one's default too. */
export const CERT_MANAGER_NAMESPACE = 'cert-manager';

export interface IssuerCr {
  apiVersion: 'cert-manager.io/v1';
  kind: 'Issuer' | 'ClusterIssuer';
  /** ClusterIssuers have no namespace. */
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: { selfSigned: Record<string, never> } | { ca: { secretName: string } };
}

export interface CertificateCr {
  apiVersion: 'cert-manager.io/v1';
  kind: 'Certificate';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    isCA?: boolean;
    secretName: string;
    commonName: string;
    dnsNames?: string[];
    duration: string;
    renewBefore: string;
    privateKey: { algorithm: 'ECDSA' | 'RSA'; size: number; rotationPolicy: 'Always' | 'Never' };
    issuerRef: { kind: 'Issuer' | 'ClusterIssuer'; name: string; group?: 'cert-manager.io' };
  };
}
