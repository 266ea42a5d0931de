import { describe, expect, it } from 'vitest';
import { AGENTS_SPEC, synth } from './support/synth';

describe('deterministic synthesis', () => {
  it.each([
    ['full', 'openshift', undefined],
    ['minimal', 'kind', AGENTS_SPEC],
  ])('%s/%s: two synths give byte-identical files', (profile, target, spec) => {
    const a = synth(profile as string, target as string, spec);
    const b = synth(profile as string, target as string, spec);
    expect([...a.texts.keys()]).toEqual([...b.texts.keys()]);
    for (const [path, text] of a.texts) expect(b.texts.get(path)).toBe(text);
  });

  it('does not depend on the order agents are declared in beyond their own order', () => {
    const spec = AGENTS_SPEC as { agents: unknown[] };
    const a = synth('minimal', 'kind', spec);
    const b = synth('minimal', 'kind', { ...spec, agents: [...spec.agents] });
    expect([...a.texts.entries()]).toEqual([...b.texts.entries()]);
  });
});
