import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeClient } from './client';

/** The kubeconfig or context cannot be used: one clear line, exit 1. */
export class KubeconfigError extends Error {}

/** Neither --context nor a --kubeconfig with a current context: a usage error, exit 2. */
export class ContextRequiredError extends Error {}

/** The kubeconfig with the chosen context current, and what the report names it by. */
export interface ClusterSelection {
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly server: string;
}

/** Kubeconfig files in kubectl's order: --kubeconfig, else $KUBECONFIG (a path list), else ~/.kube/config. */
export function kubeconfigFiles(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (flag) return [flag];
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/**
 * Fails fast, before any file is read, when the cluster is not named. The ambient current
 * context of a shared kubeconfig is never used silently: a preflight of the wrong cluster
 * would look like a clean bill of health. A --kubeconfig file names its cluster on purpose.
 */
export function requireClusterNamed(flags: { readonly context?: string; readonly kubeconfig?: string }): void {
  if (flags.context === undefined && flags.kubeconfig === undefined) {
    throw new ContextRequiredError('name the cluster with --context NAME (or pass --kubeconfig FILE whose current context is the cluster to read).');
  }
}

/**
 * Loads the kubeconfig and selects the context. Never falls back to in-cluster or localhost
 * configuration (unlike `loadFromDefault`).
 */
export function selectCluster(client: KubeClient, flags: { readonly context?: string; readonly kubeconfig?: string }): ClusterSelection {
  requireClusterNamed(flags);
  const files = kubeconfigFiles(flags.kubeconfig);
  const kc = new client.KubeConfig();
  // Like kubectl: missing files in a $KUBECONFIG list are skipped, and the first definition of a
  // cluster, user or context and the first current context win (later duplicates are ignored).
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0) throw new KubeconfigError(`kubeconfig ${files.join(delimiter)} does not exist; pass --kubeconfig FILE.`);
  const merged = { clusters: [] as KubeConfig['clusters'], users: [] as KubeConfig['users'], contexts: [] as KubeConfig['contexts'], currentContext: '' };
  const firstWins = <T extends { readonly name: string }>(into: T[], from: readonly T[]) => {
    for (const x of from) if (!into.some((y) => y.name === x.name)) into.push(x);
  };
  for (const file of present) {
    const one = new client.KubeConfig();
    try {
      one.loadFromFile(file);
    } catch (e) {
      throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(e as Error).message}`);
    }
    firstWins(merged.clusters, one.clusters);
    firstWins(merged.users, one.users);
    firstWins(merged.contexts, one.contexts);
    merged.currentContext ||= one.getCurrentContext() ?? '';
  }
  kc.loadFromOptions(merged);
  const names = kc.getContexts().map((c) => c.name);
  const context = flags.context ?? kc.getCurrentContext();
  if (!context) throw new ContextRequiredError(`${files.join(delimiter)} has no current context: name the cluster with --context NAME.`);
  const ctx = kc.getContextObject(context);
  if (!ctx) {
    throw new KubeconfigError(`context "${context}" is not in ${files.join(delimiter)}; contexts available: ${names.length ? names.join(', ') : '(none)'}.`);
  }
  kc.setCurrentContext(context);
  const server = kc.getCluster(ctx.cluster)?.server;
  if (!server) throw new KubeconfigError(`context "${context}" names cluster "${ctx.cluster}", which has no server in ${files.join(delimiter)}.`);
  return { kubeConfig: kc, context, server };
}
