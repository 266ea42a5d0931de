import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../lib/cli/main';
import { ROOT } from './support/synth';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'agentplane-cli-'));

describe('agentplane CLI', () => {
  it('prints help for the tool and each command', async () => {
    expect((await run('--help')).out).toMatch(/Commands:[\s\S]*synth[\s\S]*validate[\s\S]*explain/);
    for (const c of ['synth', 'validate', 'explain', 'schema']) {
      const r = await run(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Exit codes: 0/);
    }
  });

  it('exits 2 on usage errors with one clear line', async () => {
    for (const argv of [['frobnicate'], ['synth', '--bogus'], ['synth', 'extra'], ['schema', '--target', 'kind'], []]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
    }
    expect((await run('synth', '--bogus')).err).toBe("agentplane synth: Unknown option '--bogus'. See 'agentplane synth --help'.\n");
  });

  it('synthesizes into the requested folder and prints a summary', async () => {
    const out = join(tmp(), 'kind-minimal');
    const r = await run('synth', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/components \(install order\):/);
    expect(r.out).toMatch(/wave 0 +cert-manager +on/);
    expect(r.out).toMatch(/wave 2 +tenancy +on/);
    expect(r.out).toMatch(/cert-manager v1\.17\.2/);
    expect(r.out).toMatch(/\d+ objects in \d+ files written to /);
    expect(readdirSync(out).sort()).toEqual(['.agentplane-output', '01-cert-manager', '02-guardrails', '03-keycloak', '04-platform-ca', '05-agent-operator', '06-tenancy', 'app-of-apps.yaml', 'apps']);
  });

  it('replaces the folder, so stale files never survive', async () => {
    const out = join(tmp(), 'o');
    await run('synth', '--out', out, '--quiet');
    writeFileSync(join(out, 'stale.yaml'), 'kind: ConfigMap\n');
    expect((await run('synth', '--out', out, '--quiet')).code).toBe(0);
    expect(existsSync(join(out, 'stale.yaml'))).toBe(false);
  });

  it('writes nothing and exits 1 when the spec is invalid', async () => {
    const dir = tmp();
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'teams:\n  - name: team1\nagents:\n  - name: a\n    team: team1\n    image: ghcr.io/o/a:latest\n');
    const out = join(dir, 'out');
    const r = await run('synth', '--spec', spec, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/agents\[0\]\.image: "ghcr.io\/o\/a:latest" uses the "latest" tag/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to replace folders it did not write, or the working directory', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'precious.ts'), 'keep me');
    const r = await run('synth', '--out', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not empty and was not written by agentplane/);
    expect(readFileSync(join(dir, 'precious.ts'), 'utf8')).toBe('keep me');
    const here = await run('synth', '--out', '.');
    expect(here.code).toBe(2);
    expect(here.err).toMatch(/working directory or one of its parents/);
    expect((await run('synth', '--out', '..')).code).toBe(2);
  });

  it('keeps the previous output when a later synth fails', async () => {
    const dir = tmp();
    const out = join(dir, 'out');
    await run('synth', '--out', out, '--quiet');
    const before = readFileSync(join(out, 'app-of-apps.yaml'), 'utf8');
    expect((await run('synth', '--out', out, '--target', 'eks')).code).toBe(1);
    expect(readFileSync(join(out, 'app-of-apps.yaml'), 'utf8')).toBe(before);
  });

  it('validates with human and JSON output', async () => {
    const ok = await run('validate', '--spec', join(ROOT, 'examples/team-agents.yaml'));
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/spec valid: kind \/ minimal, 2 teams, 3 agents/);
    const dir = tmp();
    writeFileSync(join(dir, 'typo.yaml'), 'teams:\n  - name: team1\n    qouta: {}\n');
    const bad = await run('validate', '--json', '--spec', join(dir, 'typo.yaml'));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ valid: false, issues: [{ path: 'teams[0].qouta', fix: 'did you mean "quota"?' }] });
  });

  it('reports unreadable and malformed spec files', async () => {
    expect((await run('validate', '--spec', '/nonexistent.yaml')).err).toMatch(/cannot read \/nonexistent.yaml: ENOENT/);
    const dir = tmp();
    writeFileSync(join(dir, 'broken.yaml'), 'teams: [\n');
    expect((await run('validate', '--spec', join(dir, 'broken.yaml'))).err).toMatch(/YAML syntax error at line \d+, column \d+/);
    writeFileSync(join(dir, 'dup.yaml'), 'target: kind\ntarget: openshift\n');
    expect((await run('validate', '--spec', join(dir, 'dup.yaml'))).err).toMatch(/line 2, column 1: duplicated mapping key/);
  });

  it('explains features, versions, namespaces and agent identities', async () => {
    const r = await run('explain', '--spec', join(ROOT, 'examples/team-agents.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/certManager +on +needed by the agent operator webhook/);
    expect(r.out).toMatch(/pin agent-operator 0\.3\.0-alpha\.10/);
    expect(r.out).toMatch(/namespaces: rossoctl-system/);
    expect(r.out).toMatch(/SPIFFE ID \/ Keycloak client id: spiffe:\/\/localtest\.me\/ns\/team1\/sa\/coordinator/);
    const json = JSON.parse((await run('explain', '--json', '--profile', 'full', '--target', 'openshift')).out);
    expect(json.features.find((f: { feature: string }) => f.feature === 'istio')).toMatchObject({ on: true, deliveredBy: ['gateway-api', 'istio', 'ingress'] });
    expect(json.features.find((f: { feature: string }) => f.feature === 'spire')).toMatchObject({ on: true, deliveredBy: ['spire'] });
    expect(json.features.find((f: { feature: string }) => f.feature === 'mcpGateway')).toMatchObject({ on: true, deliveredBy: ['mcp-gateway'] });
    // Every toggle of the full profile is delivered by some component.
    for (const f of json.features) expect(f.deliveredBy.length, f.feature).toBeGreaterThan(0);
    expect(json.components.map((c: { id: string }) => c.id)).toEqual(['cert-manager', 'guardrails', 'istio', 'spire', 'otel', 'tekton', 'registry', 'platform-ca', 'keycloak', 'kiali', 'phoenix', 'agent-operator', 'shipwright', 'builds', 'ui', 'tenancy', 'mcp-gateway']);
    expect(json.components.find((c: { id: string }) => c.id === 'spire').pins.map((p: { id: string; version: string }) => `${p.id} ${p.version}`)).toEqual(['ztwim-operator stable-v1']);
    const identity = await run('explain', '--spec', join(ROOT, 'examples/identity.yaml'));
    expect(identity.out).toMatch(/team1\/planner[\s\S]*authenticates with: JWT-SVID from SPIRE[\s\S]*token audience spiffe:\/\/localtest\.me\/ns\/team1\/sa\/researcher/);
    expect(identity.out).toMatch(/agentstack: agentstack-ui \(public\), agentstack-server \(confidential\), agentstack-tools \(service\)/);
    expect(r.out).toMatch(/traces: none: exporters off/);
    const obs = await run('explain', '--spec', join(ROOT, 'examples/observability.yaml'));
    expect(obs.out).toMatch(/team1\/researcher[\s\S]*?traces: http\/protobuf to http:\/\/otel-collector\.observability\.svc\.cluster\.local:4318 \(platform collector\)/);
    expect(obs.out).toMatch(/team1\/planner[\s\S]*?traces: grpc to http:\/\/otel-collector\.observability\.svc\.cluster\.local:4317/);
    expect(r.out).toMatch(/authenticates with: client secret generated by the agent operator \(Keycloak-only identity: weaker/);
    expect(json.off).toEqual([{ id: 'ingress', reason: 'the openshift router publishes the UIs as Routes' }]);
    expect(json.external).toEqual([{ id: 'gateway-api', reason: 'install.gatewayApi: external (target openshift): already on the cluster, nothing installed' }]);
    expect(json.install).toContainEqual({ product: 'gatewayApi', mode: 'external', reason: 'target openshift' });
  });

  it('explain and graph refuse what synth refuses, including rules that need the components', async () => {
    const dir = tmp();
    const spec = join(dir, 'collision.yaml');
    writeFileSync(spec, 'install: { keycloak: { mode: external, namespace: rossoctl-system } }\n');
    for (const command of ['synth', 'validate', 'explain', 'graph']) {
      const r = await run(command, '--spec', spec, ...(command === 'synth' ? ['--out', join(dir, 'out')] : []));
      expect(r.code, command).toBe(1);
      expect(r.err, command).toMatch(/install\.keycloak\.namespace: "rossoctl-system" is a namespace the platform creates for component agent-operator/);
    }
  });

  it('prints the spec JSON Schema', async () => {
    const r = await run('schema');
    const schema = JSON.parse(r.out);
    expect(schema.properties.agents.items.required).toEqual(expect.arrayContaining(['name', 'team']));
    // Exactly one of image and source: neither is required by the schema alone.
    expect(schema.properties.agents.items.required).not.toContain('image');
    expect(Object.keys(schema.properties.agents.items.properties)).toEqual(expect.arrayContaining(['image', 'source', 'tools']));
    expect(schema.properties.teams.items.additionalProperties).toBe(false);
  });

  it('runs as the installed bin with documented exit codes', () => {
    const bin = join(ROOT, 'bin', 'agentplane.js');
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    if (!existsSync(join(ROOT, 'dist/lib/cli/main.js'))) {
      expect(help.status).toBe(2);
      expect(help.stderr).toMatch(/npm run build/);
      return;
    }
    expect(help.status).toBe(0);
    expect(spawnSync(process.execPath, [bin, 'synth', '--target', 'eks', '--out', join(tmp(), 'x')], { encoding: 'utf8' }).status).toBe(1);
    expect(spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' }).status).toBe(2);
  });
});
