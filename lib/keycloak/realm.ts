import { createHash } from 'node:crypto';
import type { BrandNames } from '../brand';
import { durationSeconds } from '../spec/duration';
import type { PlatformRealmSpec, RealmClientSpec, RealmSpec } from '../spec/schema';
import type { ResolvedTeam } from '../spec/resolve';
import { spiffeId } from '../spec/resolve';
import { workloadRef, type WorkloadRef } from '../spec/realms';

/**
 * A typed subset of Keycloak's RealmRepresentation: what the platform declares. Realms are data
 * built from the spec by {@link platformRealm} and {@link declaredRealm}, emitted as
 * KeycloakRealmImport resources. No user with a password and no literal secret ever appears:
 * secrets are `${PLACEHOLDER}`s the Keycloak operator fills from in-cluster Secrets.
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


export interface RealmClient {
  readonly clientId: string;
  readonly name: string;
  readonly description: string;
  readonly enabled: true;
  readonly protocol: 'openid-connect';
  /** Public clients hold no credential (browser apps with PKCE). */
  readonly publicClient: boolean;
  /** How a confidential client authenticates: a SPIFFE JWT-SVID (`federated-jwt`) or a generated secret. */
  readonly clientAuthenticatorType?: 'federated-jwt' | 'client-secret';
  /** Only ever a `${PLACEHOLDER}` resolved by the Keycloak operator from an in-cluster Secret. */
  readonly secret?: string;
  readonly standardFlowEnabled: boolean;
  readonly implicitFlowEnabled: false;
  readonly directAccessGrantsEnabled: false;
  readonly serviceAccountsEnabled: boolean;
  readonly redirectUris: readonly string[];
  readonly webOrigins: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly protocolMappers?: readonly ProtocolMapper[];
  readonly defaultClientScopes: readonly string[];
  readonly optionalClientScopes: readonly string[];
}

export interface RealmGroup {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, readonly string[]>>;
  readonly realmRoles: readonly string[];
  readonly subGroups: readonly RealmGroup[];
}

/** The service-account user of a client: how an import grants a client realm roles. No credentials. */
export interface ServiceAccountUser {
  readonly username: string;
  readonly enabled: true;
  readonly serviceAccountClientId: string;
  readonly realmRoles: readonly string[];
}

/** Keycloak's SPIFFE identity provider: verifies JWT-SVIDs against the trust domain's keys. */
export interface SpiffeIdentityProvider {
  readonly alias: string;
  readonly displayName: string;
  readonly providerId: 'spiffe';
  readonly enabled: true;
  readonly hideOnLogin: true;
  /** `trustDomain` (Keycloak 26.5) and `issuer` (earlier previews) both carry `spiffe://<td>`. */
  readonly config: { readonly trustDomain: string; readonly issuer: string; readonly bundleEndpoint: string };
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
  readonly groups: readonly RealmGroup[];
  /**
   * Never set: Keycloak creates its built-in scopes (basic, profile, roles, ...) only for an
   * import without `clientScopes`, so the platform puts its mappers on the clients instead.
   */
  readonly clientScopes?: never;
  readonly clients: readonly RealmClient[];
  readonly users?: readonly ServiceAccountUser[];
  readonly identityProviders?: readonly SpiffeIdentityProvider[];
}

/** A client secret the cluster generates: where it lives and how the realm import refers to it. */
export interface GeneratedClientSecret {
  readonly realm: string;
  readonly clientId: string;
  /** Secret in the Keycloak namespace (keys `clientId`, `clientSecret`). */
  readonly secretName: string;
  /** Placeholder name in the realm import (`${NAME}`). */
  readonly placeholder: string;
  /** The workload that uses the client, which receives a copy of the Secret in its namespace. */
  readonly workload?: WorkloadRef;
}

/** SPIRE as the realm sees it: the trust domain and where its signing keys are published. */
export interface RealmSpire {
  readonly trustDomain: string;
  /** Keys (JWKS with `use`) of the SPIRE OIDC discovery provider, reachable from Keycloak. */
  readonly bundleEndpoint: string;
}

export interface RealmBuildContext {
  /** Public Keycloak URL, e.g. https://keycloak.localtest.me. */
  readonly publicUrl: string;
  /** Present when SPIRE is on: workloads then authenticate with JWT-SVIDs, not secrets. */
  readonly spire?: RealmSpire;
}

export interface BuiltRealm {
  readonly realm: Realm;
  readonly secrets: readonly GeneratedClientSecret[];
}

/**
 * Alias of the SPIFFE identity provider in every realm that trusts SPIRE: the name the pinned
 * agent operator writes into its federated-jwt agent clients (`jwt.credential.issuer`).
 */
export const SPIFFE_IDP_ALIAS = 'spire-spiffe';
/** Keycloak's built-in scopes every OIDC client keeps. */
const BUILTIN_DEFAULT_SCOPES: readonly string[] = ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email'];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Kubernetes-safe name of a client's generated secret: readable prefix plus a hash (client ids allow `:/@`). */
export function clientSecretName(realm: string, clientId: string): string {
  const slug = `${realm}-${clientId}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 40).replace(/-$/, '');
  return `${slug}-client-${sha(`${realm}\n${clientId}`).slice(0, 8)}`;
}

/** Mapper adding the user's groups (leaf names, matching Kubernetes RBAC group subjects) as the `groups` claim. */
const GROUPS_MAPPER: ProtocolMapper = {
  name: 'groups',
  protocol: 'openid-connect',
  protocolMapper: 'oidc-group-membership-mapper',
  consentRequired: false,
  config: { 'claim.name': 'groups', 'full.path': 'false', 'access.token.claim': 'true', 'id.token.claim': 'true', 'introspection.token.claim': 'true', 'userinfo.token.claim': 'true' },
};

/** Adds a client (`client`) or any string (`custom`, e.g. a realm URL or an agent's SPIFFE ID) to the token audience. */
function audienceMapper(name: string, audience: string, kind: 'client' | 'custom' = 'client'): ProtocolMapper {
  return {
    name,
    protocol: 'openid-connect',
    protocolMapper: 'oidc-audience-mapper',
    consentRequired: false,
    config: { [`included.${kind}.audience`]: audience, 'access.token.claim': 'true', 'id.token.claim': 'false', 'introspection.token.claim': 'true' },
  };
}

/**
 * One declared client as Keycloak sees it. Confidential and service clients with a workload
 * authenticate with that workload's JWT-SVID when SPIRE is on (`federated-jwt`, no secret at
 * all); otherwise with a secret generated in the cluster and injected by placeholder.
 */
function client(realm: string, c: RealmClientSpec, ctx: RealmBuildContext, extraMappers: readonly ProtocolMapper[]): { client: RealmClient; secret?: GeneratedClientSecret } {
  const workload = workloadRef(c.workload);
  const attributes: Record<string, string> = {};
  if (c.accessTokenLifespan) attributes['access.token.lifespan'] = String(durationSeconds(c.accessTokenLifespan));
  if (c.exchange.length) attributes['standard.token.exchange.enabled'] = 'true';
  // Token exchange (RFC 8693, standard V2) can only narrow to audiences the requester's own
  // mappers produce: each exchange target is one; the request's `audience` picks it.
  const protocolMappers = [
    GROUPS_MAPPER,
    ...extraMappers,
    ...[...new Set([...c.audiences, ...c.exchange])].map((a) => audienceMapper(`audience-${a}`, a)),
  ];
  const base = {
    clientId: c.clientId,
    name: c.clientId,
    description: c.description,
    enabled: true as const,
    protocol: 'openid-connect' as const,
    implicitFlowEnabled: false as const,
    directAccessGrantsEnabled: false as const,
    redirectUris: c.redirectUris,
    webOrigins: [...new Set(c.redirectUris.map((u) => new URL(u.replace(/\*$/, '')).origin))].sort(),
    protocolMappers,
    defaultClientScopes: BUILTIN_DEFAULT_SCOPES,
    optionalClientScopes: ['offline_access'],
  };
  if (c.type === 'public') {
    return {
      client: {
        ...base,
        publicClient: true,
        standardFlowEnabled: true,
        serviceAccountsEnabled: false,
        attributes: { ...attributes, 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': c.redirectUris.join('##') },
      },
    };
  }
  const flows = { publicClient: false, standardFlowEnabled: c.type === 'confidential', serviceAccountsEnabled: c.type === 'service' };
  if (ctx.spire && workload) {
    return {
      client: {
        ...base,
        ...flows,
        clientAuthenticatorType: 'federated-jwt',
        attributes: { ...attributes, 'jwt.credential.issuer': SPIFFE_IDP_ALIAS, 'jwt.credential.sub': spiffeId(ctx.spire.trustDomain, workload.namespace, workload.serviceAccount) },
      },
    };
  }
  const secretName = clientSecretName(realm, c.clientId);
  const placeholder = `CLIENT_SECRET_${secretName.replace(/-/g, '_').toUpperCase()}`;
  return {
    client: { ...base, ...flows, clientAuthenticatorType: 'client-secret', secret: `\${${placeholder}}`, attributes },
    secret: { realm, clientId: c.clientId, secretName, placeholder, ...(workload ? { workload } : {}) },
  };
}

interface RealmBase {
  readonly name: string;
  readonly displayName: string;
  readonly roles: readonly RealmRole[];
  readonly groups: readonly RealmGroup[];
  readonly clients: readonly RealmClient[];
  /** Mappers every declared client of the realm gets (e.g. the realm audience). */
  readonly clientMappers: readonly ProtocolMapper[];
  /** Trust SPIRE even without a federated client of our own (the operator registers agents' clients later). */
  readonly alwaysTrustSpire: boolean;
}

/** Realm content shared by the platform realm and declared realms. */
function assemble(base: RealmBase, content: PlatformRealmSpec, ctx: RealmBuildContext): BuiltRealm {
  const built = content.clients.map((c) => client(base.name, c, ctx, base.clientMappers));
  const federated = built.some((b) => b.client.clientAuthenticatorType === 'federated-jwt');
  const users: ServiceAccountUser[] = content.clients
    .filter((c) => c.type === 'service')
    .map((c) => ({ username: `service-account-${c.clientId.toLowerCase()}`, enabled: true, serviceAccountClientId: c.clientId, realmRoles: c.roles }));
  const trustSpire = base.alwaysTrustSpire || federated;
  return {
    realm: {
      realm: base.name,
      displayName: base.displayName,
      enabled: true,
      sslRequired: 'external',
      registrationAllowed: false,
      bruteForceProtected: true,
      accessTokenLifespan: durationSeconds(content.tokens.accessToken),
      ssoSessionIdleTimeout: durationSeconds(content.tokens.ssoSessionIdle),
      ssoSessionMaxLifespan: durationSeconds(content.tokens.ssoSessionMax),
      roles: {
        realm: [
          ...base.roles,
          ...content.roles.map((r) => ({ name: r.name, description: r.description, ...(r.composites.length ? { composite: true, composites: { realm: r.composites } } : {}) })),
        ],
      },
      groups: [...base.groups, ...content.groups.map((g) => ({ name: g.name, realmRoles: g.roles, subGroups: [] }))],
      clients: [...base.clients, ...built.map((b) => b.client)],
      ...(users.length ? { users } : {}),
      ...(ctx.spire && trustSpire
        ? {
            identityProviders: [
              {
                alias: SPIFFE_IDP_ALIAS,
                displayName: 'SPIRE workload identity',
                providerId: 'spiffe',
                enabled: true,
                hideOnLogin: true,
                config: { trustDomain: `spiffe://${ctx.spire.trustDomain}`, issuer: `spiffe://${ctx.spire.trustDomain}`, bundleEndpoint: ctx.spire.bundleEndpoint },
              },
            ],
          }
        : {}),
    },
    secrets: built.flatMap((b) => (b.secret ? [b.secret] : [])),
  };
}

export interface PlatformRealmOptions extends RealmBuildContext {
  readonly names: BrandNames;
  readonly domain: string;
  readonly teams: readonly ResolvedTeam[];
  readonly extension: PlatformRealmSpec;
}

/**
 * The platform realm the pinned operator expects: its viewer/operator/admin roles (admin
 * includes operator includes viewer), one group per team whose subgroups carry the team's
 * admin and viewer group names (so the `groups` claim matches the team RoleBindings), an
 * audience scope naming the realm, a public PKCE client for the UI, the SPIFFE identity provider
 * agents authenticate through when SPIRE is on, and whatever the spec adds. No users with
 * passwords: people come from the identity provider the operators connect.
 */
export function platformRealm(o: PlatformRealmOptions): BuiltRealm {
  const { names } = o;
  const realmAudience = audienceMapper('realm-audience', `${o.publicUrl}/realms/${names.realm}`, 'custom');
  const uiUrl = `https://ui.${o.domain}`;
  const teamGroups: RealmGroup[] = o.teams.map((t) => {
    const sub = new Map<string, string>();
    for (const g of t.viewers) sub.set(g, names.roles.viewer);
    for (const g of t.admins) sub.set(g, names.roles.operator);
    return {
      name: t.name,
      attributes: { namespace: [t.name] },
      realmRoles: [],
      subGroups: [...sub].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, role]) => ({ name, realmRoles: [role], subGroups: [] })),
    };
  });
  return assemble(
    {
      name: names.realm,
      displayName: `${names.brand} agent platform`,
      roles: [
        { name: names.roles.viewer, description: 'Read agents, cards and platform state.' },
        { name: names.roles.operator, description: 'Deploy and operate agents; includes viewer.', composite: true, composites: { realm: [names.roles.viewer] } },
        { name: names.roles.admin, description: 'Administer the platform; includes operator.', composite: true, composites: { realm: [names.roles.operator] } },
      ],
      groups: teamGroups,
      clients: [
        {
          clientId: uiClientId(names),
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
          // No agent is a default audience (a token naming every agent would open every agent). The
          // operator adds each agent's audience scope to this client (PLATFORM_CLIENT_IDS), so the UI
          // asks for one agent's scope per call and gets a token good for that first hop only.
          protocolMappers: [GROUPS_MAPPER, realmAudience],
          defaultClientScopes: BUILTIN_DEFAULT_SCOPES,
          optionalClientScopes: ['offline_access'],
        },
      ],
      clientMappers: [realmAudience],
      alwaysTrustSpire: true,
    },
    o.extension,
    o,
  );
}

/** The platform UI's public client in the platform realm. */
export function uiClientId(names: BrandNames): string {
  return `${names.brand}-ui`;
}

/** A realm declared in the spec: fully independent (own roles, groups, clients, keys and identity provider). */
export function declaredRealm(r: RealmSpec, ctx: RealmBuildContext): BuiltRealm {
  return assemble({ name: r.name, displayName: r.displayName ?? r.name, roles: [], groups: [], clients: [], clientMappers: [], alwaysTrustSpire: false }, r, ctx);
}
