import type { Construct } from 'constructs';
import { defineComponent } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { restrictedNamespace } from '../core/namespace';
import { OlmSubscription } from '../core/olm';
import { pinnedUidRangePatch } from '../core/security';
import { ReleaseManifests } from '../core/upstream';
import type { CertificateCr } from '../cert-manager/model';
import { PINS } from '../pins';
import { buildahStrategy, BUILDAH_IN_CLUSTER_STRATEGY, BUILDAH_STRATEGY } from './strategies';

/** What Shipwright offers: the build strategies source agents use. */
export interface ShipwrightExports {
  /** Strategy for builds pushing to a TLS registry. */
  readonly strategy: string;
  /** Strategy for builds using the in-cluster registry; undefined when the registry is off. */
  readonly inClusterStrategy?: string;
  /**
   * Service account build pods run as: OpenShift Pipelines creates `pipeline` in every
   * namespace (with its SCC); elsewhere the build namespace's own account.
   */
  readonly serviceAccount: string;
}

const NAMESPACE = 'shipwright-build';
const WEBHOOK_SERVICE = 'shp-build-webhook';
const WEBHOOK_SECRET = 'shipwright-build-webhook-cert';
/** Every Shipwright CRD converts versions through the webhook, so each needs the CA bundle. */
const CRDS = ['builds', 'buildruns', 'buildstrategies', 'clusterbuildstrategies'].map((r) => `${r}.shipwright.io`);
/** The uid Shipwright's release pins for its controller and webhook. */
const SHIPWRIGHT_UID = 1000;
/** Build pods' service account outside OpenShift (created per build namespace). */
export const BUILDER_SERVICE_ACCOUNT = 'agentplane-builder';

/** The release URL of a Shipwright Build version. */
export function shipwrightReleaseUrl(version: string): string {
  return `${PINS['shipwright-build'].source}/${version}/release.yaml`;
}

export const shipwright = defineComponent({
  id: 'shipwright',
  title: 'Shipwright Build: image builds from source on Tekton, with buildah strategies',
  toggles: ['shipwright'],
  // External (OpenShift Builds or upstream Shipwright already installed): the platform still
  // adds its build strategies, so the mode is read in build().
  install: 'shipwright',
  dependsOn: ['tekton', 'platform-ca'],
  pins: (t, spec) => (spec.install.shipwright.mode === 'external' ? ['buildah'] : t.olm ? ['openshift-builds-operator', 'buildah'] : ['shipwright-build', 'buildah']),
  delivery: (t, spec) =>
    spec.install.shipwright.mode === 'external'
      ? 'platform buildah ClusterBuildStrategies for the existing Shipwright (install.shipwright: external)'
      : t.olm
      ? 'OpenShift Builds operator via OLM (openshift-builds, all namespaces); platform buildah ClusterBuildStrategies'
      : 'Shipwright release manifests; webhook certificate from the platform CA, CA bundles injected into the CRDs by cert-manager; platform buildah ClusterBuildStrategies',
  namespaces: (spec) => (spec.install.shipwright.mode === 'external' ? [] : [spec.target.olm ? 'openshift-builds' : NAMESPACE]),
  build(scope, ctx) {
    const { spec, target } = ctx;
    const labels = commonLabels('shipwright');
    let provider: Construct | undefined;
    if (spec.install.shipwright.mode === 'external') {
      provider = undefined;
    } else if (target.olm) {
      const ns = restrictedNamespace(scope, 'namespace', { name: 'openshift-builds', target, labels });
      provider = new OlmSubscription(scope, 'operator', {
        packageName: 'openshift-builds-operator',
        channel: spec.versions['openshift-builds-operator'],
        namespace: 'openshift-builds',
        targetNamespaces: [],
        providesApiGroups: ['shipwright.io'],
        labels,
      });
      provider.node.addDependency(ns);
    } else {
      const ca = ctx.use('platform-ca').issuer;
      const injectFrom = { 'cert-manager.io/inject-ca-from': `${NAMESPACE}/${WEBHOOK_SECRET}` };
      provider = new ReleaseManifests(scope, 'release', {
        name: 'shipwright-build',
        namespace: NAMESPACE,
        urls: [shipwrightReleaseUrl(spec.versions['shipwright-build'])],
        gitops: spec.gitops,
        providesApiGroups: ['shipwright.io'],
        argoNamespace: spec.gitops.argoNamespace,
        argoProject: spec.gitops.project,
        labels,
        // The conversion webhooks trust the platform CA: cert-manager's CA injector fills each
        // CRD's caBundle from the webhook certificate (no script, no webhook restart).
        patches: [
          ...CRDS.map((name) => ({
            target: { kind: 'CustomResourceDefinition', name },
            patch: { apiVersion: 'apiextensions.k8s.io/v1', metadata: { annotations: injectFrom } },
          })),
          // Upstream's controller and webhook pin uid 1000.
          ...(target.assignsUids ? [pinnedUidRangePatch(NAMESPACE, SHIPWRIGHT_UID)] : []),
        ],
      });
      const host = `${WEBHOOK_SERVICE}.${NAMESPACE}`;
      kube<CertificateCr>(scope, 'webhook-certificate', {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: WEBHOOK_SECRET, namespace: NAMESPACE, labels },
        spec: {
          secretName: WEBHOOK_SECRET,
          commonName: `${host}.svc`,
          dnsNames: [WEBHOOK_SERVICE, host, `${host}.svc`, `${host}.svc.cluster.local`],
          duration: '2160h',
          renewBefore: '720h',
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          issuerRef: { kind: ca.kind, name: ca.name, group: 'cert-manager.io' },
        },
      }).node.addDependency(provider); // the release creates the namespace
    }
    const buildahImage = `${PINS.buildah.source}:${spec.versions.buildah}`;
    const after = (c: Construct) => (provider ? c.node.addDependency(provider) : undefined);
    after(kube(scope, 'strategy-buildah', buildahStrategy({ name: BUILDAH_STRATEGY, buildahImage, labels, inClusterRegistry: false })));
    const inCluster = spec.features.containerRegistry.on;
    if (inCluster) {
      after(kube(scope, 'strategy-buildah-in-cluster-registry', buildahStrategy({ name: BUILDAH_IN_CLUSTER_STRATEGY, buildahImage, labels, inClusterRegistry: true })));
    }
    return {
      strategy: BUILDAH_STRATEGY,
      ...(inCluster ? { inClusterStrategy: BUILDAH_IN_CLUSTER_STRATEGY } : {}),
      serviceAccount: target.olm ? 'pipeline' : BUILDER_SERVICE_ACCOUNT,
    };
  },
});
