import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { TargetProfile } from '../targets';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';

export interface GeneratedSecretProps {
  readonly namespace: string;
  /** Name of the Secret to create when absent. */
  readonly secretName: string;
  /** Fixed, non-secret keys (e.g. a user name). */
  readonly fixedKeys: Readonly<Record<string, string>>;
  /** Keys that receive a fresh random value at creation: 32 alphanumerics with a lower-case letter and a digit. */
  readonly randomKeys: readonly string[];
  /** Pinned image with a POSIX shell and kubectl. */
  readonly image: string;
  readonly target: TargetProfile;
  readonly labels: Record<string, string>;
}

/**
 * A credential generated inside the cluster, once: a Job creates the Secret if it does not
 * exist and never touches an existing one. No value ever appears in Git, in synthesized output
 * or in Pulumi state; rotating means deleting the Secret and re-running the Job.
 */
export class GeneratedSecret extends Construct {
  readonly secretName: string;
  readonly job: ApiObject;
  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.secretName = props.secretName;
    const name = `${props.secretName}-generator`;
    const meta = { name, namespace: props.namespace, labels: props.labels };
    const sa = new ApiObject(this, 'service-account', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta,
      automountServiceAccountToken: false,
    });
    const role = new ApiObject(this, 'role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta,
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      ],
    });
    const binding = new ApiObject(this, 'role-binding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: props.namespace }],
    });
    const literals = [
      ...Object.entries(props.fixedKeys).map(([k, v]) => `--from-literal=${k}=${v}`),
      ...props.randomKeys.map((k) => `--from-literal=${k}="$(rand)"`),
    ].join(' ');
    const script = [
      'set -eu',
      `if kubectl get secret ${props.secretName} >/dev/null 2>&1; then echo "secret ${props.secretName} exists; leaving it unchanged"; exit 0; fi`,
      // 32 alphanumerics with at least one lower-case letter and one digit (Phoenix, for one, requires both).
      "rand() { while :; do v=$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32); case \"$v\" in *[a-z]*[0-9]*|*[0-9]*[a-z]*) printf %s \"$v\"; return;; esac; done; }",
      `kubectl create secret generic ${props.secretName} ${literals}`,
    ].join('\n');
    this.job = kubectlJob(this, {
      meta,
      container: 'generate',
      script,
      image: props.image,
      target: props.target,
      env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
      tmp: { sizeLimit: '16Mi' },
    });
    this.job.node.addDependency(sa, role, binding);
  }
}

export interface CopiedSecretProps {
  /** Namespace and name of the source Secret (created by a {@link GeneratedSecret}); the Job runs there. */
  readonly sourceNamespace: string;
  readonly secretName: string;
  /** Namespace receiving the copy (it must exist when the Job runs: a namespace the platform creates). */
  readonly namespace: string;
  /** Keys to copy. */
  readonly keys: readonly string[];
  readonly image: string;
  readonly target: TargetProfile;
  readonly labels: Record<string, string>;
}

/**
 * A copy of a generated Secret in the namespace of the workload that uses it, made once inside
 * the cluster by a Job in the source namespace that may read exactly that one Secret and write
 * Secrets only in the target namespace. The value never leaves the cluster, and the target
 * namespace's default-deny egress needs no exception.
 */
export class CopiedSecret extends Construct {
  constructor(scope: Construct, id: string, props: CopiedSecretProps) {
    super(scope, id);
    const name = `${props.secretName}-copy-${props.namespace}`.slice(0, 63).replace(/-$/, '');
    const meta = { name, namespace: props.sourceNamespace, labels: props.labels };
    const sa = new ApiObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: false });
    const subjects = [{ kind: 'ServiceAccount', name, namespace: props.sourceNamespace }];
    const rbac = [
      { ns: props.sourceNamespace, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get'] }] },
      { ns: props.namespace, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [props.secretName], verbs: ['get'] }, { apiGroups: [''], resources: ['secrets'], verbs: ['create'] }] },
    ].flatMap(({ ns, rules }, i) => {
      const m = { name, namespace: ns, labels: props.labels };
      const role = new ApiObject(this, `role-${i}`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: m, rules });
      const binding = new ApiObject(this, `role-binding-${i}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: m,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects,
      });
      return [role, binding];
    });
    const script = [
      'set -eu',
      `if kubectl -n ${props.namespace} get secret ${props.secretName} >/dev/null 2>&1; then echo "secret ${props.namespace}/${props.secretName} exists; leaving it unchanged"; exit 0; fi`,
      // One file per key in a memory-backed folder: `--from-file=<folder>` names the keys after the files.
      'mkdir -p /tmp/keys',
      ...props.keys.map((k) => `kubectl get secret ${props.secretName} -o go-template='{{index .data "${k}" | base64decode}}' > /tmp/keys/${k}`),
      `kubectl -n ${props.namespace} create secret generic ${props.secretName} --from-file=/tmp/keys`,
      'rm -rf /tmp/keys',
    ].join('\n');
    const job = kubectlJob(this, { meta, container: 'copy', script, image: props.image, target: props.target, env: [], tmp: { medium: 'Memory', sizeLimit: '1Mi' } });
    job.node.addDependency(sa, ...rbac);
  }
}

interface KubectlJobProps {
  readonly meta: { name: string; namespace: string; labels: Record<string, string> };
  readonly container: string;
  readonly script: string;
  readonly image: string;
  readonly target: TargetProfile;
  readonly env: readonly Record<string, unknown>[];
  /** The writable /tmp volume. */
  readonly tmp: Record<string, unknown>;
}

/**
 * A restricted Job running a kubectl script under the service account named like the Job.
 * Jobs are immutable: as an Argo CD Sync hook it is recreated on each sync instead of failing the
 * sync after an image bump; the scripts are idempotent (existing Secrets are kept).
 */
function kubectlJob(scope: Construct, p: KubectlJobProps): ApiObject {
  return new ApiObject(scope, 'job', {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { ...p.meta, annotations: { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } },
    spec: {
      backoffLimit: 6,
      template: {
        metadata: { labels: p.meta.labels },
        spec: {
          serviceAccountName: p.meta.name,
          automountServiceAccountToken: true,
          restartPolicy: 'OnFailure',
          securityContext: restrictedPodSecurityContext(p.target),
          containers: [
            {
              name: p.container,
              image: p.image,
              command: ['/bin/sh', '-c', p.script],
              env: [{ name: 'HOME', value: '/tmp' }, ...p.env],
              resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
              securityContext: restrictedContainerSecurityContext(true),
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
          ],
          volumes: [{ name: 'tmp', emptyDir: p.tmp }],
        },
      },
    },
  });
}
