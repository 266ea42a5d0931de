/** The in-cluster registry (features.containerRegistry): one place for its namespace and address. */
export const REGISTRY_NAMESPACE = 'cr-system';
export const REGISTRY_SERVICE = 'registry';
export const REGISTRY_PORT = 5000;
/** What builds push to and pods pull from (nodes need a mirror for it on kind: see the README). */
export const REGISTRY_HOST = `${REGISTRY_SERVICE}.${REGISTRY_NAMESPACE}.svc.cluster.local:${REGISTRY_PORT}`;
