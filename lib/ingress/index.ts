import type { ApiObject } from 'cdk8s';
import type { Construct } from 'constructs';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { TargetProfile } from '../targets';
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

/** Where browser traffic to a UI comes from: the router's namespaces (Routes), else the platform gateway's. */
export function uiIngressPeers(target: TargetProfile): INetworkPolicyPeer[] {
  return (target.routes ? target.routerNamespaces : [{ 'kubernetes.io/metadata.name': GATEWAY_NAMESPACE }]).map((l) => ({ namespaceSelector: { matchLabels: { ...l } } }));
}

/**
 * A UI on a Routes target: an Ingress the router turns into an edge-terminated Route for
 * `ui.host` (the platform gateway's HTTPRoutes play this part elsewhere).
 */
export function routeIngress(scope: Construct, ui: UiRoute, labels: Record<string, string>, annotations: Record<string, string> = {}): ApiObject {
  return kube<IIngress>(scope, 'ingress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: ui.service, namespace: ui.namespace, labels, annotations: { 'route.openshift.io/termination': 'edge', ...annotations } },
    spec: {
      rules: [{ host: ui.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: ui.service, port: { number: ui.port } } } }] } }],
    },
  });
}
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
