/** The Kubernetes client module, loaded only when `preflight` runs. */
export type KubeClient = typeof import('@kubernetes/client-node');

/** This Node.js cannot load the client: one clear line, exit 1. */
export class KubeClientUnavailableError extends Error {}

/**
 * Loads @kubernetes/client-node. It is an ES module; our CommonJS build turns `import()` into
 * `require()`, which loads ES modules from Node 20.19 / 22.12 on (no top-level await in it).
 */
export async function loadKubeClient(): Promise<KubeClient> {
  try {
    return await import('@kubernetes/client-node');
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_REQUIRE_ESM') {
      throw new KubeClientUnavailableError(`preflight needs Node.js 20.19 or later (it loads the ES module @kubernetes/client-node); this is ${process.version}.`);
    }
    throw e;
  }
}
