import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { OlmSubscription } from '../core/olm';
import { pinnedUidRangePatch } from '../core/security';
import { ReleaseManifests } from '../core/upstream';
import { PINS } from '../pins';

/** What Tekton offers: where its controllers run. */
export interface TektonExports {
  readonly namespace: string;
}

const NAMESPACE = 'tekton-pipelines';
const RESOLVERS_NAMESPACE = 'tekton-pipelines-resolvers';
/** The Tekton images run as uid/gid 65532 (distroless nonroot); SCC targets must allow exactly that. */
const TEKTON_UID = 65532;

/** The release URL of a Tekton Pipelines version. */
export function tektonReleaseUrl(version: string): string {
  return `${PINS['tekton-pipelines'].source}/${version}/release.yaml`;
}

export const tekton = defineComponent({
  id: 'tekton',
  title: 'Tekton Pipelines: the task runtime Shipwright builds run on',
  toggles: ['shipwright'],
  install: 'tekton',
  // OpenShift Pipelines or upstream Tekton already installed.
  external: (ctx) => ({ namespace: ctx.target.olm ? 'openshift-pipelines' : NAMESPACE }),
  dependsOn: [],
  pins: (t) => (t.olm ? ['openshift-pipelines-operator'] : ['tekton-pipelines']),
  delivery: (t) => (t.olm ? 'OpenShift Pipelines operator via OLM (openshift-operators, all namespaces)' : 'Tekton release manifests of the pinned version (release asset), with restricted TaskRun pods'),
  namespaces: (spec) => (spec.target.olm ? ['openshift-pipelines'] : [NAMESPACE, RESOLVERS_NAMESPACE]),
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('tekton');
    if (target.olm) {
      new OlmSubscription(scope, 'operator', {
        packageName: 'openshift-pipelines-operator-rh',
        channel: spec.versions['openshift-pipelines-operator'],
        namespace: 'openshift-operators',
        createOperatorGroup: false,
        providesApiGroups: ['tekton.dev', 'operator.tekton.dev', 'resolution.tekton.dev'],
        labels,
      });
      return { namespace: 'openshift-pipelines' };
    }
    // The release creates its own namespaces (Pod Security restricted upstream).
    new ReleaseManifests(scope, 'release', {
      name: 'tekton-pipelines',
      namespace: NAMESPACE,
      urls: [tektonReleaseUrl(spec.versions['tekton-pipelines'])],
      gitops: spec.gitops,
      providesApiGroups: ['tekton.dev', 'resolution.tekton.dev'],
      argoNamespace: spec.gitops.argoNamespace,
      argoProject: spec.gitops.project,
      labels,
      patches: [
        // TaskRun pods get restricted security contexts, so build steps that do not need more
        // run under the namespace's Pod Security level.
        { target: { kind: 'ConfigMap', name: 'feature-flags' }, patch: { apiVersion: 'v1', data: { 'set-security-context': 'true' } } },
        ...(target.assignsUids ? [NAMESPACE, RESOLVERS_NAMESPACE].map((ns) => pinnedUidRangePatch(ns, TEKTON_UID)) : []),
      ],
    });
    return { namespace: NAMESPACE };
  },
});
