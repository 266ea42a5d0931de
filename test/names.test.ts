import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRAND, brandNamesFor } from '../lib/brand';
import { PINS } from '../lib/pins';
import { ROOT, synth } from './support/synth';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('names derived from the operator pin, in one place', () => {
  it('derives every name from the brand', () => {
    expect(brandNamesFor('kagenti')).toMatchObject({
      platformNamespace: 'kagenti-system',
      typeLabel: 'kagenti.io/type',
      webhookNamespaceLabel: 'kagenti-enabled',
      apiGroup: 'agent.kagenti.dev',
      realm: 'kagenti',
      roles: { viewer: 'kagenti-viewer', operator: 'kagenti-operator', admin: 'kagenti-admin' },
    });
    expect(BRAND.brand).toBe('rossoctl');
    expect(PINS['agent-operator'].source).toContain(`/${BRAND.brand}/`);
  });

  it('never spells a brand outside brand.ts and pins.ts', () => {
    const offenders = sources(join(ROOT, 'lib'))
      .filter((f) => !/lib\/(brand|pins)\.ts$/.test(f))
      .filter((f) => /\b(rossoctl|kagenti)\b/i.test(readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('never sets the type label the operator owns', () => {
    const out = synth('full', 'kind', { teams: [{ name: 'team1' }], agents: [{ name: 'a', team: 'team1', image: 'ghcr.io/o/a:1.0' }] });
    for (const text of out.texts.values()) expect(text).not.toContain(BRAND.typeLabel);
  });

  it('enrolls team namespaces in the webhook with the brand label', () => {
    const text = synth('minimal', 'kind').texts.get('04-tenancy/team1.yaml')!;
    expect(text).toContain(`${BRAND.webhookNamespaceLabel}: "true"`);
  });
});
