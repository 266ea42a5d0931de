import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import { flavorOf, loadKubeClient, ownerOf, readCluster, runRules, selectCluster, specView, type ClusterFacts, type Owner, type SpecView } from '../lib/preflight';
import { operatorFacts } from '../lib/preflight/reader';
import { composeSpec } from '../lib/spec/compose';
import { synthesize } from '../lib/synth';
import { ROOT } from './support/synth';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'preflight');

/** One request the fixture server saw. */
interface Seen {
  readonly method: string;
  readonly url: string;
  readonly accept: string;
}

interface FixtureServer {
  readonly url: string;
  readonly requests: Seen[];
  close(): Promise<void>;
}

const status = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

/**
 * Serves recorded API responses: GET <path> answers <dir>/<path>.json (query ignored), anything
 * else a Kubernetes 404 Status; `refuse` maps paths to 403 Forbidden. Bound to 127.0.0.1 on an
 * ephemeral port.
 */
async function serveFixtures(dir: string, refuse: readonly string[] = []): Promise<FixtureServer> {
  const requests: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', url: req.url ?? '', accept: String(req.headers.accept ?? '') });
    const file = join(dir, `${path}.json`);
    res.setHeader('Content-Type', 'application/json');
    if (refuse.includes(path)) {
      res.writeHead(403).end(status(403, 'Forbidden', `forbidden: User "reader" cannot list resource at ${path}`));
    } else if (req.method === 'GET' && !path.includes('..') && existsSync(file)) {
      res.writeHead(200).end(readFileSync(file));
    } else {
      res.writeHead(404).end(status(404, 'NotFound', `the server could not find the requested resource (get ${path})`));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'agentplane-preflight-'));

/**
 * A kubeconfig with one context per server. client-node refuses plain HTTP unless TLS
 * verification is skipped, so the local test servers are marked insecure-skip-tls-verify.
 */
function kubeconfig(name: string, contexts: Record<string, string>, current?: string): string {
  const entries = Object.entries(contexts);
  const text = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    ...entries.flatMap(([ctx, server]) => [`- name: ${ctx}-cluster`, '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true']),
    'users:',
    '- name: reader',
    '  user:',
    '    token: sha256~fixture-token',
    'contexts:',
    ...entries.flatMap(([ctx]) => [`- name: ${ctx}`, '  context:', `    cluster: ${ctx}-cluster`, '    user: reader']),
    ...(current ? [`current-context: ${current}`] : []),
  ].join('\n');
  const file = join(tmp, name);
  writeFileSync(file, `${text}\n`);
  return file;
}

function specFile(name: string, yaml: string): string {
  const file = join(tmp, name);
  writeFileSync(file, yaml);
  return file;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

interface JsonReport {
  context: string;
  server: string;
  cluster: ClusterFacts;
  findings: { severity: string; id: string; message: string; fix?: string }[];
  conflicts: number;
  warnings: number;
}

async function report(...argv: string[]): Promise<{ code: number; json: JsonReport; err: string }> {
  const r = await run('preflight', ...argv, '--json');
  return { code: r.code, json: JSON.parse(r.out) as JsonReport, err: r.err };
}

const ids = (r: JsonReport, severity: string) => r.findings.filter((f) => f.severity === severity).map((f) => f.id);

let ocp: FixtureServer;
let kind: FixtureServer;
let ocpForbidden: FixtureServer;
let config: string;

beforeAll(async () => {
  [ocp, kind, ocpForbidden] = await Promise.all([
    serveFixtures(join(FIXTURES, 'openshift-4.19')),
    serveFixtures(join(FIXTURES, 'kind')),
    serveFixtures(join(FIXTURES, 'openshift-4.19'), ['/apis/storage.k8s.io/v1/storageclasses']),
  ]);
  config = kubeconfig('config', { 'ocp-admin': ocp.url, 'kind-dev': kind.url, 'ocp-restricted': ocpForbidden.url });
});

afterAll(async () => {
  await Promise.all([ocp.close(), kind.close(), ocpForbidden.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('ownership', () => {
  it('recognises each manager from its markers', () => {
    expect(ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'agentplane' } }).kind).toBe('agentplane');
    expect(ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'pulumi' } }).kind).toBe('pulumi');
    expect(ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'cm', 'meta.helm.sh/release-namespace': 'tools' } })).toMatchObject({
      kind: 'helm',
      description: 'Helm release tools/cm',
      helmRelease: { name: 'cm', namespace: 'tools' },
    });
    // Argo CD renders charts: Helm's label is there too, but Argo tracks it.
    expect(ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'argocd.argoproj.io/tracking-id': 'agentplane-cert-manager:apiextensions.k8s.io/CustomResourceDefinition:/certificates.cert-manager.io' } })).toMatchObject({ kind: 'argocd', argoApp: 'agentplane-cert-manager' });
    expect(ownerOf({ labels: { 'app.kubernetes.io/instance': 'infra' }, annotations: { 'argocd.argoproj.io/sync-wave': '1' } })).toMatchObject({ kind: 'argocd', argoApp: 'infra' });
    expect(ownerOf({ labels: { 'operators.coreos.com/openshift-cert-manager-operator.cert-manager-operator': '' } })).toMatchObject({
      kind: 'olm',
      olmPackage: { name: 'openshift-cert-manager-operator', namespace: 'cert-manager-operator' },
    });
    expect(ownerOf({ ownerReferences: [{ kind: 'ClusterServiceVersion', name: 'foo.v1.0.0' }] }).kind).toBe('olm');
    expect(ownerOf({ labels: { 'olm.managed': 'true' } }).kind).toBe('olm');
    expect(ownerOf({ managedFields: [{ manager: 'ingress-operator' }] })).toMatchObject({ kind: 'openshift', description: 'the OpenShift ingress operator' });
    expect(ownerOf({ ownerReferences: [{ kind: 'ClusterVersion', name: 'version' }] }).kind).toBe('openshift');
    expect(ownerOf({ annotations: { 'include.release.openshift.io/self-managed-high-availability': 'true' } }).kind).toBe('openshift');
    expect(ownerOf({ annotations: { 'capability.openshift.io/name': 'Ingress' } }).kind).toBe('openshift');
    expect(ownerOf({ managedFields: [{ manager: 'kubectl-client-side-apply' }] })).toEqual({ kind: 'unknown', description: 'field manager kubectl-client-side-apply (no ownership labels)' });
  });

  it('decides the flavor: ClusterVersion → OpenShift, Routes/SCCs without it → MicroShift', () => {
    expect(flavorOf(new Set(['route.openshift.io', 'config.openshift.io']), true)).toBe('openshift');
    expect(flavorOf(new Set(['route.openshift.io', 'security.openshift.io']), false)).toBe('microshift');
    expect(flavorOf(new Set(['apps']), false)).toBe('kubernetes');
  });

  it('joins Subscriptions and CSVs, keeping CSVs installed without a Subscription', () => {
    const facts = operatorFacts(
      [{ metadata: { name: 'sub', namespace: 'a', labels: { 'app.kubernetes.io/managed-by': 'agentplane' } }, spec: { name: 'pkg-a', channel: 'stable' }, status: { installedCSV: 'pkg-a.v1' } }],
      [
        { metadata: { name: 'pkg-a.v1', namespace: 'a' }, status: { phase: 'Succeeded' } },
        { metadata: { name: 'pkg-b.v2', namespace: 'b', labels: { 'operators.coreos.com/pkg-b.b': '' } }, status: { phase: 'Failed' } },
      ],
    );
    expect(facts).toEqual([
      { package: 'pkg-a', namespace: 'a', csv: 'pkg-a.v1', phase: 'Succeeded', channel: 'stable', ours: true },
      { package: 'pkg-b', namespace: 'b', csv: 'pkg-b.v2', phase: 'Failed', ours: false },
    ]);
  });
});

describe('preflight rules on hand-written facts', () => {
  const views = new Map<string, SpecView>();
  const view = (target: string, profile: string, doc: Record<string, unknown> = {}): SpecView => {
    const key = `${target}/${profile}/${JSON.stringify(doc)}`;
    if (!views.has(key)) {
      const spec = composeSpec({ target, profile, spec: doc });
      views.set(key, specView(spec, synthesize(spec)));
    }
    return views.get(key)!;
  };
  /** A clean kind cluster: nothing installed, a default StorageClass. */
  const kindFacts = (over: Partial<ClusterFacts> = {}): ClusterFacts => ({
    kubernetesVersion: 'v1.30.13',
    flavor: 'kubernetes',
    apiGroups: { apps: ['v1'], batch: ['v1'], 'networking.k8s.io': ['v1'], 'rbac.authorization.k8s.io': ['v1'], 'admissionregistration.k8s.io': ['v1'], 'argoproj.io': ['v1alpha1'], 'gateway.networking.k8s.io': ['v1'] },
    olm: false,
    crds: [],
    storageClasses: [{ name: 'standard', provisioner: 'rancher.io/local-path', isDefault: true }],
    namespaces: [],
    unreadable: [],
    ...over,
  });
  const conflicts = (facts: ClusterFacts, v: SpecView) => runRules(facts, v).filter((f) => f.severity === 'conflict').map((f) => f.id);

  it('a clean cluster matching the target has no conflicts and reports its facts as ok', () => {
    const findings = runRules(kindFacts(), view('kind', 'minimal'));
    expect(findings.filter((f) => f.severity !== 'ok')).toEqual([]);
    expect(findings.map((f) => f.id)).toEqual(['kubernetes-version', 'target-flavor', 'olm', 'crd-owned', 'storage-default']);
  });

  it('derives the minimum Kubernetes from ValidatingAdmissionPolicy v1 (1.30)', () => {
    const v = view('kind', 'minimal');
    expect(v.minimumKubernetes).toMatchObject({ major: 1, minor: 30 });
    const [finding] = runRules(kindFacts({ kubernetesVersion: 'v1.29.4' }), v);
    expect(finding).toMatchObject({ severity: 'conflict', id: 'kubernetes-version' });
    expect(finding!.message).toMatch(/v1\.29\.4 is older than 1\.30.*ValidatingAdmissionPolicy/);
  });

  it('storage: no default class, several defaults, a named class that does not exist', () => {
    const v = view('kind', 'minimal');
    expect(conflicts(kindFacts({ storageClasses: [{ name: 'fast', provisioner: 'x', isDefault: false }] }), v)).toEqual(['storage-default']);
    const two = runRules(kindFacts({ storageClasses: [{ name: 'a', provisioner: 'x', isDefault: true }, { name: 'b', provisioner: 'x', isDefault: true }] }), v);
    expect(two.find((f) => f.id === 'storage-default')?.severity).toBe('warning');
    const named = { ...v, claims: [{ by: 'StatefulSet keycloak/keycloak-postgres', storageClassName: 'ceph-rbd' }] };
    const finding = runRules(kindFacts(), named).find((f) => f.id === 'storage-class');
    expect(finding?.message).toMatch(/asks for StorageClass ceph-rbd.*classes: standard/);
  });

  it('CRDs already ours (agentplane, Pulumi, our Argo CD application, our Helm release) are not conflicts', () => {
    const v = view('kind', 'minimal');
    const crd = (owner: Owner) => ({ name: 'certificates.cert-manager.io', group: 'cert-manager.io', owner });
    for (const owner of [
      ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'agentplane' } }),
      ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'pulumi' } }),
      ownerOf({ annotations: { 'argocd.argoproj.io/tracking-id': 'cert-manager:apiextensions.k8s.io/CustomResourceDefinition:/certificates.cert-manager.io' } }),
    ]) {
      expect(conflicts(kindFacts({ crds: [crd(owner)] }), v), owner.description).toEqual([]);
    }
    const helm = ownerOf({ labels: { 'app.kubernetes.io/managed-by': 'Helm' }, annotations: { 'meta.helm.sh/release-name': 'cert-manager', 'meta.helm.sh/release-namespace': 'cert-manager' } });
    // Same release in a namespace we created: our Pulumi backend installed it.
    expect(conflicts(kindFacts({ crds: [crd(helm)], namespaces: [{ name: 'cert-manager', ours: true, managedBy: 'agentplane' }] }), v)).toEqual([]);
    // Same release name in a namespace someone else created: not ours.
    const theirs = runRules(kindFacts({ crds: [crd(helm)], namespaces: [{ name: 'cert-manager', ours: false }] }), v);
    expect(theirs.filter((f) => f.severity !== 'ok').map((f) => f.id)).toEqual(['crd-owned', 'namespace-exists']);
    expect(theirs[0]!.fix).toBe('set install.certManager: external, so the platform uses the cert-manager already installed (or remove that installation first).');
    // Another team's Argo CD application.
    const argo = ownerOf({ annotations: { 'argocd.argoproj.io/tracking-id': 'platform-tools:apiextensions.k8s.io/CustomResourceDefinition:/certificates.cert-manager.io' } });
    expect(conflicts(kindFacts({ crds: [crd(argo)] }), v)).toEqual(['crd-owned']);
  });

  it('Gateway API CRDs owned by the OpenShift ingress operator conflict with a target that installs them', () => {
    const gateway = { name: 'gateways.gateway.networking.k8s.io', group: 'gateway.networking.k8s.io', owner: ownerOf({ managedFields: [{ manager: 'ingress-operator' }] }) };
    const findings = runRules(kindFacts({ crds: [gateway] }), view('kind', 'full'));
    const finding = findings.find((f) => f.id === 'crd-owned')!;
    expect(finding.message).toBe('CRDs gateways.gateway.networking.k8s.io already exist, owned by the OpenShift ingress operator; component gateway-api would install them again (API group gateway.networking.k8s.io).');
    expect(finding.fix).toMatch(/^use target openshift, .* set install\.gatewayApi: external/);
  });

  it('ZTWIM: below 4.19 unavailable, 4.19 only tech-preview-v0.2, 4.20 stable-v1', () => {
    const v = view('openshift', 'full', { domain: 'apps.ocp.example.com' });
    expect(v.ztwimChannel).toBe('stable-v1');
    const ocpFacts = (version: string): ClusterFacts => ({ ...kindFacts(), flavor: 'openshift', olm: true, openshift: { version, appsDomain: 'apps.ocp.example.com' }, apiGroups: { ...kindFacts().apiGroups, 'route.openshift.io': ['v1'], 'security.openshift.io': ['v1'], 'operators.coreos.com': ['v1', 'v1alpha1'] } });
    const ztwim = (facts: ClusterFacts, vv: SpecView) => runRules(facts, vv).find((f) => f.id === 'ztwim-version')!;
    expect(ztwim(ocpFacts('4.18.22'), v)).toMatchObject({ severity: 'conflict', fix: 'set spire.delivery: helm, or upgrade to OpenShift 4.20.' });
    expect(ztwim(ocpFacts('4.19.9'), v)).toMatchObject({ severity: 'conflict', fix: 'set versions.ztwim-operator: tech-preview-v0.2, or upgrade to OpenShift 4.20, or set spire.delivery: helm.' });
    expect(ztwim(ocpFacts('4.19.9'), { ...v, ztwimChannel: 'tech-preview-v0.2' }).severity).toBe('ok');
    expect(ztwim(ocpFacts('4.20.1'), v).severity).toBe('ok');
    expect(runRules(ocpFacts('4.20.1'), v).filter((f) => f.severity !== 'ok')).toEqual([]);
  });

  it('target openshift on MicroShift: target mismatch and no OLM', () => {
    const micro: ClusterFacts = { ...kindFacts(), flavor: 'microshift', apiGroups: { ...kindFacts().apiGroups, 'route.openshift.io': ['v1'], 'security.openshift.io': ['v1'] } };
    const findings = runRules(micro, view('openshift', 'minimal', { domain: 'apps.example.com' }));
    expect(findings.filter((f) => f.severity === 'conflict').map((f) => f.id)).toEqual(['target-flavor', 'olm']);
    expect(findings[0]!.message).toBe('spec target openshift is written for OpenShift, but the cluster is MicroShift (it serves OpenShift Routes/SCCs but has no ClusterVersion).');
    expect(findings[0]!.fix).toMatch(/^set target: microshift/);
  });

  it('an API group nobody installs is a conflict; Argo CD missing is a warning', () => {
    const v = view('kind', 'full');
    const facts = kindFacts();
    const noGateway = { ...facts.apiGroups } as Record<string, readonly string[]>;
    delete noGateway['argoproj.io'];
    const findings = runRules({ ...facts, apiGroups: noGateway }, v);
    expect(findings.filter((f) => f.severity === 'warning').map((f) => f.id)).toEqual(['argocd-missing']);
    const oldGateway = runRules({ ...facts, apiGroups: { ...noGateway, 'gateway.networking.k8s.io': ['v1beta1'] } }, view('openshift', 'full', { domain: 'a.b' }));
    expect(oldGateway.find((f) => f.id === 'api-missing')?.message).toMatch(/gateway\.networking\.k8s\.io\/v1 \(Gateway\).*only as v1beta1/);
  });

  it('a refused read is a warning naming it, and rules needing it stay silent', () => {
    const findings = runRules(kindFacts({ storageClasses: undefined, unreadable: [{ what: 'StorageClasses (storage.k8s.io/v1)', reason: 'forbidden' }] }), view('kind', 'minimal'));
    expect(findings[0]).toMatchObject({ severity: 'warning', id: 'unreadable', message: 'cannot read StorageClasses (storage.k8s.io/v1): forbidden; the report is incomplete.' });
    expect(findings.some((f) => f.id.startsWith('storage'))).toBe(false);
  });
});

describe('preflight reader against recorded API responses', () => {
  it('reads the OpenShift 4.19 fixture into facts with read-only GETs', async () => {
    const client = await loadKubeClient();
    const { kubeConfig } = selectCluster(client, { kubeconfig: config, context: 'ocp-admin' });
    const before = ocp.requests.length;
    const facts = await readCluster(client, kubeConfig);
    expect(facts).toMatchObject({ kubernetesVersion: 'v1.32.7', flavor: 'openshift', openshift: { version: '4.19.9', appsDomain: 'apps.ocp.example.com' }, olm: true, unreadable: [] });
    expect(facts.crds?.find((c) => c.name === 'gateways.gateway.networking.k8s.io')?.owner.kind).toBe('openshift');
    expect(facts.crds?.find((c) => c.name === 'certificates.cert-manager.io')?.owner.olmPackage).toEqual({ name: 'openshift-cert-manager-operator', namespace: 'cert-manager-operator' });
    expect(facts.operators).toContainEqual({ package: 'openshift-cert-manager-operator', namespace: 'cert-manager-operator', csv: 'cert-manager-operator.v1.16.1', phase: 'Succeeded', channel: 'stable-v1', ours: false });
    expect(facts.storageClasses?.filter((c) => c.isDefault).map((c) => c.name)).toEqual(['gp3-csi']);
    const seen = ocp.requests.slice(before);
    expect(seen.every((r) => r.method === 'GET' && !/watch=/.test(r.url))).toBe(true);
    expect(seen.find((r) => r.url.startsWith('/apis/apiextensions.k8s.io/v1/customresourcedefinitions'))?.accept).toMatch(/as=PartialObjectMetadataList/);
    expect(decodeURIComponent(seen.find((r) => r.url.startsWith('/apis/operators.coreos.com/v1alpha1/clusterserviceversions'))?.url ?? '')).toContain('labelSelector=!olm.copiedFrom');
  });

  it('a server that never answers is unreachable after the per-request timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const client = await loadKubeClient();
      const { kubeConfig } = selectCluster(client, { kubeconfig: kubeconfig('silent', { silent: url }), context: 'silent' });
      await expect(readCluster(client, kubeConfig, { timeoutMs: 200 })).rejects.toThrow(`cannot reach ${url}: no answer within 0.2s`);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reads the kind fixture without asking for OpenShift or OLM objects', async () => {
    const client = await loadKubeClient();
    const { kubeConfig } = selectCluster(client, { kubeconfig: config, context: 'kind-dev' });
    const before = kind.requests.length;
    const facts = await readCluster(client, kubeConfig);
    expect(facts).toMatchObject({ kubernetesVersion: 'v1.30.13', flavor: 'kubernetes', olm: false, unreadable: [] });
    expect(facts.openshift).toBeUndefined();
    expect(facts.operators).toBeUndefined();
    expect(facts.crds?.[0]?.owner).toMatchObject({ kind: 'helm', helmRelease: { name: 'cert-manager', namespace: 'cert-manager' } });
    expect(kind.requests.slice(before).map((r) => r.url.split('?')[0]).sort()).toEqual([
      '/api/v1/namespaces',
      '/apis',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      '/apis/storage.k8s.io/v1/storageclasses',
      '/version',
    ]);
  });
});

describe('agentplane preflight', () => {
  it('OpenShift 4.19, target openshift, profile full, default domain: the conflicts, with exact ids', async () => {
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-admin', '-t', 'openshift', '-p', 'full');
    expect(code).toBe(1);
    expect(ids(json, 'conflict')).toEqual(['ztwim-version', 'operator-installed', 'apps-domain']);
    expect(ids(json, 'warning')).toEqual(['namespace-exists']);
    expect(ids(json, 'ok')).toEqual(['kubernetes-version', 'target-flavor', 'olm', 'storage-default']);
    const byId = new Map(json.findings.map((f) => [f.id, f]));
    expect(byId.get('apps-domain')).toMatchObject({ fix: 'set domain: apps.ocp.example.com.' });
    expect(byId.get('apps-domain')!.message).toMatch(/^spec domain localtest\.me is not the cluster apps domain apps\.ocp\.example\.com/);
    expect(byId.get('operator-installed')).toMatchObject({
      message: 'operator openshift-cert-manager-operator is already installed by OLM in namespace cert-manager-operator (CSV cert-manager-operator.v1.16.1, Succeeded), not by agentplane; component cert-manager would subscribe to it again in namespace cert-manager-operator (channel stable-v1).',
      fix: 'set install.certManager: external, so the platform uses the cert-manager already installed (or remove that installation first).',
    });
    expect(byId.get('namespace-exists')).toMatchObject({
      message: 'namespace cert-manager-operator already exists without app.kubernetes.io/managed-by: agentplane; component cert-manager would adopt it (labels, quotas, network policies).',
      fix: 'check nothing else runs there, or set install.certManager: external if it holds the cert-manager already installed.',
    });
  });

  it('with domain: apps.ocp.example.com the domain conflict disappears', async () => {
    const spec = specFile('ocp-domain.yaml', 'domain: apps.ocp.example.com\n');
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-admin', '-t', 'openshift', '-p', 'full', '-s', spec);
    expect(code).toBe(1);
    expect(ids(json, 'conflict')).toEqual(['ztwim-version', 'operator-installed']);
    expect(ids(json, 'ok')).toContain('apps-domain');
  });

  it('following the fixes clears every conflict: the existing cert-manager external, the apps domain, the 4.19 ZTWIM channel', async () => {
    const spec = specFile('ocp-fixed.yaml', 'domain: apps.ocp.example.com\ninstall: { certManager: external }\nversions: { ztwim-operator: tech-preview-v0.2 }\n');
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-admin', '-t', 'openshift', '-p', 'full', '-s', spec);
    expect(ids(json, 'conflict')).toEqual([]);
    expect(code).toBe(0);
    const kind = await report('--kubeconfig', config, '--context', 'kind-dev', '-t', 'kind', '-p', 'minimal', '-s', specFile('kind-fixed.yaml', 'install: { certManager: external }\n'));
    expect(ids(kind.json, 'conflict')).toEqual([]);
    expect(kind.code).toBe(0);
  });

  it('install.gatewayApi: managed on OpenShift 4.19: the ingress operator owns those CRDs', async () => {
    const spec = specFile('ocp-gw.yaml', 'domain: apps.ocp.example.com\ninstall: { certManager: external, gatewayApi: managed }\nversions: { ztwim-operator: tech-preview-v0.2 }\n');
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-admin', '-t', 'openshift', '-p', 'full', '-s', spec);
    expect(code).toBe(1);
    expect(json.findings.filter((f) => f.severity === 'conflict')).toEqual([
      expect.objectContaining({ id: 'crd-owned', message: expect.stringMatching(/owned by the OpenShift ingress operator; component gateway-api/), fix: expect.stringMatching(/^set install\.gatewayApi: external/) }),
    ]);
  });

  it('an external product the cluster does not have is a conflict (its API group is missing)', async () => {
    const spec = specFile('kind-external-istio.yaml', 'install: { certManager: external, istio: external }\nfeatures: { istio: true }\n');
    const { code, json } = await report('--kubeconfig', config, '--context', 'kind-dev', '-t', 'kind', '-p', 'minimal', '-s', spec);
    expect(code).toBe(1);
    const missing = json.findings.filter((f) => f.severity === 'conflict' && /security\.istio\.io/.test(f.message));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing[0]!.fix).toMatch(/^install\.istio is external, so .* must already be installed: install it first, or set install\.istio: managed\.$/);
  });

  it('kind v1.30 with cert-manager from Helm, target kind, profile minimal: the CRD ownership conflict', async () => {
    const { code, json } = await report('--kubeconfig', config, '--context', 'kind-dev', '-t', 'kind', '-p', 'minimal');
    expect(code).toBe(1);
    expect(ids(json, 'conflict')).toEqual(['crd-owned']);
    expect(ids(json, 'warning')).toEqual(['argocd-missing', 'namespace-exists']);
    expect(ids(json, 'ok')).toEqual(['kubernetes-version', 'target-flavor', 'olm', 'storage-default']);
    expect(json.findings[0]!.message).toBe(
      'CRDs certificaterequests.cert-manager.io, certificates.cert-manager.io, clusterissuers.cert-manager.io (+3 more) already exist, owned by Helm release cert-manager/cert-manager; component cert-manager would install them again (API groups cert-manager.io, acme.cert-manager.io).',
    );
  });

  it('a kind spec against the OpenShift cluster: target mismatch, and the ingress operator owns Gateway API', async () => {
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-admin', '-t', 'kind', '-p', 'full');
    expect(code).toBe(1);
    expect(ids(json, 'conflict')).toEqual(['target-flavor', 'crd-owned', 'crd-owned', 'apps-domain']);
    expect(json.findings[0]!.message).toBe('spec target kind is written for plain Kubernetes, but the cluster is OpenShift 4.19.9 (it serves a config.openshift.io ClusterVersion).');
    expect(json.findings.filter((f) => f.id === 'crd-owned').map((f) => f.message.replace(/^CRDs .* owned by (.*?);.*$/, '$1'))).toEqual([
      'OLM operator openshift-cert-manager-operator (namespace cert-manager-operator)',
      'the OpenShift ingress operator',
    ]);
    expect(ids(json, 'warning')).toEqual(expect.arrayContaining(['routes-capability', 'scc-capability']));
  });

  it('a 403 on one endpoint is a warning; everything else is still read', async () => {
    const { code, json } = await report('--kubeconfig', config, '--context', 'ocp-restricted', '-t', 'openshift', '-p', 'full', '-s', specFile('d.yaml', 'domain: apps.ocp.example.com\n'));
    expect(code).toBe(1);
    expect(json.findings.find((f) => f.id === 'unreadable')).toMatchObject({ severity: 'warning', message: 'cannot read StorageClasses (storage.k8s.io/v1): forbidden; the report is incomplete.' });
    expect(json.cluster.storageClasses).toBeUndefined();
    expect(json.cluster.crds?.length).toBe(13);
    expect(ids(json, 'conflict')).toEqual(['ztwim-version', 'operator-installed']);
  });

  it('an unreachable server: exit 1 with one line naming the context and server', async () => {
    const down = await serveFixtures(join(FIXTURES, 'kind'));
    await down.close();
    const file = kubeconfig('down', { 'kind-gone': down.url }, 'kind-gone');
    const r = await run('preflight', '--kubeconfig', file, '--context', 'kind-gone');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(new RegExp(`^agentplane preflight: context "kind-gone": cannot reach ${down.url.replace(/\./g, '\\.')}: .*ECONNREFUSED.*\\n$`));
    expect(r.err.split('\n').length).toBe(2);
  });

  it('without --context or --kubeconfig: usage error, exit 2, nothing read', async () => {
    const r = await run('preflight', '-t', 'kind');
    expect(r.code).toBe(2);
    expect(r.err).toBe("agentplane preflight: name the cluster with --context NAME (or pass --kubeconfig FILE whose current context is the cluster to read). See 'agentplane preflight --help'.\n");
  });

  it('--kubeconfig without a current context and no --context: usage error, exit 2', async () => {
    const r = await run('preflight', '--kubeconfig', config);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has no current context: name the cluster with --context NAME/);
  });

  it('--kubeconfig with a current context is used without --context', async () => {
    const file = kubeconfig('kind-only', { 'kind-dev': kind.url }, 'kind-dev');
    const { json } = await report('--kubeconfig', file, '-t', 'kind');
    expect(json.context).toBe('kind-dev');
  });

  it('$KUBECONFIG with several files merges them as kubectl does: first definitions win, duplicates are no error', async () => {
    // Both files define the user "reader"; the second holds the context asked for.
    const first = kubeconfig('first', { 'kind-dev': kind.url }, 'kind-dev');
    const second = kubeconfig('second', { 'ocp-admin': ocp.url });
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [first, join(tmp, 'missing'), second].join(delimiter);
    try {
      const { json, err } = await report('--context', 'ocp-admin', '-t', 'openshift');
      expect(err).toBe('');
      expect(json).toMatchObject({ context: 'ocp-admin', server: ocp.url });
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('an unknown context: exit 1 listing the contexts available', async () => {
    const r = await run('preflight', '--kubeconfig', config, '--context', 'prod');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`agentplane preflight: context "prod" is not in ${config}; contexts available: ocp-admin, kind-dev, ocp-restricted.\n`);
  });

  it('an invalid spec: exit 1 with the same error as the other commands, before the cluster is read', async () => {
    const before = kind.requests.length;
    const r = await run('preflight', '--kubeconfig', config, '--context', 'kind-dev', '-s', specFile('bad.yaml', 'domian: x\n'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^agentplane preflight: invalid platform spec .*\n {2}- domian: unknown field\. Fix: did you mean "domain"\?/);
    expect(kind.requests.length).toBe(before);
  });

  it('--json: context, server, cluster facts, findings and counts', async () => {
    const { json } = await report('--kubeconfig', config, '--context', 'kind-dev', '-t', 'kind');
    expect(Object.keys(json)).toEqual(['context', 'server', 'cluster', 'findings', 'conflicts', 'warnings']);
    expect(json).toMatchObject({ context: 'kind-dev', server: kind.url, conflicts: 1, warnings: 2 });
    expect(json.cluster).toMatchObject({ kubernetesVersion: 'v1.30.13', flavor: 'kubernetes', olm: false });
    for (const f of json.findings) expect(Object.keys(f).slice(0, 3)).toEqual(['severity', 'id', 'message']);
  });

  it('the text report: header of facts, then conflicts, warnings and ok lines with fixes', async () => {
    const r = await run('preflight', '--kubeconfig', config, '--context', 'ocp-admin', '-t', 'openshift', '-p', 'full');
    expect(r.code).toBe(1);
    const text = r.out.replace(ocp.url, 'http://127.0.0.1:PORT');
    expect(text).toMatch(/^agentplane preflight\n {2}context: {14}ocp-admin\n {2}server: {15}http:\/\/127\.0\.0\.1:PORT\n {2}kubernetes: {11}v1\.32\.7\n {2}openshift: {12}4\.19\.9\n {2}apps domain: {10}apps\.ocp\.example\.com\n {2}OLM: {18}yes\n {2}default StorageClass: gp3-csi\n\nConflicts \(3\):\n/);
    expect(text.indexOf('Conflicts (3):')).toBeLessThan(text.indexOf('Warnings (1):'));
    expect(text.indexOf('Warnings (1):')).toBeLessThan(text.indexOf('OK (4):'));
    expect(text).toMatch(/ {6}Fix: set domain: apps\.ocp\.example\.com\./);
    expect(text.trimEnd().endsWith('3 conflicts, 1 warning: fix the conflicts before applying.')).toBe(true);
  });
});
