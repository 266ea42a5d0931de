import { describe, expect, it } from 'vitest';
import { BRAND } from '../lib/brand';
import type { KubeObject } from '../lib/core/plan';
import { REGISTRY_HOST } from '../lib/registry/endpoints';
import { composeSpec } from '../lib/spec/compose';
import { SpecError } from '../lib/spec/issues';
import { clusterObjects } from '../lib/synth';
import { agentPod, connects } from './support/netpol';
import { BUILDS_TOOLS_SPEC, synth, TARGETS } from './support/synth';

/** Issue 6: Tekton/Shipwright, the in-cluster registry, agents from source, the MCP gateway and the UI. */

type Obj = KubeObject & Record<string, any>;
const objects = (spec: unknown, target = 'kind', profile = 'full'): Obj[] => clusterObjects(synth(profile, target, spec).files) as Obj[];
const find = (objs: Obj[], kind: string, name: string, ns?: string) => objs.find((o) => o.kind === kind && o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns));
const withRevision = (revision: string) => ({
  ...BUILDS_TOOLS_SPEC,
  agents: (BUILDS_TOOLS_SPEC.agents as Record<string, any>[]).map((a) => (a.source ? { ...a, source: { ...a.source, revision } } : a)),
});
const issuesOf = (spec: unknown, profile = 'minimal', target = 'kind'): readonly { path: string; rule?: string; message: string }[] => {
  try {
    composeSpec({ profile, target, spec });
  } catch (e) {
    if (e instanceof SpecError) return e.issues;
    throw e;
  }
  return [];
};
const sourceAgent = { name: 'a', team: 't', source: { git: 'https://git.example/org/a', revision: 'v1' } };

describe('an agent built from source, end to end in synthesis (kind, in-cluster registry)', () => {
  const objs = objects(BUILDS_TOOLS_SPEC);
  const build = find(objs, 'Build', 'planner', 'team1-builds')!;
  const run = objs.find((o) => o.kind === 'BuildRun' && o.metadata.namespace === 'team1-builds')!;
  const deployment = find(objs, 'Deployment', 'planner', 'team1')!;
  it('builds the declared source with the in-cluster strategy and pushes to the registry', () => {
    expect(build.spec.source).toEqual({ type: 'Git', git: { url: 'https://github.com/example/agents', revision: 'v1.2.0' }, contextDir: 'agents/planner' });
    expect(build.spec.strategy).toEqual({ name: 'agentplane-buildah-in-cluster-registry', kind: 'ClusterBuildStrategy' });
    expect(build.spec.output.image).toMatch(new RegExp(`^${REGISTRY_HOST.replace(/\./g, '\\.')}/team1/planner:src-[0-9a-f]{12}$`));
    expect(build.spec.output.insecure).toBe(true);
    expect(find(objs, 'ClusterBuildStrategy', build.spec.strategy.name)).toBeDefined();
  });
  it('runs the Build once per revision and deploys exactly the image it produces', () => {
    expect(run.spec.build.name).toBe('planner');
    expect(run.metadata.annotations!['agentplane.dev/image']).toBe(build.spec.output.image);
    expect(deployment.spec.template.spec.containers[0].image).toBe(build.spec.output.image);
    // The Agent Card's version is the build's tag.
    const card = JSON.parse(find(objs, 'ConfigMap', 'planner-agent-config', 'team1')!.data['agent-card.json']);
    expect(card.version).toBe(build.spec.output.image.split(':').pop());
  });
  it('a new revision is a new image tag, a new BuildRun and a new Deployment image; the same revision is byte-identical', () => {
    const next = objects(withRevision('v1.3.0'));
    const nextRun = next.find((o) => o.kind === 'BuildRun')!;
    const nextImage = find(next, 'Deployment', 'planner', 'team1')!.spec.template.spec.containers[0].image;
    expect(nextRun.metadata.name).not.toBe(run.metadata.name);
    expect(nextImage).not.toBe(deployment.spec.template.spec.containers[0].image);
    expect(find(next, 'Build', 'planner')!.spec.output.image).toBe(nextImage);
    expect(JSON.stringify(objects(withRevision('v1.2.0')))).toBe(JSON.stringify(objs));
  });
  it('builds run in a baseline build namespace outside the agent guardrails, reaching only DNS, public git/registries and the platform registry', () => {
    const ns = find(objs, 'Namespace', 'team1-builds')! as Obj & { metadata: { labels: Record<string, string> } };
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(ns.metadata.labels['agentplane.dev/team']).toBeUndefined();
    expect(find(objs, 'Namespace', 'team1')!.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('baseline');
    const builder = { namespace: 'team1-builds', labels: { 'app.kubernetes.io/name': 'build-pod' } };
    const registry = { namespace: 'cr-system', labels: { 'app.kubernetes.io/name': 'registry' } };
    expect(connects(objs, builder, registry, 5000)).toBe(true);
    expect(connects(objs, builder, agentPod(objs, 'team1', 'planner'), 8080)).toBe(false);
    expect(connects(objs, builder, { namespace: 'keycloak', labels: {} }, 8080)).toBe(false);
    // No build namespace for a team that builds nothing.
    expect(find(objs, 'Namespace', 'team2-builds')).toBeUndefined();
  });
  it('the strategy passes parameters as arguments, never spliced into the script', () => {
    const s = find(objs, 'ClusterBuildStrategy', 'agentplane-buildah')!;
    const step = s.spec.steps[0];
    expect(step.image).toBe('quay.io/containers/buildah:v1.37.5');
    expect(step.args[1]).not.toContain('$(params.');
    expect(step.args.slice(2)).toEqual(['build', '$(params.shp-source-context)', '$(params.dockerfile)', '$(params.shp-output-directory)']);
    expect(step.securityContext.capabilities).toEqual({ add: ['SETFCAP'] });
  });
});

describe.each(TARGETS)('build system on %s', (target) => {
  const out = synth('full', target, BUILDS_TOOLS_SPEC);
  const objs = clusterObjects(out.files) as Obj[];
  it('installs Tekton and Shipwright with the platform strategies', () => {
    if (target === 'openshift') {
      expect(find(objs, 'Subscription', 'openshift-pipelines-operator-rh')!.spec.channel).toBe('pipelines-1.17');
      expect(find(objs, 'Subscription', 'openshift-builds-operator')!.metadata.namespace).toBe('openshift-builds');
      expect(find(objs, 'OperatorGroup', 'openshift-builds-operator')!.spec).toEqual({});
      expect(out.files.some((f) => f.path.startsWith('upstream/'))).toBe(false);
    } else {
      const k = (name: string) => out.files.find((f) => f.path === `upstream/${name}/kustomization.yaml`)!.objects[0] as Obj;
      expect(k('tekton-pipelines').resources).toEqual(['https://storage.googleapis.com/tekton-releases/pipeline/previous/v0.66.0/release.yaml']);
      expect(k('tekton-pipelines').patches.map((p: any) => JSON.parse(p.patch))).toContainEqual({ kind: 'ConfigMap', apiVersion: 'v1', data: { 'set-security-context': 'true' }, metadata: { name: 'feature-flags' } });
      const swp = k('shipwright-build');
      expect(swp.resources).toEqual(['https://github.com/shipwright-io/build/releases/download/v0.14.0/release.yaml']);
      // Every Shipwright CRD gets its conversion webhook CA from cert-manager, from the webhook certificate.
      // (The kind-wide patch keeping every CRD on removal has no name target: test/patch.test.ts.)
      const crds = swp.patches.filter((p: any) => p.target.name !== undefined).map((p: any) => JSON.parse(p.patch)).filter((p: any) => p.kind === 'CustomResourceDefinition');
      expect(crds.map((p: any) => p.metadata.name).sort()).toEqual(['buildruns.shipwright.io', 'builds.shipwright.io', 'buildstrategies.shipwright.io', 'clusterbuildstrategies.shipwright.io']);
      for (const p of crds) expect(p.metadata.annotations['cert-manager.io/inject-ca-from']).toBe('shipwright-build/shipwright-build-webhook-cert');
      const cert = find(objs, 'Certificate', 'shipwright-build-webhook-cert', 'shipwright-build')!;
      expect(cert.spec.issuerRef).toEqual({ kind: 'ClusterIssuer', name: 'agentplane-ca', group: 'cert-manager.io' });
      expect(cert.spec.dnsNames).toContain('shp-build-webhook.shipwright-build.svc');
      // Argo CD syncs each kustomization from the GitOps repository itself.
      const app = objs.find((o) => o.kind === 'Application' && o.metadata.name === 'shipwright-build')!;
      expect(app.spec.source.path).toMatch(/\/upstream\/shipwright-build$/);
    }
    expect(find(objs, 'ClusterBuildStrategy', 'agentplane-buildah')).toBeDefined();
    expect(find(objs, 'ClusterBuildStrategy', 'agentplane-buildah-in-cluster-registry')).toBeDefined();
  });
  it('the in-cluster registry runs non-root, read-only, with requests and limits, on a persistent volume', () => {
    const d = find(objs, 'Deployment', 'registry', 'cr-system')!;
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe('docker.io/library/registry:3.0.0');
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(c.resources.limits).toBeDefined();
    expect(find(objs, 'PersistentVolumeClaim', 'registry-data', 'cr-system')!.spec.resources.requests.storage).toBe('20Gi');
  });
  it('builds run as the account the target provides, with the SCC they need where SCCs apply', () => {
    const run = objs.find((o) => o.kind === 'BuildRun')!;
    expect(run.spec.serviceAccount).toBe(target === 'openshift' ? 'pipeline' : 'agentplane-builder');
    const scc = find(objs, 'SecurityContextConstraints', 'agentplane-builder');
    if (target === 'microshift') {
      expect(scc).toMatchObject({ allowPrivilegedContainer: false, allowedCapabilities: ['SETFCAP'], runAsUser: { type: 'RunAsAny' }, allowHostNetwork: false });
      expect(find(objs, 'RoleBinding', 'agentplane-builder-scc', 'team1-builds')!.roleRef.name).toBe('agentplane:scc:agentplane-builder');
      const k = out.files.find((f) => f.path === 'upstream/shipwright-build/kustomization.yaml')!.objects[0] as Obj;
      expect(k.patches.map((p: any) => JSON.parse(p.patch)).find((p: any) => p.kind === 'Namespace').metadata.annotations['openshift.io/sa.scc.uid-range']).toBe('1000/1');
    } else {
      // kind has no SCCs; OpenShift Pipelines gives its pipeline account pipelines-scc.
      expect(scc).toBeUndefined();
    }
  });
});

describe('source builds on OpenShift push to the internal registry without the in-cluster one', () => {
  const spec = { ...BUILDS_TOOLS_SPEC, features: { containerRegistry: false } };
  const objs = objects(spec, 'openshift');
  it('pushes to the build namespace image stream and lets the team pull it', () => {
    const build = find(objs, 'Build', 'planner')!;
    expect(build.spec.output.image).toMatch(/^image-registry\.openshift-image-registry\.svc:5000\/team1-builds\/planner:src-/);
    expect(build.spec.output.insecure).toBeUndefined();
    expect(build.spec.strategy.name).toBe('agentplane-buildah');
    const rb = find(objs, 'RoleBinding', 'image-pullers-team1', 'team1-builds')!;
    expect(rb.roleRef.name).toBe('system:image-puller');
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts:team1' }]);
    expect(find(objs, 'Deployment', 'registry')).toBeUndefined();
  });
});

describe('source and tool errors name the field and the fix', () => {
  it('a source agent without builds is an error naming features.builds', () => {
    const issues = issuesOf({ teams: [{ name: 't' }], agents: [sourceAgent] });
    expect(issues).toEqual([expect.objectContaining({ path: 'agents[0].source', rule: 'AP106', message: expect.stringContaining('features.builds') })]);
  });
  it('builds without shipwright is a dependency error', () => {
    expect(issuesOf({ features: { builds: true, shipwright: false } })).toEqual([expect.objectContaining({ rule: 'AP106', path: 'features.builds' })]);
  });
  it('a build with nowhere to push is AP121 on kind, and resolves with the registry or an output image', () => {
    const base = { features: { builds: true }, teams: [{ name: 't' }] };
    expect(issuesOf({ ...base, agents: [sourceAgent] }).map((i) => i.rule)).toEqual(['AP121']);
    expect(issuesOf({ ...base, features: { builds: true, containerRegistry: true }, agents: [sourceAgent] })).toEqual([]);
    expect(issuesOf({ ...base, agents: [{ ...sourceAgent, source: { ...sourceAgent.source, outputImage: 'quay.io/org/a', pushSecret: 'quay' } }] })).toEqual([]);
    expect(issuesOf({ ...base, agents: [sourceAgent] }, 'minimal', 'openshift')).toEqual([]);
  });
  it('an agent has an image or a source, exactly one', () => {
    const base = { features: { builds: true, containerRegistry: true }, teams: [{ name: 't' }] };
    expect(issuesOf({ ...base, agents: [{ ...sourceAgent, image: 'r/a:1' }] }).map((i) => i.path)).toEqual(['agents[0].source']);
    expect(issuesOf({ ...base, agents: [{ name: 'a', team: 't' }] }).map((i) => i.path)).toEqual(['agents[0].image']);
  });
  it('refuses a build namespace that is also a team, and ssh URLs without clone credentials', () => {
    const base = { features: { builds: true, containerRegistry: true }, teams: [{ name: 't' }, { name: 't-builds' }] };
    expect(issuesOf({ ...base, agents: [sourceAgent] })).toEqual([expect.objectContaining({ path: 'agents[0].source', rule: 'AP110' })]);
    const ssh = { ...sourceAgent, source: { git: 'git@git.example:org/a.git', revision: 'v1' } };
    expect(issuesOf({ ...base, teams: [{ name: 't' }], agents: [ssh] }).map((i) => i.path)).toEqual(['agents[0].source.cloneSecret']);
    expect(issuesOf({ ...base, teams: [{ name: 't' }], agents: [{ ...ssh, source: { ...ssh.source, cloneSecret: 'git-ssh' } }] })).toEqual([]);
  });
  it('rejects credentials in git URLs and paths leaving the repository', () => {
    const base = { features: { builds: true, containerRegistry: true }, teams: [{ name: 't' }] };
    expect(issuesOf({ ...base, agents: [{ ...sourceAgent, source: { git: 'https://user:pw@git.example/a', revision: 'v1' } }] }).map((i) => i.path)).toEqual(['agents[0].source.git']);
    expect(issuesOf({ ...base, agents: [{ ...sourceAgent, source: { ...sourceAgent.source, contextDir: 'a/../../etc' } }] }).map((i) => i.path)).toEqual(['agents[0].source.contextDir']);
  });
  it('tool grants must name declared servers and tools, with the gateway on', () => {
    const servers = { servers: [{ name: 'docs', service: { namespace: 't', name: 'docs', port: 80 }, tools: ['lookup'] }] };
    const grant = (tools: unknown) => ({ features: { mcpGateway: true }, mcpGateway: servers, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', tools }] });
    expect(issuesOf(grant([{ server: 'docs', tools: ['lookup'] }]))).toEqual([]);
    expect(issuesOf(grant([{ server: 'docs', tools: ['delete'] }]))).toEqual([expect.objectContaining({ rule: 'AP122', path: 'agents[0].tools[0].tools', message: expect.stringContaining('"delete"') })]);
    expect(issuesOf(grant([{ server: 'wiki' }]))[0]).toMatchObject({ rule: 'AP122', path: 'agents[0].tools[0].server' });
    expect(issuesOf({ ...grant([{ server: 'docs' }]), features: { mcpGateway: false } }).map((i) => i.rule).sort()).toEqual(['AP106', 'AP122']);
    expect(issuesOf({ features: { mcpGateway: true }, mcpGateway: { servers: [{ name: 'x', tools: ['t'] }] } })[0]).toMatchObject({ path: 'mcpGateway.servers[0]', rule: 'AP102' });
  });
});

describe('MCP gateway', () => {
  const objs = objects(BUILDS_TOOLS_SPEC);
  const policy = find(objs, 'AuthorizationPolicy', 'mcp-gateway', 'gateway-system')!;
  const client = (team: string, name: string) => `spiffe://localtest.me/ns/${team}/sa/${name}`;
  it('installs the pinned chart against a Gateway the platform owns', () => {
    const app = objs.find((o) => o.kind === 'Application' && o.metadata.name === 'mcp-gateway')!;
    expect(app.spec.source).toMatchObject({ repoURL: 'oci://ghcr.io/kuadrant/charts/mcp-gateway', targetRevision: '0.6.0' });
    expect(app.spec.source.helm.valuesObject.gateway).toMatchObject({ create: false, name: 'mcp-gateway', namespace: 'gateway-system' });
    const gw = find(objs, 'Gateway', 'mcp-gateway', 'gateway-system')!;
    expect(gw.spec.listeners.map((l: any) => [l.name, l.hostname])).toEqual([['mcp', 'mcp-gateway-istio.gateway-system.svc.cluster.local'], ['mcps', '*.mcp.local']]);
  });
  it('registers each tool server behind its own route, in-cluster with a ReferenceGrant, external through TLS origination', () => {
    expect(find(objs, 'MCPServerRegistration', 'mcp-docs')!.spec).toEqual({ targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'mcp-docs' }, toolPrefix: 'docs_', path: '/mcp' });
    expect(find(objs, 'MCPServerRegistration', 'mcp-github')!.spec.credentialRef).toEqual({ name: 'github-mcp-token', key: 'token' });
    expect(find(objs, 'ReferenceGrant', 'mcp-gateway-docs', 'team2')!.spec.to).toEqual([{ group: '', kind: 'Service', name: 'docs-mcp' }]);
    expect(find(objs, 'HTTPRoute', 'mcp-github')!.spec.rules[0].backendRefs).toEqual([{ group: 'networking.istio.io', kind: 'Hostname', name: 'api.githubcopilot.com', port: 443 }]);
    expect(find(objs, 'DestinationRule', 'mcp-github')!.spec.trafficPolicy.tls).toEqual({ mode: 'SIMPLE', sni: 'api.githubcopilot.com' });
  });
  it('authorizes each agent for exactly its granted tools, by its Keycloak client', () => {
    const calls = policy.spec.rules.filter((r: any) => r.when?.some((w: any) => w.key === 'request.headers[x-mcp-toolname]'));
    const grants = calls.map((r: any) => Object.fromEntries(r.when.map((w: any) => [w.key, w.values])));
    expect(grants).toEqual([
      { 'request.auth.claims[azp]': [client('team1', 'planner')], 'request.headers[x-mcp-method]': ['tools/call'], 'request.headers[x-mcp-servername]': ['mcp-system/mcp-docs'], 'request.headers[x-mcp-toolname]': ['lookup', 'search'] },
      { 'request.auth.claims[azp]': [client('team1', 'planner')], 'request.headers[x-mcp-method]': ['tools/call'], 'request.headers[x-mcp-servername]': ['mcp-system/mcp-github'], 'request.headers[x-mcp-toolname]': ['search_code'] },
      { 'request.auth.claims[azp]': [client('team2', 'reviewer')], 'request.headers[x-mcp-method]': ['tools/call'], 'request.headers[x-mcp-servername]': ['mcp-system/mcp-docs'], 'request.headers[x-mcp-toolname]': ['lookup'] },
    ]);
    for (const r of calls) expect(r.from).toEqual([{ source: { requestPrincipals: ['*'] } }]);
    const ra = find(objs, 'RequestAuthentication', 'mcp-gateway')!;
    expect(ra.spec.jwtRules[0]).toMatchObject({ issuer: `https://keycloak.localtest.me/realms/${BRAND.realm}`, forwardOriginalToken: false });
  });
  it('without grants, the gateway allows no tool call at all', () => {
    const spec = { ...BUILDS_TOOLS_SPEC, agents: (BUILDS_TOOLS_SPEC.agents as any[]).map(({ tools: _t, ...a }) => a) };
    const rules = find(objects(spec), 'AuthorizationPolicy', 'mcp-gateway')!.spec.rules;
    expect(rules.some((r: any) => r.when?.some((w: any) => w.values?.includes('tools/call')))).toBe(false);
  });
  it('only agents with grants reach the gateway, and they get its URL', () => {
    const gwPod = { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'mcp-gateway' } };
    expect(connects(objs, agentPod(objs, 'team1', 'planner'), gwPod, 8080)).toBe(true);
    const env = find(objs, 'Deployment', 'planner', 'team1')!.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'MCP_GATEWAY_URL', value: 'http://mcp-gateway-istio.gateway-system.svc.cluster.local:8080/mcp' });
    const plain = objects({ ...BUILDS_TOOLS_SPEC, agents: [...(BUILDS_TOOLS_SPEC.agents as any[]), { name: 'loner', team: 'team1', image: 'ghcr.io/example/loner:1.0.0' }] });
    expect(connects(plain, agentPod(plain, 'team1', 'loner'), gwPod, 8080)).toBe(false);
    expect(find(plain, 'Deployment', 'loner')!.spec.template.spec.containers[0].env.some((e: any) => e.name === 'MCP_GATEWAY_URL')).toBe(false);
  });
  it('admits the gateway and the broker into a team namespace serving a tool server, and only there', () => {
    const gwPod = { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'mcp-gateway' } };
    const server = { namespace: 'team2', labels: { 'app.kubernetes.io/name': 'docs-mcp' } };
    expect(connects(objs, gwPod, server, 8000)).toBe(true);
    expect(connects(objs, { namespace: 'mcp-system', labels: { app: 'mcp-gateway' } }, server, 8000)).toBe(true);
    expect(connects(objs, agentPod(objs, 'team1', 'planner'), server, 8000)).toBe(false);
    expect(find(objs, 'AuthorizationPolicy', 'allow-mcp-gateway', 'team2')!.spec.rules).toEqual([{ from: [{ source: { namespaces: ['gateway-system', 'mcp-system'] } }] }]);
    expect(find(objs, 'NetworkPolicy', 'allow-mcp-gateway', 'team1')).toBeUndefined();
  });
  it('external servers receive their own host, not the internal route name', () => {
    expect(find(objs, 'HTTPRoute', 'mcp-github')!.spec.rules[0].filters).toEqual([{ type: 'URLRewrite', urlRewrite: { hostname: 'api.githubcopilot.com' } }]);
    expect(find(objs, 'HTTPRoute', 'mcp-docs')!.spec.rules[0].filters).toBeUndefined();
  });
  it('refuses an empty tool list (it would make the gateway policy invalid, and an invalid policy allows everything)', () => {
    const spec = { features: { mcpGateway: true }, mcpGateway: { servers: [{ name: 'd', service: { namespace: 't', name: 'd', port: 80 }, tools: ['x'] }] }, teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', tools: [{ server: 'd', tools: [] }] }] };
    expect(issuesOf(spec)).toEqual([expect.objectContaining({ path: 'agents[0].tools[0].tools' })]);
  });
  it('reserves MCP_GATEWAY_URL', () => {
    expect(issuesOf({ teams: [{ name: 't' }], agents: [{ name: 'a', team: 't', image: 'r/a:1', env: { MCP_GATEWAY_URL: 'http://x' } }] }).map((i) => i.rule)).toEqual(['AP109']);
  });
});

describe.each(TARGETS)('platform UI on %s', (target) => {
  const objs = objects(undefined, target);
  it('signs in through the platform realm public PKCE client, with no secret and no Secret access', () => {
    const env = Object.fromEntries(find(objs, 'Deployment', `${BRAND.brand}-backend`)!.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.CLIENT_ID).toBe(`${BRAND.brand}-ui`);
    expect(env.CLIENT_SECRET).toBeUndefined();
    expect(env.AUTH_ENDPOINT).toBe(`https://keycloak.localtest.me/realms/${BRAND.realm}/protocol/openid-connect/auth`);
    const realm = objs.find((o) => o.kind === 'KeycloakRealmImport' && o.spec.realm.realm === BRAND.realm)!.spec.realm;
    const c = realm.clients.find((x: any) => x.clientId === env.CLIENT_ID);
    expect(c).toMatchObject({ publicClient: true, redirectUris: ['https://ui.localtest.me/*'] });
    const role = find(objs, 'ClusterRole', 'agentplane-ui')!;
    expect(role.rules.some((r: any) => r.resources.includes('secrets'))).toBe(false);
    // Read-only: writes to Builds could aim another team's push or clone Secret at any registry.
    for (const r of role.rules) expect(r.verbs).toEqual(['get', 'list', 'watch']);
  });
  it('is published at ui.<domain>', () => {
    if (target === 'kind') expect(objs.some((o) => o.kind === 'HTTPRoute' && o.spec.hostnames?.includes('ui.localtest.me'))).toBe(true);
    else expect(find(objs, 'Ingress', `${BRAND.brand}-ui`)!.spec.rules[0].host).toBe('ui.localtest.me');
  });
});
