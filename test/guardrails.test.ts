import { evaluate } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import { BRAND } from '../lib/brand';
import { admissionRules } from '../lib/guardrails/rules';
import { pinnedSidecar } from '../lib/guardrails';
import { podSecurityRules } from '../lib/guardrails/pod-security';
import { PINS } from '../lib/pins';
import { synth } from './support/synth';

/**
 * The admission rules are CEL; a CEL interpreter evaluates each one on a compliant pod (must
 * pass) and on a pod violating exactly that rule (must fail), so every rule is tested both ways.
 */
const rules = admissionRules(BRAND);
const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
/** Every admission rule emitted: the configurable ones, then the always-denying pod-security rules. */
const allRules = [...rules, ...podSecurityRules(pinnedSidecar({ authbridge: PINS.authbridge.version }))];

function compliantPod(): Record<string, any> {
  return {
    metadata: { labels: { [BRAND.typeLabel]: 'agent', 'app.kubernetes.io/name': 'a' }, annotations: {} },
    spec: {
      serviceAccountName: 'a',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'agent',
          image: 'ghcr.io/o/a:1.0.0',
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    },
  };
}

const VIOLATIONS: [string, string, (p: Record<string, any>) => void][] = [
  ['AP201', 'no agent label', (p) => delete p.metadata.labels[BRAND.typeLabel]],
  ['AP201', 'no labels at all', (p) => delete p.metadata.labels],
  ['AP202', 'default service account', (p) => (p.spec.serviceAccountName = 'default')],
  ['AP202', 'no service account', (p) => delete p.spec.serviceAccountName],
  ['AP203', 'may run as root', (p) => delete p.spec.securityContext.runAsNonRoot],
  ['AP203', 'a container overrides runAsNonRoot to false', (p) => (p.spec.containers[0].securityContext.runAsNonRoot = false)],
  ['AP204', 'writable root filesystem', (p) => (p.spec.containers[0].securityContext.readOnlyRootFilesystem = false)],
  ['AP204', 'writable root in a renamed container', (p) => ((p.spec.containers[0].name = 'main'), (p.spec.containers[0].securityContext.readOnlyRootFilesystem = false))],
  ['AP205', 'no memory limit', (p) => delete p.spec.containers[0].resources.limits.memory],
  ['AP205', 'init container without resources', (p) => (p.spec.initContainers = [{ name: 'init', image: 'ghcr.io/o/i:1', securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } }])],
  ['AP206', 'latest tag', (p) => (p.spec.containers[0].image = 'ghcr.io/o/a:latest')],
  ['AP206', 'no tag (registry with a port)', (p) => (p.spec.containers[0].image = 'registry.local:5000/o/a')],
  ['AP207', 'host network', (p) => (p.spec.hostNetwork = true)],
  ['AP207', 'host PID', (p) => (p.spec.hostPID = true)],
  ['AP208', 'hostPath volume', (p) => p.spec.volumes.push({ name: 'h', hostPath: { path: '/' } })],
  ['AP209', 'privilege escalation allowed', (p) => (p.spec.containers[0].securityContext.allowPrivilegeEscalation = true)],
  ['AP209', 'privileged', (p) => (p.spec.containers[0].securityContext.privileged = true)],
  ['AP209', 'escalating ephemeral debug container', (p) => (p.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox:1.36', securityContext: { allowPrivilegeEscalation: true } }])],
  ['AP210', 'a pod borrowing the waypoint service account', (p) => (p.spec.serviceAccountName = 'waypoint')],
  ['AP210', 'a pod borrowing the waypoint label', (p) => (p.metadata.labels['gateway.networking.k8s.io/gateway-name'] = 'waypoint')],
];

const REPLICASET_CONTROLLER = 'system:serviceaccount:kube-system:replicaset-controller';
const passes = (id: string, pod: unknown, username = REPLICASET_CONTROLLER) => evaluate(byId[id]!.expression, { object: pod, request: { userInfo: { username } } }) === true;

describe('admission rules (CEL), each both ways', () => {
  it('has a violation case for every admission rule', () => {
    expect(new Set([...VIOLATIONS.map(([id]) => id), 'AP211'])).toEqual(new Set(rules.map((r) => r.id)));
  });

  it('AP211: only istiod (and the deployment controller) create waypoint workloads', () => {
    const deployment = (sa: string, labels: Record<string, string> = {}) => ({ spec: { template: { metadata: { labels }, spec: { serviceAccountName: sa } } } });
    const ok = (obj: unknown, user: string) => evaluate(byId.AP211!.expression, { object: obj, request: { userInfo: { username: user } } }) === true;
    expect(ok(deployment('waypoint'), 'system:serviceaccount:istio-system:istiod')).toBe(true);
    expect(ok(deployment('waypoint'), 'system:serviceaccount:kube-system:deployment-controller')).toBe(true);
    expect(ok(deployment('waypoint'), 'alice')).toBe(false);
    expect(ok(deployment('a', { 'gateway.networking.k8s.io/gateway-name': 'waypoint' }), 'alice')).toBe(false);
    expect(ok(deployment('a', { app: 'a' }), 'alice')).toBe(true);
  });

  it('AP210: waypoint pods from the ReplicaSet controller pass', () => {
    const pod = compliantPod();
    pod.spec.serviceAccountName = 'waypoint';
    expect(passes('AP210', pod, REPLICASET_CONTROLLER)).toBe(true);
    expect(passes('AP210', compliantPod(), 'alice')).toBe(true);
  });

  it.each(rules.filter((r) => r.on === 'pods').map((r) => r.id))('%s passes a compliant agent pod', (id) => {
    expect(passes(id, compliantPod())).toBe(true);
  });

  it.each(VIOLATIONS)('%s rejects: %s', (id, _name, mutate) => {
    const pod = compliantPod();
    mutate(pod);
    expect(passes(id, pod, id === 'AP210' ? 'alice' : REPLICASET_CONTROLLER)).toBe(false);
    // ...and only that rule: every other rule still passes (except where one change breaks two).
    const others = rules.filter((r) => r.on === 'pods' && r.id !== id && !(id === 'AP205' && r.id === 'AP209') && !(id === 'AP210' && r.id === 'AP202'));
    for (const r of others) expect(passes(r.id, pod), `${r.id} on "${_name}"`).toBe(true);
  });

  it('accepts pinned digests, waypoint pods and declared writable roots', () => {
    const digest = compliantPod();
    digest.spec.containers[0].image = `ghcr.io/o/a@sha256:${'a'.repeat(64)}`;
    expect(passes('AP206', digest)).toBe(true);
    const waypoint = compliantPod();
    waypoint.metadata.labels = { 'gateway.networking.k8s.io/gateway-name': 'waypoint' };
    expect(passes('AP201', waypoint)).toBe(true);
    const writable = compliantPod();
    writable.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
    writable.metadata.annotations['agentplane.dev/writable-root'] = 'true';
    expect(passes('AP204', writable)).toBe(true);
  });

  it('admits the agent pods the platform itself emits', () => {
    const objects = synth('minimal', 'kind', {
      teams: [{ name: 'team1' }],
      agents: [
        { name: 'a', team: 'team1', image: 'ghcr.io/o/a:1.0' },
        { name: 'b', team: 'team1', image: 'ghcr.io/o/b:1.0', readOnlyRootFilesystem: false },
      ],
    }).files.flatMap((f) => f.objects);
    const pods = objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'team1');
    expect(pods).toHaveLength(2);
    for (const d of pods) {
      const template = (d.spec as { template: Record<string, any> }).template;
      // The operator adds the type label from the AgentRuntime; simulate it.
      const pod = { metadata: { ...template.metadata, labels: { ...template.metadata.labels, [BRAND.typeLabel]: 'agent' } }, spec: template.spec };
      for (const r of rules.filter((x) => x.on === 'pods')) expect(passes(r.id, pod), `${r.id} on ${d.metadata.name}`).toBe(true);
    }
  });
});

describe('emitted admission policies', () => {
  const objects = synth('minimal', 'kind', { guardrails: { kyverno: true } }).files.flatMap((f) => f.objects);

  it('binds the ValidatingAdmissionPolicies holding every rule to the team namespaces, denying', () => {
    const vaps = objects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    expect(vaps.map((v) => v.metadata.name)).toEqual(['agentplane-agent-pods', 'agentplane-waypoint-workloads', 'agentplane-pod-security']);
    const validations = vaps.flatMap((v) => (v.spec as { validations: { expression: string; message: string }[] }).validations);
    expect(validations.map((v) => v.message.slice(0, 5))).toEqual(allRules.map((r) => r.id));
    const vap = vaps[0]!;
    expect((vap.spec as { matchConstraints: { resourceRules: { resources: string[]; operations: string[] }[] } }).matchConstraints.resourceRules[0]).toMatchObject({ resources: ['pods', 'pods/ephemeralcontainers'], operations: ['CREATE', 'UPDATE'] });
    const binding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding')!;
    expect(binding.spec).toEqual({
      policyName: vap.metadata.name,
      validationActions: ['Deny'],
      matchResources: { namespaceSelector: { matchExpressions: [{ key: 'agentplane.dev/team', operator: 'Exists' }] } },
    });
  });

  it('renders the same CEL as a Kyverno ClusterPolicy when asked', () => {
    const kyverno = objects.find((o) => o.kind === 'ClusterPolicy')!;
    const exprs = (kyverno.spec as { rules: { validate: { cel: { expressions: { expression: string }[] } } }[] }).rules.map((r) => r.validate.cel.expressions[0]!.expression);
    expect(exprs).toEqual(allRules.map((r) => r.expression));
  });

  it('warns instead of denying when asked', () => {
    const warn = synth('minimal', 'kind', { guardrails: { admission: 'Warn' } }).files.flatMap((f) => f.objects);
    expect((warn.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding')[1]!.spec as { validationActions: string[] }).validationActions).toEqual(['Warn', 'Audit']);
    expect(warn.some((o) => o.kind === 'ClusterPolicy')).toBe(false);
  });
});
