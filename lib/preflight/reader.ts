import type { ConfigurationOptions, KubeConfig, RequestContext, ResponseContext } from '@kubernetes/client-node';
import type { KubeClient } from './client';
import type { ClusterFacts, CrdFact, NamespaceFact, OperatorFact, StorageClassFact, UnreadableFact } from './facts';
import { flavorOf } from './flavor';
import { ownerOf, type OwnershipMeta } from './ownership';

/** The cluster could not be reached, or refused our credentials: nothing can be reported. */
export class ClusterUnreachableError extends Error {}

/** How the reader talks to the API server. */
export interface ReadOptions {
  /** Per-request timeout. @default 15000 */
  readonly timeoutMs?: number;
}

/** Metadata-only lists: CRDs carry their whole schema, tens of megabytes on OpenShift; only metadata is needed. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const MANAGED_BY = 'app.kubernetes.io/managed-by';

/** A metadata-bearing item of any list the reader gets. */
interface Item {
  readonly metadata?: OwnershipMeta & { readonly name?: string; readonly namespace?: string };
}

/**
 * Reads what preflight needs from the cluster of `kubeConfig`'s current context, with read-only
 * GETs. `/version` is read first: if it fails the cluster is unreachable and this throws
 * {@link ClusterUnreachableError}. Every later read that is refused (403) or fails is recorded
 * in `unreadable` and the rest is still read.
 */
export async function readCluster(client: KubeClient, kubeConfig: KubeConfig, options: ReadOptions = {}): Promise<ClusterFacts> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const unreadable: UnreadableFact[] = [];
  const server = kubeConfig.getCurrentCluster()?.server ?? '(no server)';
  const unreachable = (e: unknown) => new ClusterUnreachableError(`cannot reach ${server}: ${(e as Error).name === 'AbortError' ? `no answer within ${timeoutMs / 1000}s` : (e as Error).message}`);
  const unauthorized = () => new ClusterUnreachableError(`${server} rejected the credentials (401 Unauthorized): log in again or refresh the kubeconfig.`);
  const requestOptions = (accept?: string): ConfigurationOptions => ({
    middlewareMergeStrategy: 'append',
    middleware: [
      {
        pre: (ctx: RequestContext) => {
          ctx.setSignal(AbortSignal.timeout(timeoutMs));
          if (accept) ctx.setHeaderParam('Accept', accept);
          return new client.Observable(Promise.resolve(ctx));
        },
        post: (res: ResponseContext) => new client.Observable(Promise.resolve(res)),
      },
    ],
  });

  // Until /version answers, any failure means the cluster cannot be reached; later ones spoil one read only.
  let connected = false;
  /** Runs one read; `undefined` when refused or failed (recorded), `null` when the resource does not exist (404). */
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null | undefined> => {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof client.ApiException)) {
        if (!connected) throw unreachable(e);
        unreadable.push({ what, reason: (e as Error).message });
        return undefined;
      }
      if (e.code === 404) return null;
      if (e.code === 401) throw unauthorized();
      unreadable.push({ what, reason: e.code === 403 ? 'forbidden' : `HTTP ${e.code}` });
      return undefined;
    }
  };

  const version = await attempt('/version', () => kubeConfig.makeApiClient(client.VersionApi).getCode({}, requestOptions()));
  if (!version) throw new ClusterUnreachableError(`${server} did not answer /version: ${unreadable[0]?.reason ?? 'not found'}; is this a Kubernetes API server?`);
  connected = true;

  const custom = kubeConfig.makeApiClient(client.CustomObjectsApi);
  const groupList = await attempt('API groups (/apis)', () => kubeConfig.makeApiClient(client.ApisApi).getAPIVersions({}, requestOptions()));
  const apiGroups = groupList ? Object.fromEntries(groupList.groups.map((g) => [g.name, g.versions.map((v) => v.version)])) : undefined;
  const served = new Set(Object.keys(apiGroups ?? {}));
  // Without discovery, still ask for the OpenShift objects: a 404 answers the question too.
  const maybeOpenShift = apiGroups === undefined || served.has('config.openshift.io');
  const olm = served.has('operators.coreos.com');

  const [clusterVersion, ingress, crds, operators, storageClasses, namespaces] = await Promise.all([
    maybeOpenShift
      ? attempt('ClusterVersion version (config.openshift.io/v1)', () => custom.getClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'clusterversions', name: 'version' }, requestOptions()))
      : null,
    maybeOpenShift
      ? attempt('Ingress cluster (config.openshift.io/v1)', () => custom.getClusterCustomObject({ group: 'config.openshift.io', version: 'v1', plural: 'ingresses', name: 'cluster' }, requestOptions()))
      : null,
    attempt('CustomResourceDefinitions (apiextensions.k8s.io/v1)', () =>
      kubeConfig.makeApiClient(client.ApiextensionsV1Api).listCustomResourceDefinition({}, requestOptions(METADATA_ONLY)),
    ).then((list) => list && list.items.map(crdFact)),
    olm ? readOperators(attempt, custom, requestOptions) : undefined,
    attempt('StorageClasses (storage.k8s.io/v1)', () => kubeConfig.makeApiClient(client.StorageV1Api).listStorageClass({}, requestOptions())).then((list) => list && list.items.map(storageClassFact)),
    attempt('Namespaces (v1)', () => kubeConfig.makeApiClient(client.CoreV1Api).listNamespace({}, requestOptions(METADATA_ONLY))).then((list) => list && list.items.map(namespaceFact)),
  ]);

  // A refused ClusterVersion read (undefined) still means OpenShift: only OpenShift serves it.
  const hasClusterVersion = clusterVersion !== null && (served.has('config.openshift.io') || clusterVersion !== undefined);
  const flavor = flavorOf(served, hasClusterVersion);
  return {
    kubernetesVersion: version.gitVersion,
    flavor,
    ...(flavor === 'openshift' ? { openshift: openshiftFacts(clusterVersion, ingress) } : {}),
    ...(apiGroups ? { apiGroups } : {}),
    olm,
    ...(crds ? { crds } : {}),
    ...(operators ? { operators } : {}),
    ...(storageClasses ? { storageClasses } : {}),
    ...(namespaces ? { namespaces } : {}),
    unreadable,
  };
}

type Attempt = <T>(what: string, read: () => Promise<T>) => Promise<T | null | undefined>;

/**
 * OLM installs: Subscriptions (package, channel, installed CSV, whether ours) joined with the
 * CSVs they installed. OLM copies a global operator's CSV into every namespace, labelled
 * `olm.copiedFrom`: those copies are excluded by the label selector.
 */
async function readOperators(attempt: Attempt, custom: InstanceType<KubeClient['CustomObjectsApi']>, requestOptions: () => ConfigurationOptions): Promise<OperatorFact[] | undefined> {
  const [subs, csvs] = await Promise.all([
    attempt('Subscriptions (operators.coreos.com/v1alpha1)', () => custom.listClusterCustomObject({ group: 'operators.coreos.com', version: 'v1alpha1', plural: 'subscriptions' }, requestOptions())),
    attempt('ClusterServiceVersions (operators.coreos.com/v1alpha1)', () =>
      custom.listClusterCustomObject({ group: 'operators.coreos.com', version: 'v1alpha1', plural: 'clusterserviceversions', labelSelector: '!olm.copiedFrom' }, requestOptions()),
    ),
  ]);
  if (!subs && !csvs) return undefined;
  return operatorFacts((subs as OlmList | null | undefined)?.items ?? [], (csvs as OlmList | null | undefined)?.items ?? []);
}

interface OlmItem extends Item {
  readonly spec?: { readonly name?: string; readonly channel?: string };
  readonly status?: { readonly installedCSV?: string; readonly currentCSV?: string; readonly phase?: string };
}
interface OlmList {
  readonly items?: readonly OlmItem[];
}

/** Joins Subscriptions and CSVs into one entry per installed package and namespace. */
export function operatorFacts(subs: readonly OlmItem[], csvs: readonly OlmItem[]): OperatorFact[] {
  const csvByKey = new Map(csvs.map((c) => [`${c.metadata?.namespace}/${c.metadata?.name}`, c]));
  const out: OperatorFact[] = [];
  const covered = new Set<string>();
  for (const s of subs) {
    const ns = s.metadata?.namespace ?? '';
    const csvName = s.status?.installedCSV ?? s.status?.currentCSV;
    const csv = csvName ? csvByKey.get(`${ns}/${csvName}`) : undefined;
    if (csvName) covered.add(`${ns}/${csvName}`);
    out.push({
      package: s.spec?.name ?? s.metadata?.name ?? '',
      namespace: ns,
      ...(csvName ? { csv: csvName } : {}),
      ...(csv?.status?.phase ? { phase: csv.status.phase } : {}),
      ...(s.spec?.channel ? { channel: s.spec.channel } : {}),
      ours: ['agentplane', 'pulumi'].includes(s.metadata?.labels?.[MANAGED_BY] ?? ''),
    });
  }
  // CSVs without a Subscription (installed by hand, or the Subscription was deleted): OLM's label names the package.
  for (const c of csvs) {
    const key = `${c.metadata?.namespace}/${c.metadata?.name}`;
    const pkg = ownerOf(c.metadata ?? {}).olmPackage;
    if (covered.has(key) || !pkg) continue;
    out.push({ package: pkg.name, namespace: c.metadata?.namespace ?? '', csv: c.metadata?.name ?? '', ...(c.status?.phase ? { phase: c.status.phase } : {}), ours: false });
  }
  return out;
}

function crdFact(item: Item): CrdFact {
  const name = item.metadata?.name ?? '';
  // A CRD's name is `<plural>.<group>` (the API server enforces it), so metadata alone gives the group.
  return { name, group: name.slice(name.indexOf('.') + 1), owner: ownerOf(item.metadata ?? {}) };
}

function storageClassFact(sc: Item & { readonly provisioner?: string }): StorageClassFact {
  return { name: sc.metadata?.name ?? '', provisioner: sc.provisioner ?? '', isDefault: sc.metadata?.annotations?.[DEFAULT_CLASS] === 'true' };
}

function namespaceFact(ns: Item): NamespaceFact {
  const managedBy = ns.metadata?.labels?.[MANAGED_BY];
  return { name: ns.metadata?.name ?? '', ours: managedBy === 'agentplane' || managedBy === 'pulumi', ...(managedBy ? { managedBy } : {}) };
}

interface ClusterVersionObject {
  readonly status?: { readonly desired?: { readonly version?: string }; readonly history?: readonly { readonly state?: string; readonly version?: string }[] };
}

/** OpenShift version (the desired one, else the last completed update) and apps domain. */
function openshiftFacts(clusterVersion: unknown, ingress: unknown): { version?: string; appsDomain?: string } {
  const cv = (clusterVersion ?? {}) as ClusterVersionObject;
  const version = cv.status?.desired?.version ?? cv.status?.history?.find((h) => h.state === 'Completed')?.version;
  const appsDomain = ((ingress ?? {}) as { spec?: { domain?: string } }).spec?.domain;
  return { ...(version ? { version } : {}), ...(appsDomain ? { appsDomain } : {}) };
}
