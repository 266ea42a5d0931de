import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/core/plan';
import { explainData } from '../lib/cli/explain';
import { composeSpec } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { BRAND } from '../lib/brand';
import { IDENTITY_NO_SPIRE_SPEC, IDENTITY_SPEC, AGENTS_SPEC, synth, TARGETS } from './support/synth';

/** Identity end to end in synthesized output: SPIRE per target, realms, agent wiring, and the spire-off fallback. */

type Obj = KubeObject & Record<string, any>;
const objects = (profile: string, target: string, spec?: unknown): Obj[] => synth(profile, target, spec).files.flatMap((f) => f.objects) as Obj[];
const appsOf = (objs: Obj[]) => objs.filter((o) => o.kind === 'Application').map((o) => o.spec.source);
const realmsOf = (objs: Obj[]) => Object.fromEntries(objs.filter((o) => o.kind === 'KeycloakRealmImport').map((o) => [o.spec.realm.realm, o]));
const deployments = (objs: Obj[]) => objs.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'agent');
const selects = (sel: { matchLabels?: Record<string, string> } | undefined, labels: Record<string, string>) =>
  Object.entries(sel?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);

/** Which ClusterSPIFFEID entries a pod (namespace + labels + service account) matches. */
function matchingIds(ids: Obj[], namespace: string, podLabels: Record<string, string>, serviceAccount: string): Obj[] {
  return ids.filter(
    (id) =>
      selects(id.spec.namespaceSelector, { 'kubernetes.io/metadata.name': namespace }) &&
      selects(id.spec.podSelector, podLabels) &&
      (id.spec.workloadSelectorTemplates ?? []).every((t: string) => t === `k8s:sa:${serviceAccount}`),
  );
}

describe.each(TARGETS)('SPIRE in the full profile on %s', (target) => {
  const objs = objects('full', target);
  const ids = objs.filter((o) => o.kind === 'ClusterSPIFFEID');
  const olm = target === 'openshift';

  it('installs SPIRE by the target delivery', () => {
    const charts = appsOf(objs).filter((s) => s.chart === 'spire' || s.chart === 'spire-crds');
    if (olm) {
      expect(charts).toEqual([]);
      const sub = objs.find((o) => o.kind === 'Subscription' && o.spec.name === 'openshift-zero-trust-workload-identity-manager');
      expect(sub?.spec.channel).toBe('stable-v1');
      const operands = objs.filter((o) => o.apiVersion === 'operator.openshift.io/v1alpha1').map((o) => o.kind);
      expect(operands).toEqual(['ZeroTrustWorkloadIdentityManager', 'SpireServer', 'SpireAgent', 'SpiffeCSIDriver', 'SpireOIDCDiscoveryProvider']);
      const ztwim = objs.find((o) => o.kind === 'ZeroTrustWorkloadIdentityManager')!;
      expect(ztwim.spec.trustDomain).toBe('localtest.me');
      expect(objs.find((o) => o.kind === 'SpireServer')!.spec.defaultJWTValidity).toBe('5m');
    } else {
      expect(charts.map((c) => `${c.chart}@${c.targetRevision}`)).toEqual(['spire-crds@0.5.0', 'spire@0.28.4']);
      const values = charts.find((c) => c.chart === 'spire')!.helm.valuesObject;
      expect(values.global.spire.trustDomain).toBe('localtest.me');
      expect(values.global.openshift).toBe(target === 'microshift');
      expect(values['spire-server'].defaultJwtSvidTTL).toBe('5m');
      expect(values['spiffe-oidc-discovery-provider'].config.setKeyUse).toBe(true);
      // The chart's catch-all identity is off: only the platform's narrower ClusterSPIFFEIDs apply.
      expect(values['spire-server'].controllerManager.identities.clusterSPIFFEIDs.default.enabled).toBe(false);
      for (const id of ids) expect(id.spec.className).toBe(values['spire-server'].controllerManager.className);
    }
    for (const id of ids) if (olm) expect(id.spec.className).toBe('zero-trust-workload-identity-manager-spire');
  });

  it('never ignores the namespace of the OIDC discovery provider (it needs its own SVID to serve keys)', () => {
    if (olm) return expect(objs.some((o) => o.kind === 'SpireOIDCDiscoveryProvider')).toBe(true);
    const values = appsOf(objs).find((c) => c.chart === 'spire')!.helm.valuesObject;
    const ignored: string[] = values['spire-server'].controllerManager.ignoreNamespaces;
    for (const ns of [values.global.spire.namespaces.server.name, ...objs.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['agentplane.dev/component'] === 'tenancy').map((o) => o.metadata.name)]) {
      expect(ignored.some((pattern) => new RegExp(`^${pattern}$`).test(ns)), ns).toBe(false);
    }
    expect(values['spire-server'].controllerManager.identities.clusterSPIFFEIDs['oidc-discovery-provider']).toBeUndefined();
  });

  it('defines no realm-level client scopes, so Keycloak keeps its built-in ones', () => {
    for (const r of objs.filter((o) => o.kind === 'KeycloakRealmImport')) {
      expect(r.spec.realm.clientScopes).toBeUndefined();
      for (const c of r.spec.realm.clients) expect([...c.defaultClientScopes, ...c.optionalClientScopes].every((x: string) => ['web-origins', 'acr', 'profile', 'roles', 'basic', 'email', 'offline_access'].includes(x))).toBe(true);
    }
  });

  it('gives each team one ClusterSPIFFEID selecting only its agent pods', () => {
    expect(ids.map((i) => i.metadata.name)).toEqual(['agentplane-team-team1', 'agentplane-team-team2']);
    for (const id of ids) {
      expect(id.spec.spiffeIDTemplate).toBe('spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
      expect(id.spec.jwtTtl).toBe('5m');
      expect(id.spec.autoPopulateDNSNames).toBe(true);
    }
    expect(matchingIds(ids, 'team1', { 'app.kubernetes.io/component': 'agent' }, 'x').map((i) => i.metadata.name)).toEqual(['agentplane-team-team1']);
    expect(matchingIds(ids, 'team1', { 'app.kubernetes.io/component': 'database' }, 'x')).toEqual([]);
  });

  it('runs the node-level SPIRE parts only in listed privileged namespaces', () => {
    const nss = objs.filter((o) => o.kind === 'Namespace' && /spire|zero-trust/.test(o.metadata.name));
    const levels = Object.fromEntries(nss.map((n) => [n.metadata.name, n.metadata.labels!['pod-security.kubernetes.io/enforce']]));
    expect(levels).toEqual(olm ? { 'zero-trust-workload-identity-manager': 'privileged' } : { 'spire-server': 'restricted', 'spire-system': 'privileged' });
  });

  it('makes Keycloak trust SPIRE and the operator register federated-jwt agent clients', () => {
    const platform = realmsOf(objs)[BRAND.realm]!;
    const idp = platform.spec.realm.identityProviders[0];
    expect(idp).toMatchObject({ alias: 'spire-spiffe', providerId: 'spiffe', config: { trustDomain: 'spiffe://localtest.me' } });
    expect(idp.config.bundleEndpoint).toMatch(olm ? /^https:\/\/spire-spiffe-oidc-discovery-provider\.zero-trust-workload-identity-manager\.svc\.cluster\.local\/keys$/ : /^http:\/\/spire-spiffe-oidc-discovery-provider\.spire-server\.svc\.cluster\.local\/keys$/);
    const values = appsOf(objs).find((s) => s.chart === undefined && /operator-chart$/.test(s.repoURL))!.helm.valuesObject;
    expect(values.authbridgeConfig.clientAuthType).toBe('federated-jwt');
    expect(values.spiffe.enabled).toBe(true);
    expect(values.defaults.spiffe.helperConfig).toContain(`jwt_audience="https://keycloak.localtest.me/realms/${BRAND.realm}"`);
    const keycloak = objs.find((o) => o.kind === 'Keycloak')!;
    expect(keycloak.spec.features.enabled).toEqual(expect.arrayContaining(['client-auth-federated:v1', 'spiffe:v1']));
  });
});

describe('agents with SPIRE (identity example)', () => {
  const objs = objects('minimal', 'kind', IDENTITY_SPEC);
  const ids = objs.filter((o) => o.kind === 'ClusterSPIFFEID');
  const realms = realmsOf(objs);

  it('wires every agent to its SPIFFE ID, the Workload API and its client id, with no secret', () => {
    const agents = deployments(objs);
    expect(agents).toHaveLength(3);
    for (const d of agents) {
      const pod = d.spec.template;
      const sa = pod.spec.serviceAccountName;
      const env = Object.fromEntries(pod.spec.containers[0].env.map((e: any) => [e.name, e.value]));
      const expected = `spiffe://localtest.me/ns/${d.metadata.namespace}/sa/${sa}`;
      expect(env.SPIFFE_ID).toBe(expected);
      expect(env.OIDC_CLIENT_ID).toBe(expected);
      expect(env.SPIFFE_ENDPOINT_SOCKET).toBe('unix:///spiffe-workload-api/spire-agent.sock');
      expect(env.SPIFFE_JWT_AUDIENCE).toBe(`https://keycloak.localtest.me/realms/${BRAND.realm}`);
      expect(pod.spec.volumes).toContainEqual({ name: 'spiffe-workload-api', csi: { driver: 'csi.spiffe.io', readOnly: true } });
      expect(pod.spec.containers[0].volumeMounts).toContainEqual({ name: 'spiffe-workload-api', mountPath: '/spiffe-workload-api', readOnly: true });
      expect(pod.spec.containers[0].env.some((e: any) => e.valueFrom?.secretKeyRef)).toBe(false);
      expect(pod.metadata.labels[BRAND.spireOptOutLabel]).toBeUndefined();
      // Exactly one ClusterSPIFFEID registers the pod.
      expect(matchingIds(ids, d.metadata.namespace!, pod.metadata.labels, sa)).toHaveLength(1);
    }
    for (const card of objs.filter((o) => o.kind === 'AgentCard')) expect(card.spec.identityBinding.strict).toBe(true);
  });

  it('narrows each outbound call to the callee audience', () => {
    // The routes the sidecar's token-exchange plugin reads (routes.rules), per namespace, from the call graph.
    const rulesOf = (ns: string) => parse(objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'authbridge-runtime-config' && o.metadata.namespace === ns)!.data['config.yaml']).pipeline.outbound.plugins[0].config.routes?.rules;
    expect(rulesOf('team1')).toEqual([
      { host: 'researcher.team1.svc.cluster.local', target_audience: 'spiffe://localtest.me/ns/team1/sa/researcher' },
      { host: 'reviewer.team2.svc.cluster.local', target_audience: 'spiffe://localtest.me/ns/team2/sa/reviewer' },
    ]);
    expect(rulesOf('team2')).toBeUndefined();
    // Not through the AgentRuntime: the webhook would copy spec.auth.outbound into a list the pinned sidecar does not decode.
    expect(objs.filter((o) => o.kind === 'AgentRuntime').every((o) => o.spec.auth === undefined)).toBe(true);
  });

  it('builds the platform realm: roles, one group per team, the service client, the SPIFFE provider', () => {
    const r = realms[BRAND.realm]!.spec.realm;
    // No skeleton key: UI tokens name only the realm; each agent's audience scope comes from the
    // operator (PLATFORM_CLIENT_IDS names the UI client), requested per call.
    const ui = r.clients.find((c: any) => c.clientId === `${BRAND.brand}-ui`);
    expect(ui.protocolMappers.filter((m: any) => m.protocolMapper === 'oidc-audience-mapper').map((m: any) => m.config['included.custom.audience'])).toEqual([`https://keycloak.localtest.me/realms/${BRAND.realm}`]);
    expect(r.roles.realm.map((x: any) => x.name)).toEqual(Object.values(BRAND.roles));
    expect(r.groups.map((g: any) => [g.name, g.subGroups.map((s: any) => `${s.name}:${s.realmRoles.join()}`)])).toEqual([
      ['team1', [`team1-admins:${BRAND.roles.operator}`, `team1-viewers:${BRAND.roles.viewer}`]],
      ['team2', [`team2-admins:${BRAND.roles.operator}`, `team2-viewers:${BRAND.roles.viewer}`]],
    ]);
    const api = r.clients.find((c: any) => c.clientId === 'agentstack-api');
    expect(api).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false, clientAuthenticatorType: 'federated-jwt' });
    expect(api.attributes['jwt.credential.sub']).toBe('spiffe://localtest.me/ns/agentstack/sa/agentstack-server');
    expect(api.attributes['jwt.credential.issuer']).toBe(r.identityProviders[0].alias);
    expect(api.secret).toBeUndefined();
    expect(r.users).toEqual([{ username: 'service-account-agentstack-api', enabled: true, serviceAccountClientId: 'agentstack-api', realmRoles: [BRAND.roles.viewer] }]);
    // The workload behind the client has an identity to present.
    expect(matchingIds(ids, 'agentstack', {}, 'agentstack-server')).toHaveLength(1);
    // Workload identities cannot collide by name ("a-b/c" vs "a/b-c").
    const twins = objects('minimal', 'kind', { features: { spire: true }, keycloak: { platformRealm: { clients: [{ clientId: 'x', type: 'service', workload: 'a-b/c' }, { clientId: 'y', type: 'service', workload: 'a/b-c' }] } } });
    expect(new Set(twins.filter((o) => o.kind === 'ClusterSPIFFEID').map((o) => o.metadata.name)).size).toBe(4);
    expect(realms[BRAND.realm]!.spec.placeholders).toBeUndefined();
  });

  it('builds the agentstack realm independently, with token exchange narrowed by audience', () => {
    const r = realms.agentstack!.spec.realm;
    expect(r.clients.map((c: any) => c.clientId)).toEqual(['agentstack-ui', 'agentstack-server', 'agentstack-tools']);
    const audiencesOf = (c: any) => c.protocolMappers.filter((m: any) => m.protocolMapper === 'oidc-audience-mapper').map((m: any) => m.config['included.client.audience']);
    const server = r.clients.find((c: any) => c.clientId === 'agentstack-server');
    expect(server.attributes['standard.token.exchange.enabled']).toBe('true');
    // Standard token exchange can only narrow to audiences the requester's mappers produce.
    expect(audiencesOf(server)).toEqual(['agentstack-tools']);
    const ui = r.clients.find((c: any) => c.clientId === 'agentstack-ui');
    expect(audiencesOf(ui)).toEqual(['agentstack-server']);
    expect(ui.attributes['standard.token.exchange.enabled']).toBeUndefined();
    expect(ui.attributes['pkce.code.challenge.method']).toBe('S256');
    expect(r.roles.realm.map((x: any) => x.name)).toEqual(['developer', 'admin']);
    expect(r.roles.realm.some((x: any) => x.name.startsWith(BRAND.brand))).toBe(false);
    expect(r.accessTokenLifespan).toBe(300);
    expect(r.ssoSessionMaxLifespan).toBe(8 * 3600);
  });

  it('documents each agent identity in explain', () => {
    const d = explainData(composeSpec({ spec: IDENTITY_SPEC }));
    const planner = d.agents.find((a) => a.agent === 'team1/planner')!;
    expect(planner.spiffeId).toBe('spiffe://localtest.me/ns/team1/sa/planner');
    expect(planner.keycloakClientId).toBe(planner.spiffeId);
    expect(planner.identity.authentication).toMatch(/JWT-SVID/);
  });
});

describe('without SPIRE nothing dangles', () => {
  it.each([
    ['minimal', 'kind', AGENTS_SPEC],
    ['minimal', 'openshift', IDENTITY_NO_SPIRE_SPEC],
  ] as const)('%s on %s: no SPIRE object, socket, CSI volume or SVID wiring', (profile, target, spec) => {
    const objs = objects(profile, target, spec);
    const text = JSON.stringify(objs);
    expect(objs.filter((o) => /spire|spiffe/i.test(o.apiVersion) || o.apiVersion === 'operator.openshift.io/v1alpha1')).toEqual([]);
    expect(text).not.toMatch(/csi\.spiffe\.io|spire-agent\.sock|spiffe-oidc-discovery|SPIFFE_ID|identityProviders/);
    for (const d of deployments(objs)) expect(d.spec.template.metadata.labels[BRAND.spireOptOutLabel]).toBe('disabled');
    for (const r of objs.filter((o) => o.kind === 'AgentRuntime')) expect(r.spec.mtlsMode).toBe('disabled');
    for (const c of objs.filter((o) => o.kind === 'AgentCard')) expect(c.spec.identityBinding.strict).toBe(false);
    const values = appsOf(objs).find((s) => /operator-chart$/.test(s.repoURL))!.helm.valuesObject;
    expect(values.authbridgeConfig.clientAuthType).toBe('client-secret');
    expect(values.spiffe.enabled).toBe(false);
  });

  it('generates confidential clients\' secrets in the cluster and hands them over by placeholder and copy', () => {
    const objs = objects('minimal', 'kind', IDENTITY_NO_SPIRE_SPEC);
    const realms = realmsOf(objs);
    const tools = realms.agentstack!.spec.realm.clients.find((c: any) => c.clientId === 'agentstack-tools');
    expect(tools.clientAuthenticatorType).toBe('client-secret');
    const placeholder = /^\$\{([A-Z0-9_]+)\}$/.exec(tools.secret)![1]!;
    const ref = realms.agentstack!.spec.placeholders[placeholder].secret;
    const generator = objs.find((o) => o.kind === 'Job' && o.metadata.name === `${ref.name}-generator`)!;
    expect(generator.metadata.namespace).toBe('keycloak');
    expect(generator.spec.template.spec.containers[0].command[2]).toContain(`--from-literal=clientSecret="$(rand)"`);
    // The tools workload runs in team1: a Job in keycloak (team1 denies egress) copies it there,
    // allowed to read only that Secret and to write Secrets only in team1.
    const copier = objs.find((o) => o.kind === 'Job' && o.metadata.name === `${ref.name}-copy-team1`)!;
    expect(copier.metadata.namespace).toBe('keycloak');
    expect(copier.spec.template.spec.containers[0].command[2]).toContain(`kubectl -n team1 create secret generic ${ref.name} --from-file=/tmp/keys`);
    const roles = objs.filter((o) => o.kind === 'Role' && o.metadata.name === `${ref.name}-copy-team1`);
    expect(Object.fromEntries(roles.map((r) => [r.metadata.namespace, r.rules]))).toEqual({
      keycloak: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [ref.name], verbs: ['get'] }],
      team1: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [ref.name], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ],
    });
    // The public UI client never has a secret; the server's workload is outside the teams, so it is reported.
    expect(realms.agentstack!.spec.realm.clients.find((c: any) => c.clientId === 'agentstack-ui').secret).toBeUndefined();
    const notes = composeSpec({ spec: IDENTITY_NO_SPIRE_SPEC }).notes.join('\n');
    expect(notes).toMatch(/client agentstack-server: without SPIRE its secret is generated in namespace keycloak; agentstack is not a team namespace/);
  });
});

describe('ZTWIM tech preview (OpenShift 4.19)', () => {
  it('keeps trust domain and cluster name on the operands and lets the operator create its own root resource', () => {
    const objs = objects('full', 'openshift', { versions: { 'ztwim-operator': 'tech-preview-v0.2' } });
    expect(objs.some((o) => o.kind === 'ZeroTrustWorkloadIdentityManager')).toBe(false);
    expect(objs.find((o) => o.kind === 'SpireServer')!.spec).toMatchObject({ trustDomain: 'localtest.me', clusterName: 'agent-platform', persistence: { type: 'pvc' } });
    expect(objs.find((o) => o.kind === 'SpireAgent')!.spec).toMatchObject({ trustDomain: 'localtest.me', clusterName: 'agent-platform' });
    expect(objs.find((o) => o.kind === 'SpireOIDCDiscoveryProvider')!.spec.trustDomain).toBe('localtest.me');
  });

  it('uses the Helm charts on OpenShift when the spec says so', () => {
    const objs = objects('full', 'openshift', { spire: { delivery: 'helm' } });
    expect(objs.some((o) => o.apiVersion === 'operator.openshift.io/v1alpha1')).toBe(false);
    expect(appsOf(objs).find((s) => s.chart === 'spire')!.helm.valuesObject.global.openshift).toBe(true);
  });
});

describe('realm model validation', () => {
  const issues = (spec: unknown) => {
    try {
      composeSpec({ spec });
    } catch (e) {
      if (e instanceof SpecError) return e.issues.map((i) => `${i.rule} ${i.path}: ${i.message}`);
      throw e;
    }
    return [];
  };
  const realm = (extra: Record<string, unknown>) => ({ keycloak: { realms: [{ name: 'apps', roles: [{ name: 'reader' }], ...extra }] } });

  it('rejects an unknown role in a mapping, with a suggestion', () => {
    expect(issues(realm({ groups: [{ name: 'g', roles: ['readr'] }] }))).toEqual(['AP115 keycloak.realms[0].groups[0].roles[0]: unknown role "readr" in realm "apps".']);
    expect(issues(realm({ roles: [{ name: 'a', composites: ['b'] }] }))[0]).toMatch(/^AP115 keycloak\.realms\[0\]\.roles\[0\]\.composites\[0\]/);
    expect(issues({ keycloak: { platformRealm: { clients: [{ clientId: 'x', type: 'service', roles: ['viewer'] }] } } })[0]).toMatch(/AP115 .*unknown role "viewer" in the platform realm/);
  });

  it('rejects duplicate client ids, in a realm and against the platform UI client', () => {
    const dup = realm({ clients: [{ clientId: 'c', type: 'service' }, { clientId: 'c', type: 'service' }] });
    expect(issues(dup)).toEqual(['AP103 keycloak.realms[0].clients[1].clientId: duplicate client "c" in realm "apps".']);
    expect(issues({ keycloak: { platformRealm: { clients: [{ clientId: `${BRAND.brand}-ui`, type: 'service' }] } } })[0]).toMatch(/AP103 .*created by the platform/);
  });

  it('rejects token exchange and audiences naming a missing client', () => {
    expect(issues(realm({ clients: [{ clientId: 'api', type: 'service', exchange: ['tool'] }] }))).toEqual([
      'AP115 keycloak.realms[0].clients[0].exchange[0]: unknown client "tool" in realm "apps".',
    ]);
    // Realms are independent: a client of another realm does not resolve.
    const cross = { keycloak: { realms: [{ name: 'a', clients: [{ clientId: 'x', type: 'service' }] }, { name: 'b', clients: [{ clientId: 'y', type: 'service', audiences: ['x'] }] }] } };
    expect(issues(cross)).toEqual(['AP115 keycloak.realms[1].clients[0].audiences[0]: unknown client "x" in realm "b".']);
  });

  it('rejects clients used against their type, agent-owned ids, reserved realm names and unordered lifetimes', () => {
    const got = issues({
      keycloak: {
        realms: [
          { name: 'master' },
          {
            name: 'apps',
            roles: [{ name: 'reader' }],
            clients: [
              { clientId: 'ui', type: 'public' },
              { clientId: 'svc', type: 'service', redirectUris: ['https://x.example/cb'] },
              { clientId: 'web', type: 'confidential', redirectUris: ['https://x.example/cb'], roles: ['reader'] },
              { clientId: 'spiffe://td/ns/a/sa/b', type: 'service' },
            ],
            tokens: { accessToken: '2h', ssoSessionIdle: '1h', ssoSessionMax: '30m' },
          },
        ],
      },
    });
    expect(got).toEqual([
      'AP103 keycloak.realms[0].name: realm "master" is taken by Keycloak\'s administration realm.',
      'AP116 keycloak.realms[1].clients[0].redirectUris: a public client signs users in through the browser and needs at least one redirect URI.',
      'AP116 keycloak.realms[1].clients[1].redirectUris: a service client uses client credentials only and never redirects a browser.',
      'AP116 keycloak.realms[1].clients[2].roles: only service clients have a service account to hold roles.',
      'AP116 keycloak.realms[1].clients[3].clientId: client ids starting with spiffe:// belong to agents; the agent operator registers them.',
      'AP116 keycloak.realms[1].tokens.accessToken: access tokens (2h) would outlive the SSO session idle timeout (1h).',
      'AP116 keycloak.realms[1].tokens.ssoSessionIdle: the idle timeout (1h) exceeds the session maximum (30m).',
    ]);
  });

  it('rejects long-lived SVIDs and an OLM delivery where there is no OLM', () => {
    expect(issues({ spire: { jwtSvidTtl: '2h', x509SvidTtl: '25h' } })).toEqual([
      'AP117 spire.jwtSvidTtl: 2h is outside 1m..1h.',
      'AP117 spire.x509SvidTtl: 25h is outside 10m..24h.',
    ]);
    // Durations reach SPIRE as written: Go has no "d" unit.
    expect(issues({ spire: { x509SvidTtl: '1d' } })[0]).toMatch(/^AP102 spire\.x509SvidTtl: must be a duration/);
    expect(issues({ target: 'microshift', spire: { delivery: 'olm' } })[0]).toMatch(/^AP118 spire\.delivery/);
    expect(issues({ spire: { jwtSvidTtl: 'five minutes' } })[0]).toMatch(/^AP102 spire\.jwtSvidTtl: must be a duration/);
  });

  it('rejects text the realm import would expand, unparsable URLs and workloads in system namespaces', () => {
    expect(issues(realm({ roles: [{ name: 'r', description: 'see ${KC_DB_PASSWORD}' }] }))[0]).toMatch(/^AP102 keycloak\.realms\[0\]\.roles\[0\]\.description: must not contain "\$\{"/);
    expect(issues({ teams: [{ name: 'team1', admins: ['${X}'] }] })[0]).toMatch(/^AP102 teams\[0\]\.admins\[0\]/);
    expect(issues(realm({ clients: [{ clientId: 'ui', type: 'public', redirectUris: ['https://[x'] }] }))[0]).toMatch(/^AP102 .*redirectUris\[0\]: must be a valid URL/);
    expect(issues(realm({ clients: [{ clientId: 's', type: 'service', workload: 'kube-system/default' }] }))[0]).toMatch(/^AP116 keycloak\.realms\[0\]\.clients\[0\]\.workload: namespace "kube-system" is a system namespace/);
  });

  it('rejects a credential-looking redirect or a wildcard-only redirect URI', () => {
    expect(issues(realm({ clients: [{ clientId: 'ui', type: 'public', redirectUris: ['*'] }] }))[0]).toMatch(/^AP102 keycloak\.realms\[0\]\.clients\[0\]\.redirectUris\[0\]/);
    expect(issues(realm({ clients: [{ clientId: 'ui', type: 'public', redirectUris: ['http://evil.example/*'] }] }))[0]).toMatch(/https/);
  });
});
