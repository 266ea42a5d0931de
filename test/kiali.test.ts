import { describe, expect, it } from 'vitest';
import type { KubeObject, PlanUnit } from '../lib/core/plan';
import { SAMPLE_PROMETHEUS_URL } from '../lib/kiali';
import { PINS } from '../lib/pins';
import { composeSpec } from '../lib/spec/compose';
import { SpecError, type SpecIssue } from '../lib/spec/issues';
import { synth } from './support/synth';

type Obj = KubeObject & Record<string, any>;
const EXTERNAL_URL = 'http://prometheus-k8s.monitoring.svc:9090';

function kialiOf(target: string, spec?: unknown) {
  const out = synth('full', target, spec);
  const units = out.plan.units.filter((u) => u.component === 'kiali');
  const helm = units.filter((u): u is Extract<PlanUnit, { type: 'helm' }> => u.type === 'helm');
  const bundles = units.filter((u): u is Extract<PlanUnit, { type: 'manifests' }> => u.type === 'manifests');
  const objects = out.files.flatMap((f) => f.objects) as Obj[];
  const component = out.platform.components.find((c) => c.def.id === 'kiali')!;
  return { helm, bundles, objects, values: helm[0]?.release.props.values as Record<string, any> | undefined, pins: component.def.pins(out.platform.spec.target, out.platform.spec) };
}

function issues(spec: Record<string, unknown>): SpecIssue[] {
  try {
    composeSpec({ profile: 'full', spec });
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  return [];
}

describe.each(['kind', 'microshift'] as const)('Kiali on %s: the kiali-server chart', (target) => {
  it('managed Prometheus: the sample prometheus.yaml only, and Kiali pointed at its Service', () => {
    const k = kialiOf(target);
    expect(k.bundles.map((b) => b.bundle.props)).toEqual([
      expect.objectContaining({ name: 'kiali-prometheus', namespace: 'istio-system', path: 'samples/addons', layout: 'files', files: ['prometheus.yaml'], revision: PINS.istio.version }),
    ]);
    expect(k.helm.map((h) => h.release.props)).toEqual([
      expect.objectContaining({ name: 'kiali', namespace: 'istio-system', repo: 'https://kiali.org/helm-charts', chart: 'kiali-server', version: PINS['kiali-server'].version, providesApiGroups: [] }),
    ]);
    expect(SAMPLE_PROMETHEUS_URL).toBe('http://prometheus.istio-system:9090');
    expect(k.values!.external_services).toEqual({ prometheus: { url: SAMPLE_PROMETHEUS_URL }, grafana: { enabled: false }, tracing: { enabled: false } });
    expect(k.pins).toEqual(['kiali-server', 'istio']);
  });

  it('external Prometheus: nothing of Prometheus installed, Kiali reads the url given', () => {
    const k = kialiOf(target, { install: { prometheus: { mode: 'external', url: EXTERNAL_URL } } });
    expect(k.bundles).toEqual([]);
    expect(k.values!.external_services.prometheus).toEqual({ url: EXTERNAL_URL });
    expect(k.pins).toEqual(['kiali-server']);
    expect(JSON.stringify(k.objects)).not.toContain('samples/addons');
  });

  it('external Prometheus without a url: AP124 at install.prometheus.url, with the fix', () => {
    expect(issues({ target, install: { prometheus: 'external' } })).toEqual([
      expect.objectContaining({ rule: 'AP124', path: 'install.prometheus.url', message: expect.stringMatching(/is required/), fix: expect.stringMatching(/^set install\.prometheus\.url/) }),
    ]);
  });

  it('follows an external mesh into its namespace; the sample Prometheus stays fixed to istio-system', () => {
    const k = kialiOf(target, { install: { istio: { mode: 'external', namespace: 'mesh' }, prometheus: { mode: 'external', url: EXTERNAL_URL } } });
    expect(k.helm[0]!.release.props.namespace).toBe('mesh');
    const ui = target === 'microshift' ? k.objects.find((o) => o.kind === 'Ingress' && o.metadata.name === 'kiali') : k.objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'kiali');
    expect(ui!.metadata.namespace).toBe('mesh');
    expect(issues({ target, install: { istio: { mode: 'external', namespace: 'mesh' } } })).toEqual([
      expect.objectContaining({ rule: 'AP124', path: 'install.prometheus', message: expect.stringMatching(/fixed to namespace istio-system/), fix: expect.stringMatching(/mode: external, url/) }),
    ]);
  });

  it('refuses no Prometheus at all while Kiali is on', () => {
    expect(issues({ target, install: { prometheus: 'off' } })).toContainEqual(expect.objectContaining({ path: 'install.prometheus', message: expect.stringMatching(/features\.kiali/) }));
  });

  it('runs the Kiali pod restricted, with requests and limits and a pinned image', () => {
    const d = kialiOf(target).values!.deployment;
    // The chart's deployment sets no pod securityContext and renders security_context whole as the
    // container's: the container context alone must satisfy restricted, without a fixed UID.
    expect(d.security_context).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(d.security_context).not.toHaveProperty('runAsUser');
    expect(d.security_context.capabilities).not.toHaveProperty('add');
    expect(d.resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    // The image is the chart's appVersion; nothing overrides it with a moving tag.
    expect(d).not.toHaveProperty('image_version');
    expect(JSON.stringify(kialiOf(target).values)).not.toMatch(/latest/);
  });

  it('serves the UI the platform publishes, anonymous but view-only', () => {
    const k = kialiOf(target);
    expect(k.values).toMatchObject({ auth: { strategy: 'anonymous' }, deployment: { view_only_mode: true, ingress: { enabled: false } }, server: { web_root: '/kiali' }, identity: { cert_file: '', private_key_file: '' } });
    // A fixed, deliberately invalid signing key: the chart would otherwise render a random one each time.
    expect([16, 24, 32]).not.toContain(k.values!.login_token.signing_key.length);
    const backend = target === 'microshift'
      ? k.objects.find((o) => o.kind === 'Ingress' && o.metadata.name === 'kiali')!.spec.rules[0].http.paths[0].backend.service
      : k.objects.find((o) => o.kind === 'HTTPRoute' && o.metadata.name === 'kiali')!.spec.rules[0].backendRefs[0];
    // The chart's Service: instance_name `kiali`, server.port 20001.
    expect(backend).toMatchObject(target === 'microshift' ? { name: 'kiali', port: { number: 20001 } } : { name: 'kiali', port: 20001 });
  });
});

describe('Kiali on OpenShift', () => {
  it('is unchanged: the Kiali operator and a Kiali reading cluster monitoring', () => {
    const k = kialiOf('openshift');
    expect(k.helm).toEqual([]);
    expect(k.bundles).toEqual([]);
    expect(k.objects.find((o) => o.kind === 'Subscription' && o.spec.name === 'kiali-ossm')).toBeDefined();
    expect(k.objects.find((o) => o.kind === 'Kiali')!.spec.external_services.prometheus.url).toBe('https://thanos-querier.openshift-monitoring.svc.cluster.local:9091');
    expect(k.pins).toEqual(['kiali-ossm']);
  });
});
