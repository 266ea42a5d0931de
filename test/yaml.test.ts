import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml, toYamlStream } from '../lib/backends/yaml';
import { AGENTS_SPEC, PROFILES, synth, TARGETS } from './support/synth';

const roundTrip = (v: unknown, version: '1.1' | '1.2' = '1.2') => parseAllDocuments(toYaml(v), { version })[0]!.toJS();

describe('YAML emitter', () => {
  it.each([
    ['strings that look like other types', { a: 'true', b: 'no', c: 'on', d: 'null', e: '8080', f: '1.0', g: '0x1F', h: '1e3', i: '2026-11-21', j: '~', k: '.inf', l: '1:20', m: 'Y' }],
    ['strings with YAML indicators', { a: '- x', b: 'a: b', c: 'x #y', d: '*ref', e: '&a', f: '!tag', g: '%x', h: '@x', i: '`x`', j: '{a}', k: '[a]', l: ' lead', m: 'trail ', n: 'ends:', o: '', p: "'q'", q: '"dq"', r: '|', s: '>' }],
    ['multi-line text', { a: 'line1\nline2\n', b: 'no newline\nat end', c: 'two\n\n', d: '  indented\nfirst', e: 'tab\there\n', f: 'trailing \nspace\n', g: 'blank\n\nline\n' }],
    ['unicode and controls', { a: 'ünïcödé ✓', b: 'bell\u0007', c: 'sep\u2028x', d: 'crlf\r\nx' }],
    ['numbers, booleans, null and empties', { a: 0, b: -3, c: 2.5, d: true, e: false, f: null, g: {}, h: [], i: [{}, []] }],
    ['nested lists and maps', { a: [1, [2, [3]], { b: [{ c: 'd' }] }], 'k.io/x': { 'y z': 'w' } }],
    ['keys needing quotes', { 'true': 1, '8080': 2, 'a: b': 3, '': 4 }],
  ])('round-trips %s under YAML 1.2 and 1.1', (_n, value) => {
    expect(roundTrip(value)).toEqual(value);
    expect(roundTrip(value, '1.1')).toEqual(value);
  });

  it('writes readable block YAML', () => {
    expect(toYaml({ metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'x' } }, list: [{ a: 1, b: 'two' }, 'three'], text: 'a\nb\n' })).toBe(
      'metadata:\n  name: x\n  labels:\n    app.kubernetes.io/name: x\nlist:\n  - a: 1\n    b: two\n  - three\ntext: |\n  a\n  b\n',
    );
  });

  it('separates documents', () => {
    expect(toYamlStream([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });

  it.each(PROFILES.flatMap((p) => TARGETS.map((t) => [p, t] as const)))('every synthesized file parses back to its objects (%s/%s)', (p, t) => {
    const out = synth(p, t, AGENTS_SPEC);
    for (const f of out.files) {
      const docs = parseAllDocuments(out.texts.get(f.path)!).map((d) => d.toJS());
      expect(docs, f.path).toEqual(JSON.parse(JSON.stringify(f.objects)));
    }
  });
});
