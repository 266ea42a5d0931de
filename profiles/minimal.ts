import type { PlatformSpecInput } from '../lib/spec/schema';

/**
 * minimal: the agent control plane and identity only: agent operator + admission webhook (and
 * the cert-manager its webhook certificate needs), Keycloak with the platform realm, and team
 * namespaces team1 and team2. Every feature toggle is left unset, so each is off unless a spec
 * turns it on.
 */
export const minimal: PlatformSpecInput = {
  profile: 'minimal',
  teams: [{ name: 'team1' }, { name: 'team2' }],
};
