/**
 * One side of a diff: a spec file, a profile name or a folder written by `agentplane synth`,
 * loaded into the objects it installs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { PROFILES } from '../../profiles';
import type { KubeObject } from '../core/plan';
import { composeSpec, readSpecFile } from '../spec/compose';
import { OUTPUT_MARKER, synthesize } from '../synth';
import { placeObjects, type PlatformObjects } from './objects';

export type SourceKind = 'spec' | 'profile' | 'folder';

/** What an argument names, decided before anything is loaded. */
export interface SourceRef {
  /** The argument as given. */
  readonly source: string;
  readonly kind: SourceKind;
}

/** A loaded side. */
export interface Side extends SourceRef {
  readonly platform: PlatformObjects;
}

/** The argument is none of the accepted kinds (a usage error). */
export class SourceArgError extends Error {}

/** A synthesized folder could not be read or holds something that is not a Kubernetes object. */
export class FolderReadError extends Error {}

const SPEC_FILE = /\.(ya?ml|json)$/i;

/** The accepted kinds, for messages. */
export function acceptedKinds(): string {
  return `a spec file (.yaml, .yml, .json), a profile (${Object.keys(PROFILES).join(', ')}) or a folder written by 'agentplane synth'`;
}

/**
 * Decides what `arg` names: an existing folder, a spec file (which must exist), or a profile
 * name (unless a folder of that name is agentplane output). Throws {@link SourceArgError} naming `role` (OLD or NEW) for anything else, and for a
 * folder without the {@link OUTPUT_MARKER}: comparing arbitrary folders would report files
 * that agentplane never wrote.
 */
export function classifySource(arg: string, role: string): SourceRef {
  const isProfile = Object.prototype.hasOwnProperty.call(PROFILES, arg);
  const isDir = existsSync(arg) && statSync(arg).isDirectory();
  const marked = isDir && existsSync(join(arg, OUTPUT_MARKER));
  // A stray unmarked folder named like a profile (say ./minimal) does not shadow the profile.
  if (isDir && (marked || !isProfile)) {
    if (!marked) {
      throw new SourceArgError(`${role} "${arg}" is a folder not written by 'agentplane synth' (no ${OUTPUT_MARKER}). Pass ${acceptedKinds()}.`);
    }
    return { source: arg, kind: 'folder' };
  }
  if (SPEC_FILE.test(arg)) {
    if (!existsSync(arg)) throw new SourceArgError(`${role} "${arg}": no such file. Pass ${acceptedKinds()}.`);
    return { source: arg, kind: 'spec' };
  }
  if (isProfile) return { source: arg, kind: 'profile' };
  throw new SourceArgError(`${role} "${arg}" is not ${acceptedKinds()}.`);
}

/**
 * Loads a side. Specs and profiles are composed and synthesized in memory exactly as
 * `agentplane synth` would (throwing SpecError, PlanError or CheckError), and the serialized
 * YAML is parsed back, so a spec and the folder synthesized from it yield identical objects.
 */
export function loadSource(ref: SourceRef, target: string | undefined): Side {
  let texts: Map<string, string>;
  if (ref.kind === 'folder') texts = readFolder(ref.source);
  else {
    const spec =
      ref.kind === 'spec'
        ? composeSpec({ profile: undefined, target, spec: readSpecFile(ref.source), source: ref.source })
        : composeSpec({ profile: ref.source, target });
    texts = new Map(synthesize(spec).texts);
  }
  const files = [...texts].map(([path, text]) => ({ path, objects: parseObjects(path, text, ref.source) }));
  return { ...ref, platform: placeObjects(files) };
}

/** Every `*.yaml` file under `dir`, by path relative to it with `/` separators. */
function readFolder(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch (e) {
      throw new FolderReadError(`cannot read ${join(dir, rel)}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) visit(path);
      else if (e.name.endsWith('.yaml')) {
        try {
          texts.set(path, readFileSync(join(dir, path), 'utf8'));
        } catch (err) {
          throw new FolderReadError(`cannot read ${join(dir, path)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
        }
      }
    }
  };
  visit('');
  return texts;
}

/**
 * Parses a multi-document YAML stream (core schema: no timestamps or other implicit types, as
 * for spec files). Empty documents are skipped; anything that is not an object with
 * apiVersion, kind and metadata.name is an error naming the file and document.
 */
function parseObjects(path: string, text: string, source: string): KubeObject[] {
  let docs: unknown[];
  try {
    docs = loadAll(text, undefined, { schema: CORE_SCHEMA, filename: path });
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    const mark = (e as YAMLException & { mark?: { line: number; column: number } }).mark;
    throw new FolderReadError(`${source}: ${path}: YAML syntax error at line ${(mark?.line ?? -1) + 1}, column ${(mark?.column ?? -1) + 1}: ${e.reason}.`);
  }
  const objects: KubeObject[] = [];
  docs.forEach((doc, i) => {
    if (doc === null || doc === undefined) return;
    const o = doc as Partial<KubeObject>;
    if (typeof o !== 'object' || Array.isArray(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || typeof o.metadata?.name !== 'string') {
      throw new FolderReadError(`${source}: ${path}: document ${i + 1} is not a Kubernetes object (apiVersion, kind and metadata.name are required).`);
    }
    objects.push(o as KubeObject);
  });
  return objects;
}
