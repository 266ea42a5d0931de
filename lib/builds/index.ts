import { hostlessScc } from '../core/scc';
import { Construct } from 'constructs';
import type { ILimitRange } from 'kubernetes-models/v1/LimitRange';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { defineComponent } from '../core/component';
import { commonLabels, LABELS } from '../core/labels';
import { kube } from '../core/kube';
import { dnsEgressRule, namespacePeer, publicEgressRule } from '../core/network';
import { REGISTRY_NAMESPACE, REGISTRY_PORT } from '../registry/endpoints';
import { SHIPWRIGHT_API, type BuildCr, type BuildRunCr, type SccCr } from '../shipwright/model';
import { BUILDER_SERVICE_ACCOUNT, type ShipwrightExports } from '../shipwright';
import type { ResolvedAgent } from '../spec/resolve';
import { buildNamespace } from '../spec/source';
import type { TargetProfile } from '../targets';

/** What the builds component offers: the build namespace of each team that builds. */
export interface BuildsExports {
  readonly namespaces: readonly string[];
}

/** The BuildRun of one source revision: the agent name and the first 8 hex digits of its tag (labels cap names at 63). */
export function buildRunName(agent: ResolvedAgent): string {
  return `${agent.name}-${agent.source!.tag.slice('src-'.length, 'src-'.length + 8)}`;
}

/** SCC build pods use on SCC targets without OpenShift Pipelines (MicroShift): root with SETFCAP, nothing more. */
export const BUILDER_SCC = 'agentplane-builder';

interface TeamBuildsProps {
  readonly team: string;
  readonly agents: readonly ResolvedAgent[];
  readonly target: TargetProfile;
  readonly shipwright: ShipwrightExports;
  readonly timeout: string;
  readonly labels: Record<string, string>;
  /** ClusterRole granting use of the builder SCC (SCC targets without OpenShift Pipelines). */
  readonly sccRole?: string;
}

/**
 * One team's build namespace and its builds. Buildah runs as root with SETFCAP, which Pod
 * Security `restricted` forbids, so builds never run in the agent namespace: the build
 * namespace enforces `baseline` (audit and warn `restricted`), carries no team label (agent
 * guardrails do not apply), reaches only DNS, the platform registry and public HTTPS/SSH, and
 * holds no agent credentials.
 */
class TeamBuilds extends Construct {
  constructor(scope: Construct, id: string, p: TeamBuildsProps) {
    super(scope, id);
    const ns = buildNamespace(p.team);
    const meta = (name: string) => ({ name, namespace: ns, labels: p.labels });
    const nsObj = kube<INamespace>(this, 'namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          ...p.labels,
          [LABELS.buildsFor]: p.team,
          [LABELS.buildNamespace]: 'true',
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          ...(p.target.assignsUids ? { 'security.openshift.io/scc.podSecurityLabelSync': 'false' } : {}),
        },
      },
    });
    const add = <T extends object>(cid: string, body: T & { apiVersion: string; kind: string }) => {
      const o = kube<T>(this, cid, body);
      o.node.addDependency(nsObj);
      return o;
    };
    if (!p.target.olm) {
      add<IServiceAccount>('service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(BUILDER_SERVICE_ACCOUNT), automountServiceAccountToken: false });
      if (p.sccRole) {
        add<IRoleBinding>('builder-scc', {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: meta('agentplane-builder-scc'),
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: p.sccRole },
          subjects: [{ kind: 'ServiceAccount', name: BUILDER_SERVICE_ACCOUNT, namespace: ns }],
        });
      }
    } else if (p.target.internalRegistry) {
      // Builds push to image streams of this namespace; the team's pods may pull them.
      add<IRoleBinding>('image-pullers', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: meta(`image-pullers-${p.team}`),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:image-puller' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `system:serviceaccounts:${p.team}` }],
      });
    }
    // Tekton's and Shipwright's helper containers declare no resources: the namespace supplies them.
    add<ILimitRange>('limits', {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('build-limits'),
      spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' }, max: { cpu: '4', memory: '8Gi' } }] },
    });
    const policy = (pid: string, spec: INetworkPolicy['spec']) => add<INetworkPolicy>(pid, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(pid), spec });
    policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // Git over HTTPS or SSH and base images over HTTPS, on public addresses only.
    const egress = [dnsEgressRule(p.target), publicEgressRule([443, 22])];
    if (p.agents.some((a) => a.source!.inClusterRegistry)) {
      egress.push({ to: [namespacePeer(REGISTRY_NAMESPACE)], ports: [{ protocol: 'TCP', port: REGISTRY_PORT }] });
    }
    if (p.target.internalRegistry && p.agents.some((a) => a.source!.repository.startsWith(`${p.target.internalRegistry}/`))) {
      egress.push({ to: [namespacePeer('openshift-image-registry')], ports: [{ protocol: 'TCP', port: 5000 }] });
    }
    policy('allow-build-egress', { podSelector: {}, policyTypes: ['Egress'], egress });

    for (const a of p.agents) {
      const s = a.source!;
      const build = add<BuildCr>(`build-${a.name}`, {
        apiVersion: SHIPWRIGHT_API,
        kind: 'Build',
        metadata: { name: a.name, namespace: ns, labels: { ...p.labels, [LABELS.team]: p.team, [LABELS.name]: a.name } },
        spec: {
          source: {
            type: 'Git',
            git: { url: s.git, revision: s.revision, ...(s.cloneSecret ? { cloneSecret: s.cloneSecret } : {}) },
            ...(s.contextDir !== '.' ? { contextDir: s.contextDir } : {}),
          },
          strategy: { name: s.inClusterRegistry && p.shipwright.inClusterStrategy ? p.shipwright.inClusterStrategy : p.shipwright.strategy, kind: 'ClusterBuildStrategy' },
          paramValues: [{ name: 'dockerfile', value: s.dockerfile }],
          output: {
            image: a.image,
            // The in-cluster registry speaks plain HTTP inside the cluster.
            ...(s.inClusterRegistry ? { insecure: true } : {}),
            ...(s.pushSecret ? { pushSecret: s.pushSecret } : {}),
            labels: { 'org.opencontainers.image.source': s.git, 'org.opencontainers.image.revision': s.revision },
          },
          timeout: p.timeout,
          retention: { succeededLimit: 3, failedLimit: 3 },
        },
      });
      // One BuildRun per source revision: a changed revision is a new name, hence a new build.
      add<BuildRunCr>(`buildrun-${a.name}`, {
        apiVersion: SHIPWRIGHT_API,
        kind: 'BuildRun',
        metadata: {
          name: buildRunName(a),
          namespace: ns,
          labels: { ...p.labels, [LABELS.team]: p.team, [LABELS.name]: a.name },
          annotations: { 'agentplane.dev/image': a.image },
        },
        spec: { build: { name: a.name }, serviceAccount: p.shipwright.serviceAccount },
      }).node.addDependency(build);
    }
  }
}

export const builds = defineComponent({
  id: 'builds',
  title: 'Agents built from source: per-team build namespaces, Shipwright Builds and BuildRuns',
  toggles: ['builds'],
  dependsOn: ['shipwright'],
  optionalDependsOn: ['registry'],
  pins: () => [],
  delivery: () => 'a build namespace per team with source agents (<team>-builds, Pod Security baseline); one Build and one BuildRun per source revision',
  namespaces: (spec) => [...new Set(spec.agents.filter((a) => a.source).map((a) => buildNamespace(a.team)))].sort(),
  build(scope, ctx) {
    const { spec, target } = ctx;
    const shipwright = ctx.use('shipwright');
    const labels = commonLabels('builds');
    const byTeam = new Map<string, ResolvedAgent[]>();
    for (const a of [...spec.agents].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
      if (!a.source) continue;
      byTeam.set(a.team, [...(byTeam.get(a.team) ?? []), a]);
    }
    let sccRole: string | undefined;
    if (byTeam.size > 0 && target.assignsUids && !target.olm) {
      // restricted-v2 forbids root; buildah needs root with SETFCAP (OpenShift Pipelines'
      // pipelines-scc grants the same on OpenShift). Each build namespace binds it to its builder.
      kube<SccCr>(scope, 'builder-scc', hostlessScc(BUILDER_SCC, labels, {
        allowPrivilegeEscalation: true,
        readOnlyRootFilesystem: false,
        allowedCapabilities: ['SETFCAP'],
        requiredDropCapabilities: ['KILL', 'MKNOD'],
        runAsUser: { type: 'RunAsAny' },
        seLinuxContext: { type: 'MustRunAs' },
        fsGroup: { type: 'MustRunAs' },
        supplementalGroups: { type: 'RunAsAny' },
        volumes: ['configMap', 'downwardAPI', 'emptyDir', 'persistentVolumeClaim', 'projected', 'secret'],
      }));
      sccRole = `agentplane:scc:${BUILDER_SCC}`;
      kube<IClusterRole>(scope, 'builder-scc-role', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: sccRole, labels },
        rules: [{ apiGroups: ['security.openshift.io'], resources: ['securitycontextconstraints'], resourceNames: [BUILDER_SCC], verbs: ['use'] }],
      });
    }
    for (const team of [...byTeam.keys()].sort()) {
      new TeamBuilds(scope, buildNamespace(team), { team, agents: byTeam.get(team)!, target, shipwright, timeout: spec.builds.timeout, labels, sccRole });
    }
    return { namespaces: [...byTeam.keys()].sort().map(buildNamespace) };
  },
});
