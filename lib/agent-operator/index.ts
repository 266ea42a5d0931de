import { BRAND } from '../brand';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { restrictedNamespace } from '../core/namespace';
import { HelmRelease } from '../core/upstream';
import { PINS } from '../pins';
import { operatorValues } from './values';
import { EGRESS_ENFORCEMENT } from '../tenancy/auth-bridge';

/** What the agent operator offers other components. */
export interface AgentOperatorExports {
  /** Platform namespace (operator, webhook). */
  readonly namespace: string;
  /** `agent.<brand>.dev/v1alpha1`. */
  readonly apiVersion: string;
}

export const agentOperator = defineComponent({
  id: 'agent-operator',
  title: 'Agent operator + admission webhook',
  toggles: [],
  install: 'agentOperator',
  // Installed by the cluster's administrators (same release: the names come from the pin).
  external: (ctx) => ({ namespace: ctx.names.platformNamespace, apiVersion: ctx.names.apiVersion }),
  dependsOn: ['cert-manager', 'keycloak'],
  // With the mesh on, the operator joins it so agents can admit it by identity under STRICT mTLS.
  optionalDependsOn: ['istio', 'spire'],
  pins: () => ['agent-operator', 'authbridge'],
  delivery: () => `Helm chart ${PINS['agent-operator'].source} (GitOps: Argo CD Application; Pulumi: Helm release)`,
  namespaces: () => [BRAND.platformNamespace],
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const identity = ctx.use('keycloak');
    const labels = commonLabels('agent-operator');
    const mesh = ctx.useOptional('istio');
    const spire = ctx.useOptional('spire');
    const ns = restrictedNamespace(scope, 'namespace', {
      name: names.platformNamespace,
      target,
      labels: mesh ? { ...labels, [mesh.ambientLabel.key]: mesh.ambientLabel.value } : labels,
    });
    const pin = PINS['agent-operator'];
    const chart = new HelmRelease(scope, 'operator-chart', {
      name: `${names.brand}-operator`,
      namespace: names.platformNamespace,
      repo: pin.source.slice(0, pin.source.lastIndexOf('/')),
      chart: pin.source.slice(pin.source.lastIndexOf('/') + 1),
      version: spec.versions['agent-operator'],
      values: operatorValues({
        names,
        keycloak: { publicUrl: identity.publicUrl, namespace: identity.namespace },
        trustDomain: spec.spire.trustDomain,
        realmIssuer: identity.issuerUrl,
        sidecarImages: { repository: PINS.authbridge.source, tag: spec.versions.authbridge },
        egressEnforcement: EGRESS_ENFORCEMENT,
        ...(spire ? { spire: { endpointSocket: spire.endpointSocket, workloadApiDir: spire.workloadApiDir, clusterName: spec.spire.clusterName } } : {}),
      }) as unknown as Record<string, unknown>,
      providesApiGroups: [names.apiGroup],
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
    });
    chart.node.addDependency(ns);
    return { namespace: names.platformNamespace, apiVersion: names.apiVersion };
  },
});
