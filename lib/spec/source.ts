import { createHash } from 'node:crypto';
import { REGISTRY_HOST } from '../registry/endpoints';
import { SPEC_RULES as R } from '../rules';
import type { TargetProfile } from '../targets';
import type { ResolvedFeatures } from './features';
import type { SpecIssue } from './issues';
import type { AgentSpec } from './schema';

/** The namespace a team's source builds run in (Pod Security baseline: buildah needs root). */
export function buildNamespace(team: string): string {
  return `${team}-builds`;
}

/** An agent built from source: where from, and the image reference the build produces. */
export interface ResolvedSource extends NonNullable<AgentSpec['source']> {
  /** Repository the build pushes to (no tag). */
  readonly repository: string;
  /** Tag derived from the source fields: a change to any of them is a new image and a new build. */
  readonly tag: string;
  /** Whether the push target is the platform's in-cluster registry (plain HTTP inside the cluster). */
  readonly inClusterRegistry: boolean;
}

/**
 * The image each agent runs: its `image`, or the output of its source build. Exactly one of the
 * two; a source needs Shipwright and somewhere to push (the in-cluster registry, the target's
 * internal registry, or an explicit `outputImage`).
 */
export function resolveSources(
  agents: readonly AgentSpec[],
  features: ResolvedFeatures,
  target: TargetProfile,
  issues: SpecIssue[],
  teamNames: ReadonlySet<string>,
): ({ image: string; source?: ResolvedSource } | undefined)[] {
  return agents.map((a, i) => {
    if (a.image !== undefined && a.source !== undefined) {
      issues.push({ path: `agents[${i}].source`, rule: R.wellFormed.id, message: 'an agent has an image or a source to build one, not both.', fix: 'remove image (the build produces it) or remove source.' });
      return undefined;
    }
    if (a.image !== undefined) return { image: a.image };
    if (a.source === undefined) {
      issues.push({ path: `agents[${i}].image`, rule: R.wellFormed.id, message: 'is required (or source, to build the image).', fix: 'set image to a pinned reference, or source: { git, revision } to build it with Shipwright.' });
      return undefined;
    }
    const s = a.source;
    if (!features.builds.on) {
      issues.push({
        path: `agents[${i}].source`,
        rule: R.featureDependencies.id,
        message: `building from source needs features.builds (which installs Shipwright), which is ${features.shipwright.on ? 'off' : 'off, and so is features.shipwright'}.`,
        fix: 'set features.builds: true, or give the agent a pinned image instead of a source.',
      });
      return undefined;
    }
    if (buildNamespace(a.team).length > 63) {
      issues.push({ path: `agents[${i}].team`, rule: R.wellFormed.id, message: `team "${a.team}" is too long for its build namespace "${buildNamespace(a.team)}" (63 characters at most).`, fix: 'use a team name of at most 56 characters for teams that build from source.' });
      return undefined;
    }
    if (teamNames.has(buildNamespace(a.team))) {
      issues.push({ path: `agents[${i}].source`, rule: R.reservedNamespaces.id, message: `team "${a.team}" builds in namespace "${buildNamespace(a.team)}", which is also a team.`, fix: `rename team "${buildNamespace(a.team)}".` });
      return undefined;
    }
    if (s.git.startsWith('git@') && s.cloneSecret === undefined) {
      issues.push({ path: `agents[${i}].source.cloneSecret`, rule: R.wellFormed.id, message: 'an ssh git URL needs credentials to clone.', fix: 'set cloneSecret to a Secret in the build namespace with an ssh key, or use an https:// URL.' });
      return undefined;
    }
    const inCluster = features.containerRegistry.on;
    const repository = s.outputImage ?? (inCluster ? `${REGISTRY_HOST}/${a.team}/${a.name}` : target.internalRegistry ? `${target.internalRegistry}/${buildNamespace(a.team)}/${a.name}` : undefined);
    if (repository === undefined) {
      issues.push({
        path: `agents[${i}].source`,
        rule: R.buildOutput.id,
        message: `the build has nowhere to push: features.containerRegistry is off and target ${target.id} has no internal registry.`,
        fix: 'set features.containerRegistry: true, or source.outputImage (with source.pushSecret) to an external repository.',
      });
      return undefined;
    }
    // Every field that changes what is built is in the tag: a new revision is a new image,
    // a new BuildRun, and a Deployment rollout once the image exists.
    const hash = createHash('sha256').update(JSON.stringify([s.git, s.revision, s.contextDir, s.dockerfile])).digest('hex').slice(0, 12);
    const tag = `src-${hash}`;
    return { image: `${repository}:${tag}`, source: { ...s, repository, tag, inClusterRegistry: s.outputImage === undefined && inCluster } };
  });
}
