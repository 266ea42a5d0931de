import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { ManifestBundle } from '../core/upstream';
import { PINS } from '../pins';

/** What the Gateway API CRDs component offers. */
export interface GatewayApiExports {
  readonly apiGroup: string;
}

const GROUP = 'gateway.networking.k8s.io';

export const gatewayApi = defineComponent({
  id: 'gateway-api',
  title: 'Gateway API CRDs (standard channel)',
  toggles: ['istio'],
  // External by default where the cluster owns the CRDs (OpenShift 4.19+): installing them would collide.
  install: 'gatewayApi',
  external: () => ({ apiGroup: GROUP }),
  dependsOn: [],
  pins: () => ['gateway-api'],
  delivery: () => `release manifests of ${PINS['gateway-api'].source} (kustomization config/crd)`,
  namespaces: () => [],
  build(scope, ctx) {
    const version = ctx.spec.versions['gateway-api'];
    new ManifestBundle(scope, 'crds', {
      name: 'gateway-api-crds',
      namespace: 'default',
      gitRepo: `${PINS['gateway-api'].source}.git`,
      revision: version,
      path: 'config/crd',
      layout: 'kustomize',
      providesApiGroups: [GROUP],
      argoNamespace: ctx.spec.gitops.argoNamespace,
      argoProject: ctx.spec.gitops.project,
      labels: commonLabels('gateway-api'),
    });
    return { apiGroup: GROUP };
  },
});
