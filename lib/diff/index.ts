/**
 * `agentplane diff`: per-object changes between two platforms (spec files, profiles or
 * synthesized folders), grouped by component, with risky changes flagged.
 */
import { diffSides, type DiffResult } from './compare';
import { classifySource, loadSource } from './source';

export { diffSides, type ChangeKind, type ComponentChanges, type DiffResult, type DiffSummary, type ObjectChange } from './compare';
export { diffFields, jsonEqual, type FieldChange } from './fields';
export { componentOfPath, objectIdentity } from './objects';
export { diffJson, headerLine, renderText, showValue } from './render';
export { assessRisks, isUnpinnedImage, RISK_RULES, type Risk, type RiskContext, type RiskId, type RiskInput } from './risks';
export { classifySource, FolderReadError, loadSource, SourceArgError, type Side, type SourceKind, type SourceRef } from './source';

/**
 * Diffs OLD against NEW, each a spec file, profile name or synthesized folder. Both arguments
 * are classified before either is loaded, so a usage error never waits for a synthesis.
 * Throws SourceArgError, FolderReadError, or the SpecError/PlanError/CheckError of a spec.
 */
export function diffPlatforms(oldArg: string, newArg: string, target?: string): DiffResult {
  const refs = [classifySource(oldArg, 'OLD'), classifySource(newArg, 'NEW')] as const;
  return diffSides(loadSource(refs[0], target), loadSource(refs[1], target));
}
