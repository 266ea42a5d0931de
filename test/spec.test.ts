import { describe, expect, it } from 'vitest';
import { composeSpec } from '../lib/spec/compose';
import { SpecError, type SpecIssue } from '../lib/spec/issues';
import { resolveSpec } from '../lib/spec/resolve';
import { full, minimal } from '../profiles';
import { AGENTS_SPEC, example } from './support/synth';

const agent = (over: Record<string, unknown> = {}) => ({ name: 'a', team: 'team1', image: 'ghcr.io/org/a:1.0.0', ...over });
const base = (over: Record<string, unknown> = {}) => ({ teams: [{ name: 'team1' }, { name: 'team2' }], ...over });

function issuesOf(input: unknown): SpecIssue[] {
  try {
    composeSpec({ spec: input });
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  return [];
}

describe('valid specs', () => {
  it.each([
    ['minimal profile', {}],
    ['full profile', { profile: 'full' }],
    ['agents example', AGENTS_SPEC],
    ['openshift example', example('openshift.yaml')],
    ['digest-only image', base({ agents: [agent({ image: `registry.local:5000/a@sha256:${'b'.repeat(64)}` })] })],
    ['cross-team call', base({ agents: [agent({ calls: ['team2/b'] }), agent({ name: 'b', team: 'team2' })] })],
  ])('%s resolves', (_n, spec) => {
    expect(issuesOf(spec)).toEqual([]);
  });

  it('applies documented defaults', () => {
    const s = composeSpec({ spec: base({ agents: [agent()] }) });
    expect(s.target.id).toBe('kind');
    expect(s.domain).toBe('localtest.me');
    expect(s.profile).toBe('minimal');
    expect(s.agents[0]).toMatchObject({ port: 8080, replicas: 1, resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } } });
    expect(s.teams[0]).toMatchObject({ admins: ['team1-admins'], viewers: ['team1-viewers'], allowExternalEgress: false });
    expect(s.keycloak.hostname).toBe('keycloak.localtest.me');
    expect(s.gitops.path).toBe('charts-out/kind-minimal');
  });

  it('accepts the TypeScript profiles directly', () => {
    expect(resolveSpec(minimal).teams.map((t) => t.name)).toEqual(['team1', 'team2']);
    expect(resolveSpec(full).features.istio.on).toBe(true);
  });

  it('lets flags override the spec file and the spec file override the profile', () => {
    const s = composeSpec({ profile: 'full', target: 'openshift', spec: { target: 'kind', profile: 'minimal', domain: 'apps.example.com' } });
    expect(s.profile).toBe('full');
    expect(s.target.id).toBe('openshift');
    expect(s.domain).toBe('apps.example.com');
    expect(s.features.kiali.on).toBe(true);
  });

  it('resolves calls both ways', () => {
    const s = composeSpec({ spec: AGENTS_SPEC });
    const critic = s.agents.find((a) => a.name === 'critic')!;
    expect(critic.callers).toEqual([{ team: 'team1', name: 'coordinator' }]);
  });
});

describe('invalid specs: one issue per problem, naming the field and the fix', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['unknown top-level key', base({ teamz: [] }), 'teamz', /did you mean "teams"/],
    ['typo in a nested key', base({ teams: [{ name: 'team1', qouta: {} }] }), 'teams[0].qouta', /did you mean "quota"/],
    ['unknown key without a near match', base({ zzzzzzzz: 1 }), 'zzzzzzzz', /allowed here: .*teams/],
    ['bad team name', { teams: [{ name: 'Team_1' }] }, 'teams[0].name', /DNS-1123/],
    ['too long agent name', base({ agents: [agent({ name: 'a'.repeat(60) })] }), 'agents[0].name', /at most 52/],
    ['unknown target', { target: 'eks' }, 'target', /one of: kind, microshift, openshift/],
    ['wrong type', base({ agents: [agent({ replicas: 'two' })] }), 'agents[0].replicas', /must be a number \(got the string "two"\)/],
    ['out of range port', base({ agents: [agent({ port: 70000 })] }), 'agents[0].port', /65535/],
    ['bad quantity', base({ agents: [agent({ resources: { limits: { cpu: 'lots' } } })] }), 'agents[0].resources.limits.cpu', /quantity/],
    ['duplicate team', { teams: [{ name: 'team1' }, { name: 'team1' }] }, 'teams[1].name', /duplicate team "team1"/],
    ['reserved namespace', { teams: [{ name: 'kube-system' }] }, 'teams[0].name', /system namespace/],
    ['duplicate agent', base({ agents: [agent(), agent()] }), 'agents[1].name', /duplicate agent "a"/],
    ['unknown team', base({ agents: [agent({ team: 'team3' })] }), 'agents[0].team', /unknown team "team3"/],
    ['unknown callee', base({ agents: [agent({ calls: ['nobody'] })] }), 'agents[0].calls[0]', /unknown agent "nobody"/],
    ['unknown cross-team callee', base({ agents: [agent({ calls: ['team2/x'] })] }), 'agents[0].calls[0]', /no agent "x" in team "team2"/],
    ['self call', base({ agents: [agent({ calls: ['a'] })] }), 'agents[0].calls[0]', /lists itself/],
    ['malformed call', base({ agents: [agent({ calls: ['a/b/c'] })] }), 'agents[0].calls[0]', /not an agent reference/],
    ['missing tag', base({ agents: [agent({ image: 'ghcr.io/org/a' })] }), 'agents[0].image', /no tag or digest/],
    ['latest tag', base({ agents: [agent({ image: 'ghcr.io/org/a:latest' })] }), 'agents[0].image', /"latest"/],
    ['bad digest', base({ agents: [agent({ image: 'ghcr.io/org/a@sha256:abc' })] }), 'agents[0].image', /malformed digest/],
    ['upper-case image', base({ agents: [agent({ image: 'GHCR.io/Org/a:1' })] }), 'agents[0].image', /not a valid image reference/],
    ['platform env override', base({ agents: [agent({ env: { AGENT_NAME: 'x' } })] }), 'agents[0].env.AGENT_NAME', /wired by the platform/],
    ['env set twice', base({ agents: [agent({ env: { K: 'v' }, secretEnv: [{ name: 'K', secretName: 's', key: 'k' }] })] }), 'agents[0].secretEnv[0].name', /set once|also set/],
    ['duplicate skill', base({ agents: [agent({ skills: [{ id: 's', name: 'S' }, { id: 's', name: 'T' }] })] }), 'agents[0].skills[1].id', /duplicate skill/],
    ['latest as a version override', { versions: { keycloak: 'latest' } }, 'versions.keycloak', /not a pin/],
    ['unknown pin in versions', { versions: { nginx: '1.0' } }, 'versions.nginx', /unknown field/],
    ['disabled dependency', { features: { kiali: true, istio: false } }, 'features.kiali', /needs features.istio, which the spec sets to false/],
    ['transitive disabled dependency', { features: { builds: true, certManager: false } }, 'features.builds', /needs features.shipwright, which needs features.certManager/],
    ['core dependency disabled', { features: { certManager: false } }, 'features.certManager', /agent operator webhook/],
    ['unknown profile', { profile: 'fulll' }, 'profile', /did you mean "full"/],
    ['request above limit', base({ agents: [agent({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } })] }), 'agents[0].resources.requests.cpu', /request 2 is above the limit 1/],
    ['limit above the team maximum', base({ agents: [agent({ resources: { limits: { memory: '16Gi' } } })] }), 'agents[0].resources.limits.memory', /above team "team1"'s LimitRange maximum 8Gi/],
    ['agents over the team quota', base({ agents: [agent({ replicas: 20 })] }), 'teams[0].quota.limits.cpu', /need 20 of cpu limits .* quota allows 16/],
    ['memory over the team quota', { teams: [{ name: 'team1', quota: { limits: { memory: '1Gi' } } }], agents: [agent({ replicas: 2 })] }, 'teams[0].quota.limits.memory', /need 2Gi of memory limits/],
    ['not a mapping', ['a'], '', /mapping/],
    ['agent name starting with a digit', base({ agents: [agent({ name: '1abc' })] }), 'agents[0].name', /must start with a letter/],
    ['agent named like the waypoint', base({ agents: [agent({ name: 'waypoint' })] }), 'agents[0].name', /waypoint proxy/],
    ['LimitRange default above max', { teams: [{ name: 'team1', limits: { default: { cpu: '8' } } }] }, 'teams[0].limits.default.cpu', /above the maximum 4/],
    ['LimitRange default request above default', { teams: [{ name: 'team1', limits: { defaultRequest: { memory: '1Gi' } } }] }, 'teams[0].limits.defaultRequest.memory', /above the default limit 512Mi/],
    ['agents over the requests quota', { teams: [{ name: 'team1', quota: { requests: { cpu: '1' } } }], agents: [agent({ replicas: 3, resources: { requests: { cpu: '500m' } } })] }, 'teams[0].quota.requests.cpu', /request 1.5 of cpu/],
    ['agents over the pod quota', { teams: [{ name: 'team1', quota: { pods: 2 } }], agents: [agent({ replicas: 3, resources: { limits: { cpu: '100m', memory: '256Mi' } } })] }, 'teams[0].quota.pods', /run 3 pods but the quota allows 2/],
    ['mesh-reserved port', base({ features: { istio: true }, agents: [agent({ port: 15008 })] }), 'agents[0].port', /mesh data plane/],
    ['keycloak host outside the gateway domain', { features: { istio: true }, keycloak: { hostname: 'sso.example.com' } }, 'keycloak.hostname', /not a name directly under localtest.me/],
    ['credential value in env', base({ agents: [agent({ env: { OPENAI_KEY_X: 'sk-abcdefghijklmnopqrstuvwx' } })] }), 'agents[0].env.OPENAI_KEY_X', /LLM API key.*secretEnv/],
    ['credential-named env with a value', base({ agents: [agent({ env: { DB_PASSWORD: 'hunter2' } })] }), 'agents[0].env.DB_PASSWORD', /names a credential/],
    ['plain value in a SealedSecret', { teams: [{ name: 'team1', secrets: [{ name: 's', sealedSecret: { encryptedData: { key: 'plain' } } }] }] }, 'teams[0].secrets[0].sealedSecret.encryptedData.key', /kubeseal ciphertext/],
    ['waypoint above the team maximum', { features: { istio: true }, teams: [{ name: 'team1', limits: { max: { cpu: '500m' }, default: { cpu: '500m' } } }], agents: [agent({ resources: { limits: { cpu: '500m' } }, calls: [{ agent: 'b', paths: ['/a2a'] }] }), agent({ name: 'b', resources: { limits: { cpu: '500m' } } })] }, 'teams[0].limits.max.cpu', /waypoint proxy .* needs a cpu limit of 1/],
    ['services over the quota', { teams: [{ name: 'team1', quota: { services: 1 } }], agents: [agent(), agent({ name: 'b' })] }, 'teams[0].quota.services', /needs 2 Services/],
    ['duplicate team secret', { teams: [{ name: 'team1', secrets: [{ name: 's', sealedSecret: { encryptedData: { k: 'A'.repeat(64) } } }, { name: 's', sealedSecret: { encryptedData: { k: 'A'.repeat(64) } } }] }] }, 'teams[0].secrets[1].name', /duplicate secret "s"/],
    ['secret with both sources', { teams: [{ name: 'team1', secrets: [{ name: 's', externalSecret: { store: 'vault', data: [{ secretKey: 'k', remoteKey: 'r' }] }, sealedSecret: { encryptedData: { k: 'A'.repeat(64) } } }] }] }, 'teams[0].secrets[0]', /exactly one of externalSecret or sealedSecret/],
  ])('%s', (_name, spec, path, message) => {
    const issues = issuesOf(spec);
    const hit = issues.find((i) => i.path === path);
    expect(hit, `issues were: ${JSON.stringify(issues)}`).toBeDefined();
    expect(`${hit!.message} ${hit!.fix ?? ''}`).toMatch(message);
    expect(hit!.fix).toBeTruthy();
    expect(hit!.rule, 'every spec issue names its rule').toMatch(/^AP1\d\d$/);
  });

  it('reports every problem at once', () => {
    const issues = issuesOf(base({ agents: [agent({ team: 'nope', image: 'x' }), agent({ name: 'b', calls: ['zz'] })] }));
    expect(issues.map((i) => i.path)).toEqual(['agents[0].team', 'agents[0].image', 'agents[1].calls[0]']);
  });

  it('formats one line per problem without a stack trace', () => {
    try {
      composeSpec({ spec: { target: 'eks' }, source: 'my.yaml' });
    } catch (e) {
      expect((e as Error).message).toBe('invalid platform spec (my.yaml): 1 problem\n  - target: the string "eks" is not allowed here. Fix: use one of: kind, microshift, openshift. [AP102]');
      return;
    }
    throw new Error('expected a SpecError');
  });
});
