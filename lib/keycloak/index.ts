import type { Construct } from 'constructs';
import { defineComponent, type BuildContext, type UiRoute } from '../core/component';
import { commonLabels } from '../core/labels';
import { kube } from '../core/kube';
import { OlmSubscription } from '../core/olm';
import { restrictedNamespace } from '../core/namespace';
import { restrictedPodTemplatePatch } from '../core/security';
import { ManifestBundle } from '../core/upstream';
import { PINS } from '../pins';
import { Postgres } from '../core/postgres';
import { KEYCLOAK_CR_NAME, KEYCLOAK_NAMESPACE, type KeycloakCr, type KeycloakRealmImportCr } from './model';
import { GeneratedSecret } from '../core/generated-secret';
import { declaredRealm, platformRealm, type BuiltRealm, type GeneratedClientSecret } from './realm';

/** What Keycloak offers other components. */
export interface KeycloakExports {
  readonly namespace: string;
  /** In-cluster Service of the Keycloak pods (created by the operator). */
  readonly serviceName: string;
  readonly port: number;
  /** In-cluster base URL, for back-channel calls (token endpoint). */
  readonly internalUrl: string;
  /** Public base URL (issuer host of tokens). */
  readonly publicUrl: string;
  /** The platform realm's name. */
  readonly realm: string;
  /** Issuer of platform-realm tokens. */
  readonly issuerUrl: string;
  /** Token endpoint reachable from inside the cluster. */
  readonly tokenUrl: string;
  /** Secret (in `namespace`) with the admin credentials; only ever referenced. */
  readonly adminSecret: string;
  /** The console and login pages, for the platform ingress. */
  readonly ui: UiRoute;
  /** Client secrets generated in the cluster for clients that cannot use a JWT-SVID. */
  readonly clientSecrets: readonly GeneratedClientSecret[];
}

const NAMESPACE = KEYCLOAK_NAMESPACE;
const CR_NAME = KEYCLOAK_CR_NAME;
/** The operator generates `<cr>-initial-admin`; the agent operator reads this name. */
const ADMIN_SECRET = `${CR_NAME}-initial-admin`;
const API_GROUP = 'k8s.keycloak.org';
/** Keycloak features the pinned agent operator relies on (REFERENCE: agent operator contract). */
const FEATURES = ['token-exchange', 'admin-fine-grained-authz:v1', 'client-auth-federated:v1', 'spiffe:v1'];

export const keycloak = defineComponent({
  id: 'keycloak',
  title: 'Keycloak (identity provider, platform realm)',
  toggles: [],
  // External: a Keycloak managed by the Keycloak operator already runs; the platform imports
  // its realms into it (and generates client secrets beside it), so build() reads the mode.
  install: 'keycloak',
  dependsOn: [],
  // SPIRE first: the realms' SPIFFE identity provider reads its keys (REFERENCE install order).
  optionalDependsOn: ['spire'],
  pins: (t, spec) => (spec.install.keycloak.mode === 'external' ? ['kubectl'] : t.keycloakOperator === 'olm' ? ['rhbk-operator', 'postgres', 'kubectl'] : ['keycloak-operator', 'keycloak', 'postgres', 'kubectl']),
  delivery: (t, spec) =>
    spec.install.keycloak.mode === 'external'
      ? `KeycloakRealmImport resources into the existing Keycloak ${spec.install.keycloak.namespace}/${spec.install.keycloak.instance} (install.keycloak: external)`
      : t.keycloakOperator === 'olm'
      ? 'Red Hat build of Keycloak operator via OLM; Keycloak + KeycloakRealmImport resources; PostgreSQL StatefulSet'
      : 'upstream Keycloak operator release manifests; Keycloak + KeycloakRealmImport resources; PostgreSQL StatefulSet',
  namespaces: (spec) => (spec.install.keycloak.mode === 'external' ? [] : [NAMESPACE]),
  build(scope, ctx) {
    const { spec, target, names } = ctx;
    const labels = commonLabels('keycloak');
    const publicUrl = `https://${spec.keycloak.hostname}`;
    const external = spec.install.keycloak.mode === 'external';
    // The install entry defaults to the platform's own names, so both modes read it.
    const { namespace, instance: crName } = spec.install.keycloak;
    // The Keycloak operator names the Service `<cr>-service` and the admin Secret `<cr>-initial-admin`.
    const internalUrl = `http://${crName}-service.${namespace}.svc:8080`;
    const exports = (clientSecrets: readonly GeneratedClientSecret[]): KeycloakExports => ({
      namespace,
      serviceName: `${crName}-service`,
      port: 8080,
      internalUrl,
      publicUrl,
      realm: names.realm,
      issuerUrl: `${publicUrl}/realms/${names.realm}`,
      tokenUrl: `${internalUrl}/realms/${names.realm}/protocol/openid-connect/token`,
      adminSecret: `${crName}-initial-admin`,
      ui: { host: spec.keycloak.hostname, namespace, service: `${crName}-service`, port: 8080 },
      clientSecrets,
    });
    if (external) {
      const secrets = importRealms(scope, ctx, { namespace, crName, publicUrl, labels, after: [] });
      return exports(secrets);
    }

    const ns = restrictedNamespace(scope, 'namespace', { name: NAMESPACE, target, labels });

    const operator =
      target.keycloakOperator === 'olm'
        ? new OlmSubscription(scope, 'operator', {
            packageName: 'rhbk-operator',
            channel: spec.versions['rhbk-operator'],
            namespace: NAMESPACE,
            providesApiGroups: [API_GROUP],
            labels,
          })
        : new ManifestBundle(scope, 'operator', {
            name: 'keycloak-operator',
            namespace: NAMESPACE,
            gitRepo: `${PINS['keycloak-operator'].source}.git`,
            revision: spec.versions['keycloak-operator'],
            path: 'kubernetes',
            layout: 'kustomize',
            providesApiGroups: [API_GROUP],
            argoNamespace: spec.gitops.argoNamespace,
            argoProject: spec.gitops.project,
            labels,
            // Upstream's operator Deployment declares no security context; the namespace enforces
            // Pod Security `restricted`, so the platform adds it.
            patches: [
              {
                target: { kind: 'Deployment', name: 'keycloak-operator' },
                patch: {
                  apiVersion: 'apps/v1',
                  spec: {
                    template: { spec: restrictedPodTemplatePatch('keycloak-operator') },
                  },
                },
              },
            ],
          });
    operator.node.addDependency(ns);

    // Keycloak and the operator's realm-import Jobs connect: every pod of the namespace.
    const db = new Postgres(scope, 'database', {
      name: 'keycloak-postgres',
      database: 'keycloak',
      generatedSecretName: 'keycloak-db',
      namespace: NAMESPACE,
      target,
      image: `${PINS.postgres.source}:${spec.versions.postgres}`,
      generatorImage: `${PINS.kubectl.source}:${spec.versions.kubectl}`,
      existingSecret: spec.keycloak.database.credentialsSecret,
      storage: spec.keycloak.database.storage,
      storageClassName: spec.keycloak.database.storageClassName,
      labels,
    });
    db.node.addDependency(ns);

    const instance = kube<KeycloakCr>(scope, 'instance', {
      apiVersion: 'k8s.keycloak.org/v2alpha1',
      kind: 'Keycloak',
      metadata: { name: CR_NAME, namespace: NAMESPACE, labels },
      spec: {
        instances: spec.keycloak.instances,
        ...(target.pinKeycloakImage ? { image: `${PINS.keycloak.source}:${spec.versions.keycloak}` } : {}),
        db: {
          vendor: 'postgres',
          host: db.host,
          port: db.port,
          database: db.database,
          usernameSecret: { name: db.secretName, key: 'username' },
          passwordSecret: { name: db.secretName, key: 'password' },
        },
        // TLS terminates at the platform ingress (Route / Gateway); in-cluster traffic is
        // plain HTTP inside the namespace policy (and mTLS once the mesh is on).
        http: { httpEnabled: true },
        hostname: { hostname: publicUrl, backchannelDynamic: true },
        proxy: { headers: 'xforwarded' },
        features: { enabled: FEATURES },
        // Where the cluster router turns Ingresses into Routes (OpenShift, MicroShift), the
        // operator's Ingress publishes Keycloak with edge TLS; elsewhere the platform gateway will.
        ingress: target.routes
          ? { enabled: true, annotations: { 'route.openshift.io/termination': 'edge' } }
          : { enabled: false },
        networkPolicy: { enabled: true },
        ...(spec.keycloak.adminCredentials === 'existing' ? { bootstrapAdmin: { user: { secret: ADMIN_SECRET } } } : {}),
        resources: {
          requests: { cpu: spec.keycloak.resources.requests.cpu, memory: spec.keycloak.resources.requests.memory },
          limits: { cpu: spec.keycloak.resources.limits.cpu, memory: spec.keycloak.resources.limits.memory },
        },
        unsupported: { podTemplate: { spec: restrictedPodTemplatePatch('keycloak') } },
      },
    });
    instance.node.addDependency(operator, db);

    const secrets = importRealms(scope, ctx, { namespace, crName, publicUrl, labels, after: [instance, ns] });
    return exports(secrets);
  },
});

/**
 * The platform realm and the declared realms as KeycloakRealmImports of the Keycloak CR
 * `crName`, with in-cluster generated client secrets where a client has no SPIFFE identity.
 */
function importRealms(
  scope: Construct,
  ctx: BuildContext,
  o: { namespace: string; crName: string; publicUrl: string; labels: Record<string, string>; after: [Construct, Construct] | [] },
): GeneratedClientSecret[] {
  const { spec, target, names } = ctx;
  const { namespace, crName, publicUrl, labels } = o;
  const [instance, ns] = o.after;
  const spire = ctx.useOptional('spire');
  const realmCtx = { publicUrl, ...(spire ? { spire: { trustDomain: spire.trustDomain, bundleEndpoint: spire.bundleEndpoint } } : {}) };
  const realms: BuiltRealm[] = [
    platformRealm({
      ...realmCtx,
      names,
      domain: spec.domain,
      teams: spec.teams,
      extension: spec.keycloak.platformRealm,
    }),
    ...spec.keycloak.realms.map((r) => declaredRealm(r, realmCtx)),
  ];
  for (const built of realms) {
    const generators = built.secrets.map(
      (sec) =>
        new GeneratedSecret(scope, `client-secret-${sec.secretName}`, {
          namespace,
          secretName: sec.secretName,
          fixedKeys: { clientId: sec.clientId },
          randomKeys: ['clientSecret'],
          image: `${PINS.kubectl.source}:${spec.versions.kubectl}`,
          target,
          labels,
        }),
    );
    for (const g of generators) if (ns) g.node.addDependency(ns);
    const realmImport = kube<KeycloakRealmImportCr>(scope, `realm-${built.realm.realm}`, {
      apiVersion: 'k8s.keycloak.org/v2alpha1',
      kind: 'KeycloakRealmImport',
      metadata: { name: `${built.realm.realm}-realm`, namespace, labels },
      spec: {
        keycloakCRName: crName,
        ...(built.secrets.length
          ? { placeholders: Object.fromEntries(built.secrets.map((sec) => [sec.placeholder, { secret: { name: sec.secretName, key: 'clientSecret' } }])) }
          : {}),
        realm: built.realm,
      },
    });
    realmImport.node.addDependency(...(instance ? [instance] : []), ...generators);
  }

  return realms.flatMap((r) => r.secrets);
}
