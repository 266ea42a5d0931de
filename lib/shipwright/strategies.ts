import { REGISTRY_HOST } from '../registry/endpoints';
import { SHIPWRIGHT_API, type ClusterBuildStrategyCr } from './model';

/** The strategy builds use by default: buildah, pushed by Shipwright (TLS verified). */
export const BUILDAH_STRATEGY = 'agentplane-buildah';
/** Same, and base images may come from the in-cluster registry over plain HTTP. */
export const BUILDAH_IN_CLUSTER_STRATEGY = 'agentplane-buildah-in-cluster-registry';

/**
 * Builds the Dockerfile into an OCI layout in Shipwright's output directory; Shipwright's own
 * step pushes it (with the Build's push secret and `insecure` flag) and records the digest.
 * Parameters arrive as positional arguments, never spliced into the script: a Dockerfile path
 * cannot inject shell.
 */
const BUILD_SCRIPT = [
  'set -euo pipefail',
  'context="$1"; dockerfile="$2"; out="$3"',
  'buildah --storage-driver=vfs bud --isolation=chroot --format=oci --layers=false --file="$context/$dockerfile" --tag=agent "$context"',
  'buildah --storage-driver=vfs push agent "oci:$out"',
].join('\n');

/** Registries configuration trusting the in-cluster registry (HTTP) for base images. */
const IN_CLUSTER_REGISTRIES = [
  'unqualified-search-registries = ["docker.io"]',
  '[[registry]]',
  `location = "${REGISTRY_HOST}"`,
  'insecure = true',
].join('\n');

export interface StrategyOptions {
  readonly name: string;
  readonly buildahImage: string;
  readonly labels: Record<string, string>;
  /** Trust the in-cluster registry for base images. */
  readonly inClusterRegistry: boolean;
}

/**
 * A buildah ClusterBuildStrategy. Buildah runs as root with SETFCAP (no privileged mode, no
 * extra capabilities beyond Pod Security `baseline`), with vfs storage and chroot isolation,
 * which is why build pods run in per-team build namespaces, never in restricted agent namespaces.
 */
export function buildahStrategy(o: StrategyOptions): ClusterBuildStrategyCr {
  const script = o.inClusterRegistry
    ? `printf '%s\\n' '${IN_CLUSTER_REGISTRIES.replace(/'/g, "'\\''")}' > /tmp/registries.conf\nexport CONTAINERS_REGISTRIES_CONF=/tmp/registries.conf\n${BUILD_SCRIPT}`
    : BUILD_SCRIPT;
  return {
    apiVersion: SHIPWRIGHT_API,
    kind: 'ClusterBuildStrategy',
    metadata: {
      name: o.name,
      labels: o.labels,
      annotations: {
        'agentplane.io/description': o.inClusterRegistry
          ? `buildah, Shipwright-managed push; base images may come from ${REGISTRY_HOST} over HTTP`
          : 'buildah, Shipwright-managed push',
      },
    },
    spec: {
      parameters: [{ name: 'dockerfile', description: 'Dockerfile (or Containerfile) relative to the context directory.', default: 'Dockerfile' }],
      securityContext: { runAsUser: 0, runAsGroup: 0 },
      steps: [
        {
          name: 'build',
          image: o.buildahImage,
          workingDir: '$(params.shp-source-root)',
          command: ['/bin/bash'],
          args: ['-c', script, 'build', '$(params.shp-source-context)', '$(params.dockerfile)', '$(params.shp-output-directory)'],
          // Root with SETFCAP: buildah sets file capabilities while committing layers.
          securityContext: { allowPrivilegeEscalation: false, capabilities: { add: ['SETFCAP'] } },
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '2', memory: '4Gi' } },
        },
      ],
    },
  };
}
