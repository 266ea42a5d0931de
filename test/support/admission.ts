/**
 * Small models of the admission chain an agent pod passes, written from upstream sources and
 * applied to the pod templates we emit (DESIGN: "Testing without a cluster"):
 *
 * 1. The pinned agent operator's webhook (rossoctl operator 0.3.0-alpha.10,
 *    operator/internal/webhook/injector/pod_mutator.go, namespace_config.go, container_builder.go;
 *    facts in ../shared/docs/REFERENCE.md): mode and egress only from the namespace ConfigMap
 *    `authbridge-runtime-config` (`config.yaml`), else `proxy-sidecar` + `enforce-redirect`;
 *    egress outside the chart's `defaults.proxy.allowedEgressEnforcement` becomes the first
 *    allowed value; `mtls.mode` unset means `permissive`, which turns SPIRE on for the pod.
 * 2. LimitRange defaulting (requests/limits for containers that set none).
 * 3. OpenShift SCC admission (mutating, before Pod Security): required dropped capabilities are
 *    added to every container, the first seccomp profile applied, UIDs validated (assigned from the
 *    range where unset).
 * 4. Pod Security admission (the documented baseline and restricted checks,
 *    kubernetes.io/docs/concepts/security/pod-security-standards).
 */
import { parse } from 'yaml';

type Obj = Record<string, any>;

export interface WebhookInput {
  /** The Deployment's pod template (metadata + spec). */
  readonly template: Obj;
  readonly namespaceLabels: Record<string, string>;
  /** `config.yaml` of the namespace's `authbridge-runtime-config`, if the ConfigMap exists. */
  readonly runtimeConfig?: string;
  /** The operator chart's `defaults` values. */
  readonly defaults: { images: Record<string, string>; proxy?: { allowedEgressEnforcement?: string[] } };
  readonly brand: string;
}

export interface Mutation {
  readonly pod: Obj;
  readonly mode: string;
  readonly egress: string;
  readonly spire: boolean;
}

const CHART_DEFAULT_ALLOWED_EGRESS = ['enforce-redirect', 'none'];

/** The webhook's mutation of one agent pod (the operator has set the type label from the AgentRuntime). */
export function mutateByWebhook(i: WebhookInput): Mutation {
  const pod = structuredClone({ metadata: i.template.metadata ?? {}, spec: i.template.spec }) as Obj;
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [`${i.brand}.io/type`]: 'agent' };
  const cfg = (i.runtimeConfig ? parse(i.runtimeConfig) : {}) as Obj;
  const injectEnabled = i.namespaceLabels[`${i.brand}-enabled`] === 'true' && pod.metadata.labels[`${i.brand}.io/inject`] !== 'disabled';
  let mode: string = cfg.mode || pod.metadata.annotations?.[`${i.brand}.io/authbridge-mode`] || 'proxy-sidecar';
  let egress: string = cfg.egressEnforcement || 'enforce-redirect';
  if (!['enforce-redirect', 'none'].includes(egress)) egress = 'enforce-redirect';
  const allowed = i.defaults.proxy?.allowedEgressEnforcement ?? CHART_DEFAULT_ALLOWED_EGRESS;
  if (!allowed.includes(egress)) egress = allowed[0]!;
  const mtls: string = cfg.mtls?.mode || 'permissive';
  const spire = pod.metadata.labels[`${i.brand}.io/spire`] !== 'disabled' || mtls !== 'disabled';
  if (!injectEnabled || mode === 'waypoint') return { pod, mode: injectEnabled ? mode : 'none', egress, spire: false };

  const app = pod.spec.containers[0];
  const first = app.ports?.[0];
  if (mode === 'proxy-sidecar' || mode === 'lite') {
    const sidecar: Obj = {
      name: 'authbridge-proxy',
      image: mode === 'lite' ? i.defaults.images.authbridgeLite : i.defaults.images.authbridge,
      // container_builder.go: no capabilities.drop, no container seccomp profile.
      securityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true, allowPrivilegeEscalation: false },
      ports: first ? [{ ...first }] : [],
      volumeMounts: [{ name: 'shared-data', mountPath: '/shared' }, ...(spire ? [{ name: 'spire-agent-socket', mountPath: '/spiffe-workload-api' }] : [])],
    };
    if (first) {
      // The agent moves to a free port and is told by PORT; the sidecar takes its port (reverse proxy).
      const moved = first.containerPort + 1;
      app.ports = [{ ...first, name: `${first.name ?? 'http'}-app`, containerPort: moved }, ...app.ports.slice(1)];
      app.env = [...(app.env ?? []).filter((e: Obj) => e.name !== 'PORT'), { name: 'PORT', value: String(moved) }];
    }
    for (const c of pod.spec.containers) c.env = [...(c.env ?? []), { name: 'HTTP_PROXY', value: 'http://127.0.0.1:15123' }, { name: 'HTTPS_PROXY', value: 'http://127.0.0.1:15123' }];
    pod.spec.containers.push(sidecar);
  }
  if (mode === 'envoy-sidecar') {
    pod.spec.containers.push({ name: 'envoy-proxy', image: i.defaults.images.envoyProxy, securityContext: { runAsUser: 1337, runAsGroup: 1337, runAsNonRoot: true, allowPrivilegeEscalation: false } });
  }
  if (mode === 'envoy-sidecar' || egress === 'enforce-redirect') {
    pod.spec.initContainers = [
      ...(pod.spec.initContainers ?? []),
      { name: 'proxy-init', image: i.defaults.images.proxyInit, securityContext: { runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } } },
    ];
  }
  pod.spec.volumes = [
    ...(pod.spec.volumes ?? []),
    { name: 'shared-data', emptyDir: {} },
    ...(spire ? [{ name: 'spire-agent-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } }, { name: 'spiffe-helper-config', configMap: { name: 'spiffe-helper-config' } }] : []),
  ];
  // With SPIRE the webhook sets the pod's fsGroup to 0 (REFERENCE).
  if (spire) pod.spec.securityContext = { ...(pod.spec.securityContext ?? {}), fsGroup: 0 };
  return { pod, mode, egress, spire };
}

/** LimitRange admission: default requests and limits for containers that set none. */
export function applyLimitRange(pod: Obj, limitRange: Obj): Obj {
  const item = limitRange.spec.limits.find((l: Obj) => l.type === 'Container');
  for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
    c.resources = { requests: { ...item.defaultRequest, ...(c.resources?.requests ?? {}) }, limits: { ...item.default, ...(c.resources?.limits ?? {}) } };
  }
  return pod;
}

/** One SCC's admission of a pod: mutates and validates; the reason when it refuses. */
export function admitBySCC(pod: Obj, scc: Obj, namespaceRange?: { min: number; max: number }): string | undefined {
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  const range = scc.runAsUser.uidRangeMin !== undefined ? { min: scc.runAsUser.uidRangeMin, max: scc.runAsUser.uidRangeMax } : namespaceRange;
  for (const c of all) {
    const sc = (c.securityContext ??= {});
    if (sc.privileged && !scc.allowPrivilegedContainer) return `${c.name}: privileged`;
    if (sc.allowPrivilegeEscalation !== false && !scc.allowPrivilegeEscalation) sc.allowPrivilegeEscalation = false;
    const add: string[] = sc.capabilities?.add ?? [];
    const forbidden = add.filter((a) => !scc.allowedCapabilities.includes(a));
    if (forbidden.length) return `${c.name}: capabilities ${forbidden.join(',')} not allowed`;
    sc.capabilities = { ...(sc.capabilities ?? {}), drop: [...new Set([...(sc.capabilities?.drop ?? []), ...scc.requiredDropCapabilities])] };
    if (scc.runAsUser.type === 'MustRunAsRange') {
      const uid = sc.runAsUser ?? pod.spec.securityContext?.runAsUser ?? range!.min;
      if (uid < range!.min || uid > range!.max) return `${c.name}: UID ${uid} outside ${range!.min}-${range!.max}`;
      sc.runAsUser = uid;
    }
  }
  if (scc.fsGroup.type === 'MustRunAs' && pod.spec.securityContext?.fsGroup !== undefined && namespaceRange) {
    const g = pod.spec.securityContext.fsGroup;
    if (g < namespaceRange.min || g > namespaceRange.max) return `fsGroup ${g} outside the namespace range`;
  }
  if (scc.seccompProfiles?.length && !pod.spec.securityContext?.seccompProfile) pod.spec.securityContext = { ...(pod.spec.securityContext ?? {}), seccompProfile: { type: 'RuntimeDefault' } };
  const volumeTypes = (pod.spec.volumes ?? []).map((v: Obj) => Object.keys(v).find((k) => k !== 'name')!);
  const badVolume = volumeTypes.find((t: string) => !scc.volumes.includes(t));
  if (badVolume) return `volume type ${badVolume} not allowed`;
  return undefined;
}

/** OpenShift's restricted-v2, as shipped (the SCC every authenticated service account may use). */
export const RESTRICTED_V2: Obj = {
  allowPrivilegedContainer: false,
  allowPrivilegeEscalation: false,
  allowedCapabilities: ['NET_BIND_SERVICE'],
  requiredDropCapabilities: ['ALL'],
  runAsUser: { type: 'MustRunAsRange' },
  fsGroup: { type: 'MustRunAs' },
  seccompProfiles: ['runtime/default'],
  volumes: ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'],
};

/** SCC selection: the first SCC (of those the service account may use) that admits the pod; mutations from it only. */
export function admitBySCCs(pod: Obj, sccs: readonly Obj[], namespaceRange: { min: number; max: number }): { pod: Obj; scc?: number; refusals: string[] } {
  const refusals: string[] = [];
  for (const [i, scc] of sccs.entries()) {
    const copy = structuredClone(pod);
    const why = admitBySCC(copy, scc, namespaceRange);
    if (!why) return { pod: copy, scc: i, refusals };
    refusals.push(why);
  }
  return { pod, refusals };
}

const BASELINE_CAPS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** Violations of a Pod Security level (empty: admitted). */
export function podSecurityViolations(pod: Obj, level: 'privileged' | 'baseline' | 'restricted'): string[] {
  if (level === 'privileged') return [];
  const v: string[] = [];
  const spec = pod.spec;
  const all: Obj[] = [...spec.containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) v.push('host namespaces');
  for (const c of all) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) v.push(`${c.name}: privileged`);
    const add: string[] = sc.capabilities?.add ?? [];
    if (add.some((a) => !BASELINE_CAPS.includes(a))) v.push(`${c.name}: capabilities beyond baseline (${add.join(',')})`);
    if ((c.ports ?? []).some((p: Obj) => p.hostPort)) v.push(`${c.name}: hostPort`);
    if (sc.seccompProfile?.type === 'Unconfined') v.push(`${c.name}: seccomp Unconfined`);
  }
  if ((spec.volumes ?? []).some((vol: Obj) => vol.hostPath)) v.push('hostPath volume');
  if (spec.securityContext?.seccompProfile?.type === 'Unconfined') v.push('pod seccomp Unconfined');
  if (level === 'baseline') return v;

  for (const vol of spec.volumes ?? []) {
    const type = Object.keys(vol).find((k) => k !== 'name')!;
    if (!RESTRICTED_VOLUMES.includes(type)) v.push(`volume type ${type}`);
  }
  const podNonRoot = spec.securityContext?.runAsNonRoot === true;
  const podSeccomp = ['RuntimeDefault', 'Localhost'].includes(spec.securityContext?.seccompProfile?.type);
  if (spec.securityContext?.runAsUser === 0) v.push('pod runAsUser 0');
  for (const c of all) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) v.push(`${c.name}: allowPrivilegeEscalation not false`);
    if (!(sc.runAsNonRoot === true || (podNonRoot && sc.runAsNonRoot !== false))) v.push(`${c.name}: runAsNonRoot`);
    if (sc.runAsUser === 0) v.push(`${c.name}: runAsUser 0`);
    if (!(['RuntimeDefault', 'Localhost'].includes(sc.seccompProfile?.type) || (podSeccomp && !sc.seccompProfile))) v.push(`${c.name}: seccomp profile`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) v.push(`${c.name}: capabilities.drop ALL`);
    if ((sc.capabilities?.add ?? []).some((a: string) => a !== 'NET_BIND_SERVICE')) v.push(`${c.name}: adds capabilities`);
  }
  return v;
}
