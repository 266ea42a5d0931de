import { BRAND } from '../lib/brand';
import type { PlatformSpecInput } from '../lib/spec/schema';
import { minimal } from './minimal';

/**
 * agentstack on the shared platform (the agentstack-on-agent-platform proposal's target
 * architecture), limited to what the distribution owns: the shared Keycloak gets an independent
 * `agentstack` realm (agentstack's users, roles and clients) next to the platform realm; the
 * platform realm gets the `agentstack-api` service client holding the viewer role, which
 * agentstack-server (namespace `agentstack`, deployed by agentstack's own chart) uses to list
 * agents through the platform API; teams `team1` and `team2` host the agents. With SPIRE,
 * agentstack-server authenticates to both realms with its JWT-SVID: no client secret exists.
 */
export const agentstack: PlatformSpecInput = {
  ...minimal,
  profile: 'agentstack',
  features: { spire: true },
  keycloak: {
    platformRealm: {
      clients: [{ clientId: 'agentstack-api', type: 'service', description: 'agentstack-server listing agents (client credentials)', roles: [BRAND.roles.viewer], workload: 'agentstack/agentstack-server' }],
    },
    realms: [
      {
        name: 'agentstack',
        displayName: 'agentstack',
        roles: [
          { name: 'developer', description: 'Builds and runs agents' },
          { name: 'admin', description: 'Administers agentstack', composites: ['developer'] },
        ],
        groups: [
          { name: 'developers', roles: ['developer'] },
          { name: 'admins', roles: ['admin'] },
        ],
        clients: [
          { clientId: 'agentstack-ui', type: 'public', redirectUris: ['https://agentstack.localtest.me/*'], audiences: ['agentstack-server'] },
          { clientId: 'agentstack-server', type: 'confidential', redirectUris: ['https://agentstack.localtest.me/oauth/callback'], workload: 'agentstack/agentstack-server' },
        ],
      },
    ],
  },
};
