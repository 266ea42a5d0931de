import { toYaml } from '../backends/yaml';
import { restrictedContainerSecurityContext } from '../core/security';

/** Typed subsets of the Gateway API resources the platform emits (cert-manager's live in cert-manager/model). */
type Meta = { name: string; namespace: string; labels?: Record<string, string> };

export type { CertificateCr, IssuerCr } from '../cert-manager/model';

export interface Listener {
  name: string;
  port: number;
  protocol: 'HTTP' | 'HTTPS' | 'HBONE';
  hostname?: string;
  tls?: { mode: 'Terminate'; certificateRefs: { group: string; kind: 'Secret'; name: string }[] };
  allowedRoutes?: { namespaces: { from: 'Same' | 'All' | 'Selector'; selector?: { matchExpressions: { key: string; operator: 'In'; values: string[] }[] } } };
}

export interface GatewayCr {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: 'Gateway';
  metadata: Meta;
  spec: {
    gatewayClassName: string;
    infrastructure?: { parametersRef: { group: string; kind: 'ConfigMap'; name: string } };
    listeners: Listener[];
  };
}

export interface HttpRouteCr {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: 'HTTPRoute';
  metadata: Meta;
  spec: {
    parentRefs: { name: string; namespace?: string; sectionName?: string }[];
    hostnames?: string[];
    rules: { backendRefs?: { name: string; port: number }[]; filters?: { type: 'RequestRedirect'; requestRedirect: { scheme: 'https'; statusCode: 301 } }[] }[];
  };
}

/** Resources of every gateway and waypoint proxy the platform configures (also counted against team quotas). */
export const PROXY_RESOURCES = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } } as const;

/**
 * Istio's per-Gateway deployment overlay (ConfigMap referenced by `infrastructure.parametersRef`):
 * the proxies Istio generates for gateways and waypoints run Pod Security `restricted` with
 * requests and limits.
 */
export function gatewayOptions(): Record<string, string> {
  return {
    deployment: toYaml({
      spec: {
        template: {
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'istio-proxy',
                securityContext: restrictedContainerSecurityContext(true),
                resources: { requests: { ...PROXY_RESOURCES.requests }, limits: { ...PROXY_RESOURCES.limits } },
              },
            ],
          },
        },
      },
    }),
  };
}
