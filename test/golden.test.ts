import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_CASES, PROFILES, synth, TARGETS } from './support/synth';

/**
 * Golden output per profile × target (and the agents example): any change to synthesized
 * YAML shows up as a reviewable diff under test/golden/. In CI a missing or changed golden
 * file fails; locally `npm run test:update` rewrites them.
 */
const cases = [
  ...PROFILES.flatMap((profile) => TARGETS.map((target) => ({ name: `${target}-${profile}`, profile, target, spec: undefined as unknown }))),
  ...EXAMPLE_CASES.flatMap((c) => TARGETS.map((target) => ({ name: `${target}-${c.name}`, profile: c.profile as string, target, spec: c.spec }))),
];

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    });
  } catch {
    return [];
  }
}

describe.each(cases)('golden output $name', ({ name, profile, target, spec }) => {
  const out = synth(profile, target, spec);
  const dir = join(__dirname, 'golden', name);

  it.each([...out.texts.keys()])('%s matches its golden file', async (path) => {
    await expect(out.texts.get(path)).toMatchFileSnapshot(join(dir, path));
  });

  it('has no golden file the output no longer produces', () => {
    const stale = listFiles(dir).map((f) => relative(dir, f)).filter((f) => !out.texts.has(f));
    expect(stale).toEqual([]);
  });
});
