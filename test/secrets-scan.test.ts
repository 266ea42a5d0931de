import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CREDENTIAL_VALUE } from '../lib/spec/credentials';
import { EXAMPLE_CASES, PROFILES, ROOT, synth, TARGETS } from './support/synth';

/**
 * Repository-wide scan for credentials written as values: synthesized output of every profile x
 * target and example, the golden files, examples and profiles. Pulumi inputs are scanned in
 * test/pulumi.test.ts. A match fails with the file and what it looks like.
 */
const ASSIGNED = /\b(password|passwd|secret|token|api[_-]?key|client[_-]?secret)\b["']?\s*[:=]\s*["']?(?!\$\()([A-Za-z0-9+/_=-]{12,})/i;

function findCredentials(text: string): string[] {
  const hits = CREDENTIAL_VALUE.filter(([re]) => re.test(text)).map(([, why]) => why);
  const assigned = ASSIGNED.exec(text);
  if (assigned) hits.push(`"${assigned[0].slice(0, 40)}" assigns a literal credential`);
  return hits;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('no credential anywhere', () => {
  it('detects what it looks for', () => {
    expect(findCredentials('key: -----BEGIN RSA PRIVATE KEY-----')).toHaveLength(1);
    expect(findCredentials('OPENAI: sk-abcdefghijklmnopqrstuvwxyz')).toHaveLength(1);
    expect(findCredentials('password: hunter2hunter2')).toHaveLength(1);
    expect(findCredentials('--from-literal=password="$(rand)"')).toEqual([]);
    expect(findCredentials('passwordSecret:\n  name: keycloak-db')).toEqual([]);
  });

  const outputs = [
    ...PROFILES.flatMap((p) => TARGETS.map((t) => [`${t}/${p}`, p, t, undefined] as const)),
    ...EXAMPLE_CASES.flatMap((c) => TARGETS.map((t) => [`${t}/${c.name}`, c.profile as string, t, c.spec] as const)),
  ];
  it.each(outputs)('synthesized output %s', (_n, profile, target, spec) => {
    for (const [path, text] of synth(profile, target, spec).texts) expect(findCredentials(text), path).toEqual([]);
  });

  it('golden files, examples, profiles and the published schema', () => {
    const scanned = ['test/golden', 'examples', 'profiles', 'schema', 'stacks'].flatMap((d) => files(join(ROOT, d)));
    expect(scanned.length).toBeGreaterThan(100);
    for (const f of scanned) expect(findCredentials(readFileSync(f, 'utf8')), relative(ROOT, f)).toEqual([]);
  });
});
