import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { composeSpec } from '../../lib/spec/compose';
import { synthesize, type SynthOutput } from '../../lib/synth';

export const ROOT = join(__dirname, '..', '..');
export const PROFILES = ['minimal', 'full'] as const;
export const TARGETS = ['kind', 'microshift', 'openshift'] as const;

/** Parsed example spec shipped in examples/. */
export function example(name: string): unknown {
  return parse(readFileSync(join(ROOT, 'examples', name), 'utf8'));
}

/** A spec with agents and cross-team calls, used where a profile alone has no agents. */
export const AGENTS_SPEC = example('team-agents.yaml') as Record<string, unknown>;

/** Three agents on the ambient mesh, one edge with L7 rules (waypoint). */
export const MESH_SPEC = example('mesh-agents.yaml') as Record<string, unknown>;

export function synth(profile: string, target: string, spec?: unknown): SynthOutput {
  return synthesize(composeSpec({ profile, target, spec }));
}
