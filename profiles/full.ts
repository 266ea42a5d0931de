import type { PlatformSpecInput } from '../lib/spec/schema';
import { minimal } from './minimal';

/**
 * full: every feature toggle on. Components for toggles whose delivery has not landed yet are
 * listed by `agentplane explain` as "on, not delivered by this release".
 */
export const full: PlatformSpecInput = {
  ...minimal,
  profile: 'full',
  features: {
    istio: true,
    spire: true,
    shipwright: true,
    builds: true,
    observability: { otel: true, phoenix: true },
    kiali: true,
    containerRegistry: true,
    certManager: true,
    mcpGateway: true,
    ui: true,
  },
};
