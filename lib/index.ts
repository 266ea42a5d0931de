/** agentplane's public API: specs, the construct tree, the plan and both backends' inputs. */
export { BRAND, brandNamesFor, type BrandNames } from './brand';
export { PINS, PIN_IDS, type Pin, type PinId } from './pins';
export { TARGETS, TARGET_IDS, type TargetId, type TargetProfile } from './targets';
export { PlatformSpecSchema, type PlatformSpecInput, type AgentSpec, type TeamSpec } from './spec/schema';
export { resolveSpec, type ResolvedSpec, type ResolvedAgent, type ResolvedTeam } from './spec/resolve';
export { composeSpec, readSpecFile, specFromInput } from './spec/compose';
export { SpecError, formatIssue, type SpecIssue } from './spec/issues';
export { FEATURE_IDS, FEATURE_NEEDS, type FeatureId } from './spec/features';
export { buildPlatform, type Platform } from './core/platform';
export { buildPlan, type Plan, type PlanUnit, type KubeObject } from './core/plan';
export { COMPONENTS } from './components';
export { RULES, runChecks, CheckError } from './checks';
export { clusterObjects, synthesize, writeOutput, type SynthOutput } from './synth';
export { checkCollectorConfig, type CollectorConfig, type ConfigProblem } from './observability/collector-config';
export { collectorConfig } from './observability/pipelines';
