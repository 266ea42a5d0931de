import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { restrictedNamespace } from '../core/namespace';
import { OlmSubscription } from '../core/olm';
import { HelmRelease } from '../core/upstream';
import { PINS } from '../pins';
import { CERT_MANAGER_NAMESPACE } from './model';

/** What cert-manager offers: the API groups whose resources others may create. */
export interface CertManagerExports {
  readonly namespace: string;
  readonly apiGroups: readonly string[];
}

const API_GROUPS = ['cert-manager.io', 'acme.cert-manager.io'];

export const certManager = defineComponent({
  id: 'cert-manager',
  title: 'cert-manager (certificates for platform webhooks)',
  toggles: ['certManager'],
  install: 'certManager',
  // An existing cert-manager (upstream or the OpenShift operator): its CRDs are the cluster's.
  external: (ctx) => ({ namespace: ctx.spec.install.certManager.namespace, apiGroups: API_GROUPS }),
  dependsOn: [],
  pins: (t) => (t.olm ? ['cert-manager-operator'] : ['cert-manager']),
  delivery: (t) =>
    t.olm
      ? 'cert-manager Operator for Red Hat OpenShift via OLM (operand in namespace cert-manager)'
      : `Helm chart ${PINS['cert-manager'].source} with its CRDs (kept on uninstall)`,
  namespaces: (spec) => (spec.target.olm ? ['cert-manager-operator', CERT_MANAGER_NAMESPACE] : [CERT_MANAGER_NAMESPACE]),
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('cert-manager');
    if (target.olm) {
      // The OpenShift operator manages the operand in `cert-manager` itself; it watches all namespaces.
      const ns = restrictedNamespace(scope, 'namespace', { name: 'cert-manager-operator', target, labels });
      new OlmSubscription(scope, 'operator', {
        packageName: 'openshift-cert-manager-operator',
        channel: spec.versions['cert-manager-operator'],
        namespace: 'cert-manager-operator',
        targetNamespaces: [],
        providesApiGroups: API_GROUPS,
        labels,
      }).node.addDependency(ns);
      return { namespace: CERT_MANAGER_NAMESPACE, apiGroups: API_GROUPS };
    }
    const ns = restrictedNamespace(scope, 'namespace', { name: CERT_MANAGER_NAMESPACE, target, labels });
    const pin = PINS['cert-manager'];
    const small = { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
    new HelmRelease(scope, 'chart', {
      name: 'cert-manager',
      namespace: CERT_MANAGER_NAMESPACE,
      repo: pin.source.slice(0, pin.source.lastIndexOf('/')),
      chart: 'cert-manager',
      version: spec.versions['cert-manager'],
      values: {
        crds: { enabled: true, keep: true },
        // The chart's pods already run restricted; requests and limits are ours to set.
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        webhook: { resources: small },
        cainjector: { resources: small },
        startupapicheck: { resources: small },
      },
      providesApiGroups: API_GROUPS,
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
    }).node.addDependency(ns);
    return { namespace: CERT_MANAGER_NAMESPACE, apiGroups: API_GROUPS };
  },
});
