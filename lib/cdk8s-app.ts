import { basename } from 'node:path';
import { composeSpec, readSpecFile } from './spec/compose';
import { SpecError } from './spec/issues';
import { synthesize, writeOutput } from './synth';

/**
 * Entry point for `npx cdk8s synth` (see cdk8s.yaml). The cdk8s CLI chooses the folder
 * (CDK8S_OUTDIR); the platform is chosen by AGENTPLANE_PROFILE, AGENTPLANE_TARGET and
 * AGENTPLANE_SPEC. Output is identical to `agentplane synth` for the same choice.
 */
function run(): number {
  const env = process.env;
  const outdir = env.CDK8S_OUTDIR ?? 'charts-out/kind-minimal';
  try {
    const spec = composeSpec({
      profile: env.AGENTPLANE_PROFILE,
      target: env.AGENTPLANE_TARGET,
      spec: env.AGENTPLANE_SPEC ? readSpecFile(env.AGENTPLANE_SPEC) : undefined,
      source: env.AGENTPLANE_SPEC,
    });
    const expected = `${spec.target.id}-${spec.profile}`;
    if (basename(outdir) !== expected) process.stderr.write(`note: writing ${expected} into ${outdir}; pass -o charts-out/${expected} to keep folders apart\n`);
    writeOutput(outdir, synthesize(spec).texts);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof SpecError ? '' : 'agentplane: '}${(e as Error).message}\n`);
    return 1;
  }
}

process.exitCode = run();
