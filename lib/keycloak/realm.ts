import type { BrandNames } from '../brand';

/**
 * A typed subset of Keycloak's RealmRepresentation: what the platform declares. Realms are data
 * built by functions like {@link platformRealm}, emitted as KeycloakRealmImport resources.
 */
export interface RealmRole {
  readonly name: string;
  readonly description: string;
  readonly composite?: boolean;
  readonly composites?: { readonly realm: readonly string[] };
}

export interface ProtocolMapper {
  readonly name: string;
  readonly protocol: 'openid-connect';
  readonly protocolMapper: string;
  readonly consentRequired?: boolean;
  readonly config: Readonly<Record<string, string>>;
}

export interface ClientScope {
  readonly name: string;
  readonly description: string;
  readonly protocol: 'openid-connect';
  readonly attributes: Readonly<Record<string, string>>;
  readonly protocolMappers: readonly ProtocolMapper[];
}

export interface RealmClient {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: true;
  readonly protocol: 'openid-connect';
  /** Public clients hold no secret (browser apps with PKCE). */
  readonly publicClient: boolean;
  readonly standardFlowEnabled: boolean;
  readonly implicitFlowEnabled: false;
  readonly directAccessGrantsEnabled: false;
  readonly serviceAccountsEnabled: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly defaultClientScopes: readonly string[];
  readonly optionalClientScopes: readonly string[];
}

export interface Realm {
  readonly realm: string;
  readonly displayName: string;
  readonly enabled: true;
  readonly sslRequired: 'external' | 'all';
  readonly registrationAllowed: false;
  readonly bruteForceProtected: true;
  /** Access token lifetime in seconds. */
  readonly accessTokenLifespan: number;
  readonly ssoSessionIdleTimeout: number;
  readonly ssoSessionMaxLifespan: number;
  readonly roles: { readonly realm: readonly RealmRole[] };
  readonly clientScopes: readonly ClientScope[];
  readonly clients: readonly RealmClient[];
}

/** Keycloak's built-in scopes every OIDC client should keep. */
const BUILTIN_DEFAULT_SCOPES = ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'];

export interface PlatformRealmOptions {
  readonly names: BrandNames;
  /** Public Keycloak URL, e.g. https://keycloak.localtest.me. */
  readonly publicUrl: string;
  readonly domain: string;
}

/**
 * The platform realm the pinned operator expects: its viewer/operator/admin roles (admin
 * includes operator includes viewer), an audience scope so tokens name the realm as audience,
 * and a public PKCE client for the UI. No users and no passwords: people come from the
 * identity provider the operators connect, never from defaults shipped here.
 */
export function platformRealm(o: PlatformRealmOptions): Realm {
  const { names } = o;
  const audienceScope = `${names.realm}-audience`;
  const uiUrl = `https://ui.${o.domain}`;
  return {
    realm: names.realm,
    displayName: `${names.brand} agent platform`,
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    bruteForceProtected: true,
    accessTokenLifespan: 300,
    ssoSessionIdleTimeout: 1800,
    ssoSessionMaxLifespan: 36000,
    roles: {
      realm: [
        { name: names.roles.viewer, description: 'Read agents, cards and platform state.' },
        {
          name: names.roles.operator,
          description: 'Deploy and operate agents; includes viewer.',
          composite: true,
          composites: { realm: [names.roles.viewer] },
        },
        {
          name: names.roles.admin,
          description: 'Administer the platform; includes operator.',
          composite: true,
          composites: { realm: [names.roles.operator] },
        },
      ],
    },
    clientScopes: [
      {
        name: audienceScope,
        description: `Adds the ${names.realm} realm as token audience.`,
        protocol: 'openid-connect',
        attributes: { 'include.in.token.scope': 'false', 'display.on.consent.screen': 'false' },
        protocolMappers: [
          {
            name: 'realm-audience',
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            consentRequired: false,
            config: {
              'included.custom.audience': `${o.publicUrl}/realms/${names.realm}`,
              'access.token.claim': 'true',
              'id.token.claim': 'false',
              'introspection.token.claim': 'true',
            },
          },
        ],
      },
    ],
    clients: [
      {
        clientId: `${names.brand}-ui`,
        name: `${names.brand} UI`,
        description: 'Browser UI: public client, authorization code with PKCE (S256).',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        redirectUris: [`${uiUrl}/*`],
        webOrigins: [uiUrl],
        attributes: { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': `${uiUrl}/*` },
        defaultClientScopes: [...BUILTIN_DEFAULT_SCOPES, audienceScope],
        optionalClientScopes: ['offline_access'],
      },
    ],
  };
}
