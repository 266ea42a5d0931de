import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPlatforms } from '../lib/diff';
import { componentStates } from '../lib/core/platform';
import type { PinId } from '../lib/pins';
import { composeSpec } from '../lib/spec/compose';

const dir = mkdtempSync(join(tmpdir(), 'agentplane-upgrade-'));
const specFile = (name: string, spec: Record<string, unknown>) => {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
};

/** A version string the pin's format accepts and that differs from the pinned one. */
const bump = (v: string) => `${v}9`;

describe('upgrades: bumping one pin changes only what that pin delivers', () => {
  for (const [target, profile] of [['kind', 'full'], ['openshift', 'full'], ['microshift', 'agentstack']] as const) {
    const spec = composeSpec({ profile, target });
    const users = new Map<PinId, string[]>();
    for (const { def } of componentStates(spec).on) for (const p of def.pins(spec.target, spec)) users.set(p, [...(users.get(p) ?? []), def.id]);
    const base = specFile(`${target}-${profile}`, { target, profile });

    it(`${target}/${profile}: every pin in use (${users.size})`, () => {
      expect(users.size).toBeGreaterThan(5);
      for (const [pin, components] of users) {
        const bumped = specFile(`${target}-${profile}-${pin}`, { target, profile, versions: { [pin]: bump(spec.versions[pin]) } });
        const d = diffPlatforms(base, bumped);
        expect(d.summary.added + d.summary.removed, pin).toBe(0);
        expect(d.summary.changed, pin).toBeGreaterThan(0);
        // Release kustomizations (upstream/<name>/) count for the component whose Application syncs them.
        for (const c of d.components) expect(components, `${pin} changed ${c.component}`).toContain(c.component);
        // Only fields that carry the version change.
        for (const c of d.components) {
          for (const o of c.objects) {
            for (const f of o.fields) expect(`${JSON.stringify(f.old)} ${JSON.stringify(f.new)}`, `${pin}: ${o.object.kind} ${o.object.metadata.name} ${f.path}`).toContain(spec.versions[pin]);
          }
        }
      }
    });
  }
});
