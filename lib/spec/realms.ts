import type { BrandNames } from '../brand';
import { SPEC_RULES as R } from '../rules';
import { durationSeconds } from './duration';
import type { SpecIssue } from './issues';
import { suggest } from './issues';
import type { PlatformRealmSpec, RealmSpec, TeamSpec } from './schema';

/** A realm client's `workload` ("namespace/serviceAccount", schema-checked), split once. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly serviceAccount: string;
}

export function workloadRef(workload: string | undefined): WorkloadRef | undefined {
  if (!workload) return undefined;
  const [namespace, serviceAccount] = workload.split('/') as [string, string];
  return { namespace, serviceAccount };
}

/** Client ids the platform realm reserves: the UI client, and the operator's per-agent clients. */
export function platformClientIds(names: BrandNames): string[] {
  return [`${names.brand}-ui`];
}

/** Groups the platform realm creates: one per team. */
export function teamGroupNames(teams: readonly Pick<TeamSpec, 'name'>[]): string[] {
  return teams.map((t) => t.name);
}

interface RealmUnderCheck {
  readonly path: string;
  readonly name: string;
  readonly content: PlatformRealmSpec;
  /** Roles, groups and clients the platform puts in this realm itself. */
  readonly builtinRoles: readonly string[];
  readonly builtinGroups: readonly string[];
  readonly builtinClients: readonly string[];
}

/**
 * Semantic checks of the realm models: names unique per realm, every role, group and client a
 * mapping names declared in the same realm (realms are fully independent), client types used
 * for the flows they support, lifetimes nested. Collects issues; never throws.
 */
export function checkRealms(
  keycloak: { readonly platformRealm: PlatformRealmSpec; readonly realms: readonly RealmSpec[] },
  names: BrandNames,
  teams: readonly Pick<TeamSpec, 'name'>[],
  issues: SpecIssue[],
): void {
  const realms: RealmUnderCheck[] = [
    {
      path: 'keycloak.platformRealm',
      name: names.realm,
      content: keycloak.platformRealm,
      builtinRoles: Object.values(names.roles),
      builtinGroups: teamGroupNames(teams),
      builtinClients: platformClientIds(names),
    },
    ...keycloak.realms.map((r, i) => ({ path: `keycloak.realms[${i}]`, name: r.name, content: r, builtinRoles: [], builtinGroups: [], builtinClients: [] })),
  ];
  const realmNames = new Map<string, string>([[names.realm, 'the platform realm'], ['master', "Keycloak's administration realm"]]);
  keycloak.realms.forEach((r, i) => {
    const taken = realmNames.get(r.name);
    if (taken) issues.push({ path: `keycloak.realms[${i}].name`, rule: R.unique.id, message: `realm "${r.name}" is taken by ${taken}.`, fix: 'choose another realm name.' });
    else realmNames.set(r.name, `keycloak.realms[${i}]`);
  });
  for (const realm of realms) checkRealm(realm, issues);
}

function checkRealm(r: RealmUnderCheck, issues: SpecIssue[]): void {
  const { path, content: c } = r;
  const where = r.builtinRoles.length ? `the platform realm "${r.name}"` : `realm "${r.name}"`;
  const unique = (kind: string, list: readonly { name: string }[] | readonly string[], builtin: readonly string[], field: string, key: (i: number) => string) => {
    const seen = new Set(builtin);
    const out = new Set(builtin);
    list.forEach((item, i) => {
      const n = typeof item === 'string' ? item : item.name;
      if (seen.has(n)) {
        issues.push({
          path: `${path}.${field}[${i}].${key(i)}`,
          rule: R.unique.id,
          message: builtin.includes(n) ? `${kind} "${n}" is created by the platform in ${where}.` : `duplicate ${kind} "${n}" in ${where}.`,
          fix: builtin.includes(n) ? `remove it or choose another name; the platform's ${kind}s are: ${builtin.join(', ')}.` : `declare each ${kind} once.`,
        });
      }
      seen.add(n);
      out.add(n);
    });
    return out;
  };
  const roles = unique('role', c.roles, r.builtinRoles, 'roles', () => 'name');
  unique('group', c.groups, r.builtinGroups, 'groups', () => 'name');
  const clients = unique('client', c.clients.map((x) => x.clientId), r.builtinClients, 'clients', () => 'clientId');

  const known = (set: ReadonlySet<string>, kind: string, value: string, at: string) => {
    if (set.has(value)) return;
    const near = suggest(value, [...set]);
    issues.push({
      path: at,
      rule: R.realmReferences.id,
      message: `unknown ${kind} "${value}" in ${where}.`,
      fix: near ? `did you mean "${near}"?` : `declare it in ${path}.${kind === 'role' ? 'roles' : 'clients'} (realms do not share ${kind}s), or remove the reference.`,
    });
  };
  c.roles.forEach((role, i) =>
    role.composites.forEach((x, j) => {
      if (x === role.name) issues.push({ path: `${path}.roles[${i}].composites[${j}]`, rule: R.realmReferences.id, message: `role "${role.name}" includes itself.`, fix: 'remove the self-reference.' });
      else known(roles, 'role', x, `${path}.roles[${i}].composites[${j}]`);
    }),
  );
  c.groups.forEach((g, i) => g.roles.forEach((x, j) => known(roles, 'role', x, `${path}.groups[${i}].roles[${j}]`)));

  c.clients.forEach((cl, i) => {
    const at = `${path}.clients[${i}]`;
    const bad = (field: string, message: string, fix: string) => issues.push({ path: `${at}.${field}`, rule: R.realmClients.id, message, fix });
    const ns = workloadRef(cl.workload)?.namespace;
    if (ns && (ns.startsWith('kube-') || ns.startsWith('openshift'))) {
      bad('workload', `namespace "${ns}" is a system namespace; SPIRE never issues identities there and the platform copies no secrets there.`, 'run the workload in a team or application namespace.');
    }
    if (cl.clientId.startsWith('spiffe://')) {
      bad('clientId', 'client ids starting with spiffe:// belong to agents; the agent operator registers them.', 'declare the agent in agents instead, or choose another client id.');
    }
    if (cl.type === 'public') {
      if (cl.redirectUris.length === 0) bad('redirectUris', 'a public client signs users in through the browser and needs at least one redirect URI.', 'add the app\'s https:// callback URL.');
      if (cl.roles.length) bad('roles', 'a public client has no service account to hold roles.', 'make it a service client, or grant the roles to a group.');
      if (cl.exchange.length) bad('exchange', 'token exchange needs an authenticated (confidential or service) client; a public client holds no credential.', 'exchange from a confidential or service client.');
      if (cl.workload) bad('workload', 'a public client has no credential, so no workload authenticates as it.', 'remove workload, or make it a confidential or service client.');
    } else if (cl.type === 'service') {
      if (cl.redirectUris.length) bad('redirectUris', 'a service client uses client credentials only and never redirects a browser.', 'remove redirectUris, or make it a confidential client.');
    } else {
      if (cl.redirectUris.length === 0) bad('redirectUris', 'a confidential client signs users in through the browser and needs at least one redirect URI.', 'add the app\'s https:// callback URL, or make it a service client.');
      if (cl.roles.length) bad('roles', 'only service clients have a service account to hold roles.', 'make it a service client, or grant the roles to a group.');
    }
    cl.roles.forEach((x, j) => known(roles, 'role', x, `${at}.roles[${j}]`));
    for (const field of ['audiences', 'exchange'] as const) {
      cl[field].forEach((x, j) => {
        if (x === cl.clientId) bad(`${field}[${j}]`, `client "${x}" names itself.`, 'remove the self-reference; a client is always its own audience.');
        else known(clients, 'client', x, `${at}.${field}[${j}]`);
      });
    }
    if (cl.accessTokenLifespan && durationSeconds(cl.accessTokenLifespan) > durationSeconds(c.tokens.ssoSessionIdle)) {
      bad('accessTokenLifespan', `the access token (${cl.accessTokenLifespan}) would outlive the SSO session idle timeout (${c.tokens.ssoSessionIdle}).`, 'shorten it.');
    }
  });

  const [access, idle, max] = [c.tokens.accessToken, c.tokens.ssoSessionIdle, c.tokens.ssoSessionMax].map(durationSeconds) as [number, number, number];
  if (access > idle) {
    issues.push({ path: `${path}.tokens.accessToken`, rule: R.realmClients.id, message: `access tokens (${c.tokens.accessToken}) would outlive the SSO session idle timeout (${c.tokens.ssoSessionIdle}).`, fix: 'shorten accessToken (minutes, not hours: tokens are bearer credentials).' });
  }
  if (idle > max) {
    issues.push({ path: `${path}.tokens.ssoSessionIdle`, rule: R.realmClients.id, message: `the idle timeout (${c.tokens.ssoSessionIdle}) exceeds the session maximum (${c.tokens.ssoSessionMax}).`, fix: 'make ssoSessionIdle at most ssoSessionMax.' });
  }
}
