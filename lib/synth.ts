import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderGitOps, serializeFiles, type OutputFile } from './backends/gitops';
import { CheckError, runChecks } from './checks';
import { buildPlan, type Plan } from './core/plan';
import { buildPlatform, type Platform } from './core/platform';
import type { ResolvedSpec } from './spec/resolve';

export interface SynthOutput {
  readonly platform: Platform;
  readonly plan: Plan;
  readonly files: readonly OutputFile[];
  /** File path → YAML text. */
  readonly texts: ReadonlyMap<string, string>;
  readonly objectCount: number;
}

/**
 * Spec → construct tree → plan → checked GitOps files, in memory. Pure and deterministic;
 * throws PlanError or CheckError before anything could be written.
 */
export function synthesize(spec: ResolvedSpec): SynthOutput {
  const platform = buildPlatform(spec);
  const plan = buildPlan(platform);
  const files = renderGitOps(platform, plan);
  const violations = runChecks(files.flatMap((f) => f.objects));
  if (violations.length > 0) throw new CheckError(violations);
  const texts = serializeFiles(files);
  return { platform, plan, files, texts, objectCount: files.reduce((n, f) => n + f.objects.length, 0) };
}

/**
 * Replaces `dir` with exactly these files. Written beside it first and swapped in, so a failure
 * leaves the previous output intact and stale files never survive (output = f(spec)).
 */
export function writeOutput(dir: string, texts: ReadonlyMap<string, string>): void {
  const staging = `${dir}.agentplane-partial`;
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
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(staging, dir);
}
