import { describe, expect, it } from 'vitest';
import { composeSpec } from '../lib/spec/compose';
import { FEATURE_IDS, FEATURE_NEEDS, resolveFeatures } from '../lib/spec/features';

describe('feature dependency policy: auto-enable with a note, reject explicit off', () => {
  it('turns on what an enabled feature needs, transitively, with notes', () => {
    const s = composeSpec({ spec: { features: { builds: true } } });
    expect(s.features.shipwright).toEqual({ on: true, reason: 'needed by builds' });
    expect(s.features.certManager.on).toBe(true);
    expect(s.notes).toContain('features.shipwright turned on: features.builds needs it.');
  });

  it('turns on cert-manager for the core and says why', () => {
    const s = composeSpec({});
    expect(s.features.certManager.on).toBe(true);
    expect(s.features.certManager.reason).toMatch(/agent operator webhook/);
    expect(s.features.istio).toEqual({ on: false, reason: 'default' });
  });

  it('names the profile when the profile disabled the dependency', () => {
    const r = resolveFeatures({ kiali: true, istio: false }, { kiali: 'spec', istio: 'profile strict' });
    expect(r.issues[0]!.message).toMatch(/the profile strict sets to false/);
  });

  it('records where explicit values came from', () => {
    const s = composeSpec({ profile: 'full', spec: { features: { ui: false } } });
    expect(s.features.ui).toEqual({ on: false, reason: 'spec' });
    expect(s.features.istio).toEqual({ on: true, reason: 'profile full' });
  });

  it('declares needs only between known features', () => {
    for (const id of FEATURE_IDS) for (const need of FEATURE_NEEDS[id]) expect(FEATURE_IDS).toContain(need);
  });
});
