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
    const labelsOf = (o: Record<string, unknown>): Record<string, string>[] => {
      const meta = o.metadata as { labels?: Record<string, string> } | undefined;
      const template = (o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels;
      return [meta?.labels ?? {}, template ?? {}];
    };
    const objects = out.files.flatMap((f) => f.objects);
    expect(objects.length).toBeGreaterThan(40);
    for (const o of objects) for (const labels of labelsOf(o)) expect(Object.keys(labels), `${o.kind} ${o.metadata.name}`).not.toContain(BRAND.typeLabel);
    // The label appears only where the admission policy checks for it.
    for (const [path, text] of out.texts) if (text.includes(BRAND.typeLabel)) expect(path).toMatch(/guardrails\//);
  });

  it('enrolls team namespaces in the webhook with the brand label', () => {
    const out = synth('minimal', 'kind');
    const text = [...out.texts.entries()].find(([p]) => p.endsWith('-tenancy/team1.yaml'))![1];
    expect(text).toContain(`${BRAND.webhookNamespaceLabel}: "true"`);
  });
});
