/**
 * `agentplane preflight`: read a cluster (reader), compare it with the spec's synthesized output
 * (pure rules), report (render). Only the reader talks to the API server.
 */
export type { ClusterFacts, ClusterFlavor, CrdFact, NamespaceFact, OperatorFact, Owner, OwnerKind, StorageClassFact, UnreadableFact } from './facts';
export { KubeClientUnavailableError, loadKubeClient, type KubeClient } from './client';
export { ContextRequiredError, KubeconfigError, requireClusterNamed, selectCluster, type ClusterSelection } from './kubeconfig';
export { ClusterUnreachableError, readCluster, type ReadOptions } from './reader';
export { specView, type SpecView } from './spec-view';
export { PREFLIGHT_RULES, runRules, type Finding, type PreflightRule, type Severity } from './rules';
export { renderReport, reportJson, type PreflightJson } from './render';
export { ownerOf } from './ownership';
export { flavorOf } from './flavor';
