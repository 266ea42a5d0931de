import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeSpec } from '../../lib/spec/compose';
import { synthesize, type SynthOutput } from '../../lib/synth';

export const ROOT = join(__dirname, '..', '..');
export const PROFILES = ['minimal', 'full', 'agentstack'] as const;
export const TARGETS = ['kind', 'microshift', 'openshift'] as const;

/** Parsed example spec shipped in examples/. */
export function example(name: string): unknown {
  return parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
}

/** A spec with agents and cross-team calls, used where a profile alone has no agents. */
export const AGENTS_SPEC = example('team-agents.yaml') as Record<string, unknown>;

/** Three agents on the ambient mesh, one edge with L7 rules (waypoint). */
export const MESH_SPEC = example('mesh-agents.yaml') as Record<string, unknown>;

/** SPIRE, the platform realm's service client and an independent realm with token exchange. */
export const IDENTITY_SPEC = example('identity.yaml') as Record<string, unknown>;

/** The same without SPIRE: clients fall back to in-cluster generated secrets. */
export const IDENTITY_NO_SPIRE_SPEC = { ...IDENTITY_SPEC, features: { spire: false } } as Record<string, unknown>;

/** Collector, Phoenix, a price table, team budgets, one agent on OTLP/HTTP. */
export const OBSERVABILITY_SPEC = example('observability.yaml') as Record<string, unknown>;

/** Full profile: a source-built agent, the in-cluster registry, MCP tool servers and grants. */
export const BUILDS_TOOLS_SPEC = example('builds-and-tools.yaml') as Record<string, unknown>;

/** Agents the OpenTelemetry operator instruments (Python, Java) beside one that instruments itself. */
export const AUTO_INSTRUMENTATION_SPEC = example('auto-instrumentation.yaml') as Record<string, unknown>;

/** The full platform on a cluster that already runs every third-party product (install: external). */
export const BRING_YOUR_OWN_SPEC = example('bring-your-own.yaml') as Record<string, unknown>;

/** Named example specs every output-wide test covers, per target. */
export const EXAMPLE_CASES = [
  { name: 'team-agents', profile: 'minimal', spec: AGENTS_SPEC as unknown },
  { name: 'mesh-agents', profile: 'full', spec: MESH_SPEC as unknown },
  { name: 'identity', profile: 'minimal', spec: IDENTITY_SPEC as unknown },
  { name: 'identity-no-spire', profile: 'minimal', spec: IDENTITY_NO_SPIRE_SPEC as unknown },
  { name: 'observability', profile: 'minimal', spec: OBSERVABILITY_SPEC as unknown },
  { name: 'builds-and-tools', profile: 'full', spec: BUILDS_TOOLS_SPEC as unknown },
  { name: 'auto-instrumentation', profile: 'minimal', spec: AUTO_INSTRUMENTATION_SPEC as unknown },
  { name: 'bring-your-own', profile: 'full', spec: BRING_YOUR_OWN_SPEC as unknown },
] as const;

export function synth(profile: string, target: string, spec?: unknown): SynthOutput {
  return synthesize(composeSpec({ profile, target, spec }));
}
