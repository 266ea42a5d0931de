import fc from 'fast-check';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import { composeSpec, readSpecFile } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { AGENTS_SPEC, MESH_SPEC } from './support/synth';

/**
 * Hostile input: whatever a spec file or a TypeScript caller hands in, the outcome is a resolved
 * spec or one SpecError — never another exception, a hang, a polluted prototype or partial
 * output. Run counts are fixed (seeded per run by fast-check; failures print the seed).
 */
const RUNS = 1000;

/** A valid spec touching every section: mesh, guardrails, team secrets, pull secrets. */
const RICH_SPEC = {
  features: { istio: true },
  mesh: { cni: { binDir: '/opt/cni/bin' } },
  guardrails: { admission: 'Warn', kyverno: true },
  teams: [
    {
      name: 'team1',
      secrets: [
        { name: 'llm', externalSecret: { store: 'vault', data: [{ secretKey: 'openai', remoteKey: 'llm/openai' }] } },
        { name: 'git', sealedSecret: { encryptedData: { token: 'A'.repeat(80) } } },
      ],
    },
  ],
  agents: [
    { name: 'a', team: 'team1', image: 'ghcr.io/o/a:1.0', imagePullSecrets: ['registry'], secretEnv: [{ name: 'OPENAI_API_KEY', secretName: 'llm', key: 'openai' }], calls: [{ agent: 'b', methods: ['POST'] }] },
    { name: 'b', team: 'team1', image: 'ghcr.io/o/b:1.0' },
  ],
};

function outcome(input: unknown): 'ok' | 'invalid' {
  try {
    composeSpec({ spec: input });
    return 'ok';
  } catch (e) {
    if (e instanceof SpecError) {
      expect(e.issues.length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/\n\s+at /); // no stack trace in the message
      return 'invalid';
    }
    throw e;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'agentplane-hostile-'));

/** A valid spec with one value somewhere replaced by `value`. */
function mutate(base: unknown, pathSeed: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(base));
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, p: (string | number)[]) => {
    paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...p, k]);
  };
  walk(copy, []);
  const path = paths[pathSeed % paths.length]!;
  if (path.length === 0) return value;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k];
  cur[path[path.length - 1]!] = value;
  return copy;
}

describe('hostile input never crashes, hangs or half-writes', () => {
  it('the rich base spec is valid (so mutations start from a valid spec)', () => {
    expect(outcome(RICH_SPEC)).toBe('ok');
  });

  it(`any JSON value (${RUNS} runs)`, () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => void outcome(v)), { numRuns: RUNS });
  });

  it(`any JavaScript value: dates, maps, bigints, null prototypes, sparse arrays (${RUNS} runs)`, () => {
    const anything = fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withSparseArray: true, withTypedArray: true, withObjectString: true });
    fc.assert(fc.property(anything, (v) => void outcome(v)), { numRuns: RUNS });
  });

  it(`valid specs with one value replaced by a wrong type (${RUNS} runs)`, () => {
    const base = fc.constantFrom<unknown>(AGENTS_SPEC, MESH_SPEC, RICH_SPEC);
    fc.assert(fc.property(base, fc.nat(), fc.anything({ maxDepth: 2 }), (b, seed, v) => void outcome(mutate(b, seed, v))), { numRuns: RUNS });
  });

  it(`huge strings and unicode names (${RUNS} runs)`, () => {
    const weird = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ minLength: 10_000, maxLength: 100_000 }), fc.constant('a'.repeat(70) + '-'.repeat(50_000) + '!'));
    fc.assert(
      fc.property(weird, weird, weird, (team, agent, image) => {
        const started = Date.now();
        expect(outcome({ teams: [{ name: team }], agents: [{ name: agent, team, image, description: image }], domain: image })).toBe('invalid');
        expect(Date.now() - started).toBeLessThan(2000); // no catastrophic regex backtracking
      }),
      { numRuns: RUNS },
    );
  });

  it(`deep nesting (${RUNS / 10} runs)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('teams', 'agents', 'features', 'zzz', 'keycloak'), (depth, key) => {
        let v: unknown = 1;
        for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
        expect(outcome({ [key]: v })).toBe('invalid');
      }),
      { numRuns: RUNS / 10 },
    );
  });

  it(`prototype-pollution keys anywhere (${RUNS} runs)`, () => {
    const key = fc.constantFrom('__proto__', 'constructor', 'prototype');
    fc.assert(
      fc.property(fc.constantFrom<unknown>(AGENTS_SPEC, MESH_SPEC, RICH_SPEC, {}), fc.nat(), key, (b, seed, k) => {
        const text = JSON.stringify(mutate(b, seed, { placeholder: { polluted: true } })).replace('"placeholder"', JSON.stringify(k));
        const parsed = JSON.parse(text);
        const result = outcome(parsed);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
        return result === 'invalid' || result === 'ok';
      }),
      { numRuns: RUNS },
    );
  });

  it(`random and adversarial YAML text (${RUNS} runs)`, () => {
    const yamlish = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constantFrom('a: &x [*x]\n', '!!js/function "f() {}"\n', 'a: !!binary AAAA\n', '<<: {a: 1}\n', '%YAML 9.9\n---\na: 1\n', 'a: 1\n---\nb: 2\n', '{'.repeat(500)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    );
    let i = 0;
    fc.assert(
      fc.property(yamlish, (text) => {
        const f = join(dir, `spec-${i++ % 10}.yaml`);
        writeFileSync(f, text);
        try {
          outcome(readSpecFile(f));
        } catch (e) {
          if (!(e instanceof SpecError)) throw e;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('writes nothing for invalid specs (50 runs through the CLI)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.anything({ maxDepth: 2 }), async (seed, v) => {
        const spec = mutate(AGENTS_SPEC, seed, v);
        if (outcomeSafe(spec) !== 'invalid') return;
        const f = join(dir, 'cli.json');
        writeFileSync(f, JSON.stringify(spec) ?? 'null');
        const out = join(dir, `out-${seed}`);
        const code = await main(['synth', '--spec', f, '--out', out], () => {}, () => {});
        expect(code).toBe(1);
        expect(existsSync(out)).toBe(false);
        expect(existsSync(`${out}.agentplane-partial`)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

function outcomeSafe(spec: unknown): 'ok' | 'invalid' {
  try {
    composeSpec({ spec: JSON.parse(JSON.stringify(spec) ?? 'null') });
    return 'ok';
  } catch {
    return 'invalid';
  }
}
