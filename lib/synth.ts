import { KUSTOMIZE_GROUP } from './core/upstream';
import type { KubeObject } from './core/plan';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, parse, resolve, sep } from 'node:path';
import { renderGitOps, serializeFiles, type OutputFile } from './backends/gitops';
import { CheckError, runChecks } from './checks';
import { buildPlan, type Plan } from './core/plan';
import { buildPlatform, type Platform } from './core/platform';
import { checkRbacScope } from './core/rbac-scope';
import type { ResolvedSpec } from './spec/resolve';

/** File marking a folder as agentplane output, so `synth` only ever replaces its own folders. */
export const OUTPUT_MARKER = '.agentplane-output';

/** The output folder would destroy something that is not agentplane output. */
export class OutputDirError extends Error {}

/**
 * `synth` replaces its output folder as a whole, so it must never point at anything else: not
 * the working directory or one of its parents, and not a non-empty folder without the marker.
 */
export function checkOutputDir(dir: string): void {
  const target = resolve(dir);
  const cwd = process.cwd();
  if (target === cwd || cwd.startsWith(`${target}${sep}`) || target === parse(target).root) {
    throw new OutputDirError(`refusing to replace ${dir}: it is the working directory or one of its parents. Pass a dedicated folder such as charts-out/<target>-<profile>.`);
  }
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new OutputDirError(`refusing to replace ${dir}: it is a file. Pass a folder.`);
    if (readdirSync(target).length > 0 && !existsSync(join(target, OUTPUT_MARKER))) {
      throw new OutputDirError(`refusing to replace ${dir}: it is not empty and was not written by agentplane (no ${OUTPUT_MARKER}). Pass an empty or new folder.`);
    }
  }
}

export interface SynthOutput {
  readonly platform: Platform;
  readonly plan: Plan;
  readonly files: readonly OutputFile[];
  /** File path → YAML text. */
  readonly texts: ReadonlyMap<string, string>;
  readonly objectCount: number;
}

/** The objects of the output that are applied to the cluster (kustomizations are Argo CD build inputs). */
export function clusterObjects(files: readonly OutputFile[]): KubeObject[] {
  return files.flatMap((f) => f.objects).filter((o) => !o.apiVersion.startsWith(KUSTOMIZE_GROUP));
}

/**
 * Spec → construct tree → plan → checked GitOps files, in memory. Pure and deterministic;
 * throws PlanError or CheckError before anything could be written.
 */
export function synthesize(spec: ResolvedSpec): SynthOutput {
  const platform = buildPlatform(spec);
  const plan = buildPlan(platform);
  checkRbacScope(platform, plan);
  const files = renderGitOps(platform, plan);
  const violations = runChecks(clusterObjects(files));
  if (violations.length > 0) throw new CheckError(violations);
  const texts = serializeFiles(files);
  return { platform, plan, files, texts, objectCount: files.reduce((n, f) => n + f.objects.length, 0) };
}

/**
 * Replaces `dir` with exactly these files. Written beside it first and swapped in, so a failure
 * leaves the previous output intact and stale files never survive (output = f(spec)).
 */
export function writeOutput(dir: string, texts: ReadonlyMap<string, string>): void {
  checkOutputDir(dir);
  const staging = `${resolve(dir)}.agentplane-partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const made = new Set<string>();
  for (const [path, text] of texts) {
    const d = dirname(join(staging, path));
    if (!made.has(d)) {
      mkdirSync(d, { recursive: true });
      made.add(d);
    }
    writeFileSync(join(staging, path), text);
  }
  writeFileSync(join(staging, OUTPUT_MARKER), 'Written by agentplane synth; the whole folder is replaced on every synth.\n');
  const abs = resolve(dir);
  rmSync(abs, { recursive: true, force: true });
  mkdirSync(dirname(abs), { recursive: true });
  renameSync(staging, abs);
}
