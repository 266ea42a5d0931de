import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../lib/core/plan';
import { BRAND } from '../lib/brand';
import { synth, TARGETS } from './support/synth';

/** The platform CA chain (every target) and the agentstack profile (identity on the shared platform). */

type Obj = KubeObject & Record<string, any>;
const objects = (profile: string, target: string): Obj[] => synth(profile, target).files.flatMap((f) => f.objects) as Obj[];

describe.each(TARGETS)('platform CA on %s', (target) => {
  const out = synth('minimal', target);
  const objs = out.files.flatMap((f) => f.objects) as Obj[];
  it('chains a self-signed bootstrap issuer, one CA certificate and the CA ClusterIssuer', () => {
    const issuers = Object.fromEntries(objs.filter((o) => o.kind === 'ClusterIssuer').map((o) => [o.metadata.name, o.spec]));
    expect(issuers['agentplane-selfsigned']).toEqual({ selfSigned: {} });
    const ca = objs.find((o) => o.kind === 'Certificate' && o.spec.isCA)!;
    expect(ca.metadata.namespace).toBe('cert-manager');
    expect(ca.spec.issuerRef).toEqual({ kind: 'ClusterIssuer', name: 'agentplane-selfsigned', group: 'cert-manager.io' });
    expect(ca.spec.privateKey).toMatchObject({ algorithm: 'ECDSA', rotationPolicy: 'Always' });
    expect(issuers['agentplane-ca']).toEqual({ ca: { secretName: ca.spec.secretName } });
  });
  it('installs after cert-manager', () => {
    const folder = (id: string) => out.files.find((f) => f.path.split('/')[0]!.endsWith(`-${id}`))!.path.split('/')[0]!;
    expect(folder('platform-ca') > folder('cert-manager')).toBe(true);
  });
});

describe.each(TARGETS)('agentstack profile on %s', (target) => {
  const objs = objects('agentstack', target);
  const realms = Object.fromEntries(objs.filter((o) => o.kind === 'KeycloakRealmImport').map((o) => [o.spec.realm.realm, o.spec.realm]));
  it('adds the agentstack-api service client with the viewer role to the platform realm, authenticated by SPIFFE', () => {
    const platform = realms[BRAND.realm]!;
    const client = platform.clients.find((c: any) => c.clientId === 'agentstack-api');
    expect(client).toMatchObject({ serviceAccountsEnabled: true, publicClient: false, clientAuthenticatorType: 'federated-jwt' });
    const sa = platform.users.find((u: any) => u.username === 'service-account-agentstack-api');
    expect(sa.realmRoles).toContain(BRAND.roles.viewer);
    expect(objs.some((o) => o.kind === 'Secret' || (o.kind === 'Job' && o.metadata.name?.includes('agentstack-api')))).toBe(false);
  });
  it('gives agentstack its own realm in the shared Keycloak and the platform its teams', () => {
    expect(Object.keys(realms).sort()).toEqual(['agentstack', BRAND.realm].sort());
    expect(realms.agentstack.clients.map((c: any) => c.clientId).sort()).toEqual(['agentstack-server', 'agentstack-ui']);
    expect(objs.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['agentplane.dev/team']).map((o) => o.metadata.name)).toEqual(['team1', 'team2']);
  });
  it("registers agentstack-server's SPIFFE identity", () => {
    const id = objs.find((o) => o.kind === 'ClusterSPIFFEID' && JSON.stringify(o.spec).includes('agentstack-server'))!;
    expect(id.spec.spiffeIDTemplate).toContain('/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}');
  });
});
