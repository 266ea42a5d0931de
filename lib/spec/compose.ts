import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { PROFILES } from '../../profiles';
import { flattenFeatures, type FeatureId, type FeatureOrigin } from './features';
import { SpecError, suggest } from './issues';
import { resolveSpec, type ResolvedSpec } from './resolve';
import type { PlatformSpecInput } from './schema';

export interface ComposeOptions {
  /** Profile name; overrides the spec file's `profile`. @default the spec's, else "minimal" */
  readonly profile?: string;
  /** Target; overrides the spec file's `target`. */
  readonly target?: string;
  /** Parsed spec document (from `--spec FILE`), merged over the profile. */
  readonly spec?: unknown;
  /** Name of the spec's source for messages. */
  readonly source?: string;
}

/**
 * Composes profile preset + spec document + command-line overrides into one resolved spec.
 * Precedence: flags > spec file > profile > defaults. Objects merge key by key; lists (teams,
 * agents, ...) in the spec file replace the profile's.
 */
export function composeSpec(o: ComposeOptions): ResolvedSpec {
  const doc = o.spec ?? {};
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SpecError([{ path: '', rule: 'AP102', message: 'the spec must be a mapping of fields (YAML object).', fix: 'start the file with fields such as "target: kind".' }], o.source);
  }
  const fileProfile = (doc as { profile?: unknown }).profile;
  const profileName = o.profile ?? (typeof fileProfile === 'string' ? fileProfile : 'minimal');
  const preset = PROFILES[profileName];
  if (!preset) {
    const near = suggest(profileName, Object.keys(PROFILES));
    throw new SpecError(
      [{ path: 'profile', rule: 'AP104', message: `unknown profile "${profileName}".`, fix: near ? `did you mean "${near}"?` : `use one of: ${Object.keys(PROFILES).join(', ')}.` }],
      o.source,
    );
  }
  const merged = deepMerge(preset as Record<string, unknown>, doc as Record<string, unknown>);
  merged.profile = profileName;
  if (o.target !== undefined) merged.target = o.target;

  const origins: Partial<Record<FeatureId, FeatureOrigin>> = {};
  const fromPreset = flattenFeatures(preset.features as Record<string, unknown> | undefined);
  const fromSpec = flattenFeatures((doc as { features?: Record<string, unknown> }).features);
  for (const id of Object.keys(fromPreset) as FeatureId[]) origins[id] = `profile ${profileName}`;
  for (const id of Object.keys(fromSpec) as FeatureId[]) origins[id] = 'spec';
  return resolveSpec(merged, { featureOrigins: origins, source: o.source });
}

/** Resolves a TypeScript spec (a profile of the user's own) with no file involved. */
export function specFromInput(input: PlatformSpecInput): ResolvedSpec {
  return resolveSpec(input, { source: input.profile ? `profile ${input.profile}` : undefined });
}

/**
 * Reads a YAML or JSON spec file (JSON is read as YAML 1.2, so duplicate keys are caught in
 * both). Core schema only: no timestamps, binary or other implicit types. A syntax error
 * becomes one SpecError with line and column.
 */
export function readSpecFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SpecError([{ path: '', rule: 'AP100', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`, fix: 'pass an existing YAML or JSON file to --spec.' }], path);
  }
  try {
    return load(text, { schema: CORE_SCHEMA, filename: path });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const mark = (e as YAMLException & { mark?: { line: number; column: number } }).mark;
    throw new SpecError(
      [{ path: '', rule: 'AP100', message: `YAML syntax error at line ${(mark?.line ?? -1) + 1}, column ${(mark?.column ?? -1) + 1}: ${e.reason}.`, fix: 'correct the YAML syntax.' }],
      path,
    );
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(over)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      Object.defineProperty(out, key, { value: over[key], enumerable: true, writable: true, configurable: true });
      continue;
    }
    const b = out[key];
    const v = over[key];
    out[key] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}
