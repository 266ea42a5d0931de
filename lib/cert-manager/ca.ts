import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import type { CertificateCr, IssuerCr } from './model';

/** What the platform CA offers: the issuer that signs platform webhook certificates. */
export interface PlatformCaExports {
  readonly issuer: { readonly kind: 'ClusterIssuer'; readonly name: string };
}

/** The issuer platform components reference for webhook and internal TLS. */
export const PLATFORM_CA_ISSUER = 'agentplane-ca';
const BOOTSTRAP_ISSUER = 'agentplane-selfsigned';
const CA_SECRET = 'agentplane-ca';

/**
 * A private CA for platform webhooks, declared rather than scripted: a self-signed
 * ClusterIssuer signs one CA certificate (in cert-manager's namespace, where ClusterIssuers read
 * their secrets), and the `agentplane-ca` ClusterIssuer signs leaf certificates with it. Trust is
 * distributed by cert-manager's CA injector (`cert-manager.io/inject-ca-from`), never by copying.
 */
export const platformCa = defineComponent({
  id: 'platform-ca',
  title: 'Platform CA: self-signed root and the ClusterIssuer for platform webhooks',
  toggles: ['certManager'],
  dependsOn: ['cert-manager'],
  pins: () => [],
  delivery: () => `cert-manager resources: ClusterIssuer ${BOOTSTRAP_ISSUER} (self-signed) -> Certificate ${CA_SECRET} (CA) -> ClusterIssuer ${PLATFORM_CA_ISSUER}`,
  namespaces: () => [],
  build(scope, ctx) {
    const ns = ctx.use('cert-manager').namespace;
    const labels = commonLabels('platform-ca');
    const bootstrap = kube<IssuerCr>(scope, 'bootstrap-issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: BOOTSTRAP_ISSUER, labels },
      spec: { selfSigned: {} },
    });
    const root = kube<CertificateCr>(scope, 'root', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: CA_SECRET, namespace: ns, labels },
      spec: {
        isCA: true,
        commonName: 'agentplane platform CA',
        secretName: CA_SECRET,
        // Five years, renewed a year ahead; leaf certificates it signs are short-lived.
        duration: '43800h',
        renewBefore: '8760h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { kind: 'ClusterIssuer', name: BOOTSTRAP_ISSUER, group: 'cert-manager.io' },
      },
    });
    root.node.addDependency(bootstrap);
    kube<IssuerCr>(scope, 'ca-issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: PLATFORM_CA_ISSUER, labels },
      spec: { ca: { secretName: CA_SECRET } },
    }).node.addDependency(root);
    return { issuer: { kind: 'ClusterIssuer', name: PLATFORM_CA_ISSUER } };
  },
});
