import { Construct } from 'constructs';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { GeneratedSecret } from './generated-secret';
import { kube } from './kube';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from './security';
import type { TargetProfile } from '../targets';

export interface PostgresProps {
  /** Name of the StatefulSet and its Service. */
  readonly name: string;
  /** Database (and user name of a generated credential). */
  readonly database: string;
  /** Name of the generated credentials Secret. */
  readonly generatedSecretName: string;
  /** Pods admitted to the database port. @default every pod of the namespace */
  readonly clients?: Readonly<Record<string, string>>;
  readonly namespace: string;
  readonly target: TargetProfile;
  /** Pinned PostgreSQL image. */
  readonly image: string;
  /** Pinned kubectl image for the credential generator. */
  readonly generatorImage: string;
  /** Existing Secret with `username` and `password`; when absent one is generated in-cluster. */
  readonly existingSecret?: string;
  readonly storage: string;
  readonly storageClassName?: string;
  readonly labels: Record<string, string>;
}

const PORT = 5432;
/** UID of the `postgres` user in the official image, used where the target does not assign UIDs. */
const POSTGRES_UID = 999;

/**
 * PostgreSQL for a platform component (Keycloak, Phoenix): a one-replica StatefulSet with a
 * persistent volume, restricted security context, credentials generated in-cluster unless an
 * existing Secret is named, and a NetworkPolicy admitting only the component's pods.
 */
export class Postgres extends Construct {
  readonly host: string;
  readonly port = PORT;
  readonly database: string;
  readonly secretName: string;
  constructor(scope: Construct, id: string, props: PostgresProps) {
    super(scope, id);
    const name = props.name;
    this.database = props.database;
    this.host = `${name}.${props.namespace}.svc`;
    const selector = { 'app.kubernetes.io/name': name };
    const labels = { ...props.labels, ...selector };
    const generated = props.existingSecret
      ? undefined
      : new GeneratedSecret(this, 'credentials', {
          namespace: props.namespace,
          secretName: props.generatedSecretName,
          fixedKeys: { username: props.database },
          randomKeys: ['password'],
          image: props.generatorImage,
          target: props.target,
          labels: props.labels,
        });
    this.secretName = props.existingSecret ?? generated!.secretName;
    const fromSecret = (key: string) => ({ secretKeyRef: { name: this.secretName, key } });

    kube<IService>(this, 'service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: props.namespace, labels },
      spec: { selector, ports: [{ name: 'postgres', port: PORT, targetPort: 'postgres' }] },
    });
    const sts = kube<IStatefulSet>(this, 'statefulset', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(props.target, { uid: POSTGRES_UID }),
            containers: [
              {
                name: 'postgres',
                image: props.image,
                ports: [{ name: 'postgres', containerPort: PORT }],
                env: [
                  { name: 'POSTGRES_DB', value: this.database },
                  { name: 'POSTGRES_USER', valueFrom: fromSecret('username') },
                  { name: 'POSTGRES_PASSWORD', valueFrom: fromSecret('password') },
                  { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
                ],
                resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                securityContext: restrictedContainerSecurityContext(true),
                readinessProbe: {
                  exec: { command: ['/bin/sh', '-c', 'pg_isready -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB"'] },
                  periodSeconds: 10,
                  timeoutSeconds: 5,
                },
                livenessProbe: { tcpSocket: { port: 'postgres' }, initialDelaySeconds: 30, periodSeconds: 20 },
                volumeMounts: [
                  { name: 'data', mountPath: '/var/lib/postgresql/data' },
                  { name: 'run', mountPath: '/var/run/postgresql' },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'run', emptyDir: { sizeLimit: '16Mi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              ...(props.storageClassName ? { storageClassName: props.storageClassName } : {}),
              resources: { requests: { storage: props.storage } },
            },
          },
        ],
      },
    });
    if (generated) sts.node.addDependency(generated);

    kube<INetworkPolicy>(this, 'network-policy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: props.namespace, labels: props.labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: props.clients ? { matchLabels: { ...props.clients } } : {} }], ports: [{ protocol: 'TCP', port: PORT }] }],
      },
    });
  }
}
