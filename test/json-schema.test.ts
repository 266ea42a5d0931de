import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specJsonSchema } from '../lib/spec/json-schema';
import { ROOT } from './support/synth';

describe('published JSON Schema of the spec', () => {
  it('is up to date (regenerate with `npm run schema`)', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'schema', 'platform-spec.schema.json'), 'utf8'));
    expect(committed).toEqual(specJsonSchema());
  });

  it('rejects unknown keys and documents defaults', () => {
    const s = specJsonSchema() as { additionalProperties: boolean; properties: Record<string, { description?: string; default?: unknown }> };
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.domain!.default).toBe('localtest.me');
    expect(s.properties.target!.default).toBe('kind');
  });
});
