/**
 * The catalogue of every rule the platform enforces, with a stable id, a one-line rationale and
 * a fix hint. `agentplane validate --rules` prints it; the README lists it; each rule has tests
 * both ways. Ids never change meaning; retired ids are not reused.
 *
 * - AP0xx: synthesis checks on every object before anything is written
 * - AP1xx: spec rules, checked at the boundary
 * - AP2xx: admission rules enforced in the cluster (ValidatingAdmissionPolicy, optional Kyverno)
 * - AP3xx: install-plan rules (ordering and references between components)
 */
export type RuleStage = 'synthesis' | 'spec' | 'admission' | 'plan';

export interface Rule {
  readonly id: string;
  readonly stage: RuleStage;
  readonly title: string;
  readonly rationale: string;
  readonly fix: string;
}

const rule = (id: string, stage: RuleStage, title: string, rationale: string, fix: string): Rule => ({ id, stage, title, rationale, fix });

export const SPEC_RULES = {
  readable: rule('AP100', 'spec', 'spec file readable', 'A spec that cannot be read or parsed cannot be validated.', 'pass an existing YAML or JSON file with valid syntax.'),
  knownFields: rule('AP101', 'spec', 'no unknown fields', 'A typo in a field name silently loses the setting.', 'use the field names of the JSON Schema (suggestions are given).'),
  wellFormed: rule('AP102', 'spec', 'well-formed values', 'Names, quantities, ports and types must be what Kubernetes accepts.', 'correct the value as the message says.'),
  unique: rule('AP103', 'spec', 'unique names', 'Two teams, agents, skills or calls with one name collide in the cluster.', 'give each a unique name.'),
  references: rule('AP104', 'spec', 'references resolve', 'A call, team or profile that does not exist is a dangling reference.', 'declare the target or fix the reference.'),
  pinnedImages: rule('AP105', 'spec', 'images pinned', 'Images without a tag or digest, or tagged latest, change under a running platform.', 'pin an exact tag or a digest.'),
  featureDependencies: rule('AP106', 'spec', 'feature dependencies', 'A feature that needs another one explicitly turned off cannot work.', 'turn the needed feature on or the dependent feature off.'),
  l7NeedsWaypoint: rule('AP107', 'spec', 'L7 rules need a waypoint', 'ztunnel and NetworkPolicies enforce L4 only and silently ignore methods and paths.', 'turn on the mesh with waypoints, or drop methods and paths.'),
  resourcesFit: rule('AP108', 'spec', 'resources fit the team', 'Requests above limits, limits above the LimitRange, or agents over the quota are rejected at admission, far from the cause.', 'adjust the agent resources or the team quota and limits.'),
  platformEnv: rule('AP109', 'spec', 'platform wiring untouched', 'Overriding variables the platform wires breaks identity and discovery.', 'remove the variable; the platform sets it.'),
  reservedNamespaces: rule('AP110', 'spec', 'no reserved namespaces', 'A team named like a platform or system namespace would take it over.', 'choose another team name.'),
  reservedNames: rule('AP112', 'spec', 'no reserved agent names', 'An agent named like an object the mesh creates (its waypoint) would collide with it and borrow its identity.', 'rename the agent.'),
  hostsUnderDomain: rule('AP113', 'spec', 'UI hosts under the platform domain', 'The platform gateway serves *.<domain> with one wildcard certificate; other hosts never route.', 'use a host <name>.<domain>, or change domain.'),
  meshPorts: rule('AP114', 'spec', 'no mesh-reserved ports', 'Ports 15001, 15006, 15008, 15020, 15021, 15053 and 15090 belong to the mesh data plane inside the pod.', 'choose another agent port.'),
  realmReferences: rule('AP115', 'spec', 'realm references resolve', 'A role, group or client that a realm mapping names but nobody declares fails the realm import or grants nothing.', 'declare the role or client in the same realm, or fix the name.'),
  realmClients: rule('AP116', 'spec', 'realm clients consistent', 'Public clients cannot hold credentials, service accounts or exchange tokens; browser clients need redirect URIs; token lifetimes must nest.', 'choose the client type that matches the flow, or adjust the lifetimes.'),
  shortLivedIdentity: rule('AP117', 'spec', 'short-lived workload identity', 'Long-lived SVIDs are the static credentials workload identity replaces.', 'keep jwtSvidTtl between 1m and 1h and x509SvidTtl between 10m and 24h.'),
  spireDelivery: rule('AP118', 'spec', 'SPIRE delivery available', 'The Zero Trust Workload Identity Manager is installed through OLM, which the target lacks.', 'use spire.delivery: helm, or a target with OLM.'),
  telemetryWiring: rule('AP119', 'spec', 'telemetry reaches a receiver', 'An OTLP exporter speaking HTTP to the gRPC port (or gRPC to the HTTP port, or to a receiver that does not exist) loses every span without an error.', 'let the platform wire the endpoint, or make protocol and port agree.'),
  budgetsEnforced: rule('AP120', 'spec', 'budgets are enforced', 'A token or cost budget nothing measures or alerts on is a control that silently does not exist.', 'turn on features.observability.otel and the Prometheus operator integration, and price the models a cost budget counts.'),
  buildOutput: rule('AP121', 'spec', 'builds push somewhere', 'A source build with no registry to push to never produces the image its Deployment waits for.', 'turn on features.containerRegistry, use a target with an internal registry, or set source.outputImage.'),
  toolGrants: rule('AP122', 'spec', 'tool grants resolve', 'A grant naming a tool no server declares authorizes nothing and hides a typo; grants without the gateway are not enforced.', 'grant tools the server lists in mcpGateway.servers, with features.mcpGateway on.'),
  autoInstrumentation: rule('AP125', 'spec', 'auto-instrumentation injectable and restricted', 'Injected instrumentation needs the OpenTelemetry operator and the collector, and must leave team namespaces at Pod Security restricted: Go\'s eBPF agent is a privileged root sidecar.', 'turn on features.observability.otel; instrument Go agents with the OpenTelemetry Go SDK.'),
  installModes: rule('AP124', 'spec', 'third-party installs consistent', 'A product marked off that something on needs, or external settings on a product the platform installs, would fail far from the cause (a missing CRD, a dangling endpoint).', 'mark the product managed or external (install.<product>), or turn off what needs it; give external settings only with mode external.'),
  secretsByReference: rule('AP111', 'spec', 'secrets by reference only', 'A credential written as a value ends up in Git and in every copy of the output.', 'declare it in secretEnv from a Secret, an ExternalSecret or a SealedSecret.'),
} as const satisfies Record<string, Rule>;

export const PLAN_RULES = {
  apiGroupProvided: rule('AP301', 'plan', 'API groups provided', 'A custom resource whose CRD nobody installs never applies.', 'enable the component that installs it, or declare the group as cluster-provided.'),
  dependencyOrder: rule('AP302', 'plan', 'dependencies declared', 'An object needing something a later component installs races at install time.', 'declare the component in dependsOn.'),
  uniqueObjects: rule('AP303', 'plan', 'one object, one owner', 'Two components emitting the same object fight over it.', 'emit each object once.'),
  namespaceScope: rule('AP305', 'plan', 'namespace-scoped grants only (rbac.scope: namespace)', 'Where policy engines forbid cluster-wide grants, a component that needs them fails at apply time, one object at a time.', 'mark the product external (install.<product>: external, installed by the cluster administrators) or turn the feature off.'),
  acyclic: rule('AP304', 'plan', 'no dependency cycles', 'A cycle cannot be installed in any order.', 'break the cycle.'),
} as const satisfies Record<string, Rule>;

/** Every rule of every stage, in id order. */
export async function allRules(): Promise<Rule[]> {
  const { RULES } = await import('./checks');
  const { admissionRules } = await import('./guardrails/rules');
  const { podSecurityRules } = await import('./guardrails/pod-security');
  const { pinnedSidecar } = await import('./guardrails');
  const { PINS } = await import('./pins');
  const { BRAND } = await import('./brand');
  return [...Object.values(RULES), ...Object.values(SPEC_RULES), ...admissionRules(BRAND), ...podSecurityRules(pinnedSidecar({ authbridge: PINS.authbridge.version })), ...Object.values(PLAN_RULES)]
    .map(({ id, stage, title, rationale, fix }) => ({ id, stage, title, rationale, fix }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
