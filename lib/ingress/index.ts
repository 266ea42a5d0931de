import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { UiRoute } from '../core/component';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { gatewayOptions, type CertificateCr, type GatewayCr, type HttpRouteCr, type IssuerCr } from './model';

/** What the platform gateway offers. */
export interface IngressExports {
  readonly namespace: string;
  readonly gateway: string;
  /** Hosts published, by service. */
  readonly hosts: readonly string[];
}

/** Namespace of the platform gateway (its pods reach the UIs' Services). */
export const GATEWAY_NAMESPACE = 'istio-ingress';
const NAMESPACE = GATEWAY_NAMESPACE;
const GATEWAY = 'platform';
const TLS_SECRET = 'platform-wildcard-tls';

export const ingress = defineComponent({
  id: 'ingress',
  title: 'Platform gateway: Gateway API ingress for platform UIs on *.<domain>',
  toggles: ['istio'],
  notOn: (t) => (t.routes ? `the ${t.id} router publishes the UIs as Routes` : undefined),
  dependsOn: ['istio', 'keycloak', 'cert-manager'],
  optionalDependsOn: ['kiali', 'spire', 'phoenix', 'ui'],
  pins: () => [],
  delivery: () => 'Gateway (class istio) with HTTP->HTTPS redirect, wildcard certificate from cert-manager, one HTTPRoute per UI',
  namespaces: () => [NAMESPACE],
  build(scope, ctx) {
    const { spec, target } = ctx;
    const mesh = ctx.use('istio');
    const labels = commonLabels('ingress');
    const spireUi = ctx.useOptional('spire')?.ui;
    // The SPIRE OIDC discovery document is public on purpose: any verifier of JWT-SVIDs may fetch it.
    const routes: UiRoute[] = [ctx.use('keycloak').ui, ...(ctx.useOptional('kiali') ? [ctx.useOptional('kiali')!.ui] : []), ...(spireUi ? [spireUi] : []), ...(ctx.useOptional('phoenix') ? [ctx.useOptional('phoenix')!.ui] : []), ...(ctx.useOptional('ui') ? [ctx.useOptional('ui')!.ui] : [])];
    const ns = restrictedNamespace(scope, 'namespace', { name: NAMESPACE, target, labels });
    const meta = (name: string, namespace = NAMESPACE) => ({ name, namespace, labels });

    const issuer = kube<IssuerCr>(scope, 'issuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Issuer',
      metadata: meta('platform-selfsigned'),
      spec: { selfSigned: {} },
    });
    const cert = kube<CertificateCr>(scope, 'certificate', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: meta('platform-wildcard'),
      spec: {
        secretName: TLS_SECRET,
        commonName: `*.${spec.domain}`,
        dnsNames: [`*.${spec.domain}`, spec.domain],
        duration: '2160h',
        renewBefore: '360h',
        privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
        issuerRef: { kind: 'Issuer', name: 'platform-selfsigned' },
      },
    });
    cert.node.addDependency(issuer);
    const options = kube<IConfigMap>(scope, 'gateway-options', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('platform-gateway-options'),
      data: gatewayOptions(),
    });
    const gateway = kube<GatewayCr>(scope, 'gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta(GATEWAY),
      spec: {
        gatewayClassName: mesh.gatewayClass,
        infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'platform-gateway-options' } },
        listeners: [
          { name: 'http', port: 80, protocol: 'HTTP', hostname: `*.${spec.domain}`, allowedRoutes: { namespaces: { from: 'Same' } } },
          {
            name: 'https',
            port: 443,
            protocol: 'HTTPS',
            hostname: `*.${spec.domain}`,
            tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: TLS_SECRET }] },
            // Only the namespaces of the routes below may attach (least privilege).
            allowedRoutes: {
              namespaces: {
                from: 'Selector',
                selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...new Set(routes.map((r) => r.namespace))].sort() }] },
              },
            },
          },
        ],
      },
    });
    gateway.node.addDependency(cert, options, ns);
    kube<HttpRouteCr>(scope, 'https-redirect', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta('https-redirect'),
      spec: {
        parentRefs: [{ name: GATEWAY, sectionName: 'http' }],
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    }).node.addDependency(gateway);
    for (const r of routes) {
      kube<HttpRouteCr>(scope, `route-${r.service}`, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: meta(r.service, r.namespace),
        spec: {
          parentRefs: [{ name: GATEWAY, namespace: NAMESPACE, sectionName: 'https' }],
          hostnames: [r.host],
          rules: [{ backendRefs: [{ name: r.service, port: r.port }] }],
        },
      }).node.addDependency(gateway);
    }
    return { namespace: NAMESPACE, gateway: GATEWAY, hosts: routes.map((r) => r.host) };
  },
});
