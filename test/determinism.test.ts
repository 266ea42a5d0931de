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

  it('does not depend on the order agents are declared in', () => {
    const spec = AGENTS_SPEC as { agents: unknown[] };
    const a = synth('minimal', 'kind', spec);
    const reversed = [...spec.agents].reverse();
    expect(reversed).not.toEqual(spec.agents);
    const b = synth('minimal', 'kind', { ...spec, agents: reversed });
    expect(new Map(b.texts)).toEqual(new Map(a.texts));
  });
});
