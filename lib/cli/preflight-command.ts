import { CheckError } from '../checks';
import { PlanError } from '../core/plan';
import {
  ClusterUnreachableError,
  ContextRequiredError,
  KubeClientUnavailableError,
  KubeconfigError,
  loadKubeClient,
  readCluster,
  renderReport,
  reportJson,
  requireClusterNamed,
  runRules,
  selectCluster,
  specView,
} from '../preflight';
import { composeSpec, readSpecFile } from '../spec/compose';
import { SpecError } from '../spec/issues';
import { synthesize } from '../synth';
import { EXIT, type CommonFlags } from './args';

type Print = (s: string) => void;

/**
 * `agentplane preflight`: synthesizes the spec in memory, reads the cluster of --context and
 * reports every conflict between them. Exit 0 without conflicts (warnings allowed); 1 with
 * conflicts, an invalid spec or an unreadable cluster; 2 when the cluster is not named.
 */
export async function runPreflight(flags: CommonFlags, out: Print, err: Print): Promise<number> {
  const fail = (message: string, code: number) => {
    err(`agentplane preflight: ${message}`);
    return code;
  };
  try {
    requireClusterNamed(flags);
    const doc = flags.spec ? readSpecFile(flags.spec) : undefined;
    const spec = composeSpec({ profile: flags.profile, target: flags.target, spec: doc, source: flags.spec });
    const view = specView(spec, synthesize(spec));

    const client = await loadKubeClient();
    const { kubeConfig, context, server } = selectCluster(client, flags);
    let facts;
    try {
      facts = await readCluster(client, kubeConfig);
    } catch (e) {
      if (e instanceof ClusterUnreachableError) return fail(`context "${context}": ${e.message}`, EXIT.invalid);
      throw e;
    }
    const findings = runRules(facts, view);
    out(flags.json ? JSON.stringify(reportJson({ context, server }, facts, findings), null, 2) : renderReport({ context, server }, facts, findings));
    return findings.some((f) => f.severity === 'conflict') ? EXIT.invalid : EXIT.ok;
  } catch (e) {
    if (e instanceof ContextRequiredError) return fail(`${e.message} See 'agentplane preflight --help'.`, EXIT.usage);
    if (e instanceof KubeconfigError || e instanceof KubeClientUnavailableError) return fail(e.message, EXIT.invalid);
    if (e instanceof SpecError || e instanceof PlanError || e instanceof CheckError) return fail(e.message, EXIT.invalid);
    err(`agentplane preflight: internal error: ${(e as Error).message ?? String(e)} (please report it; set AGENTPLANE_DEBUG=1 for details)`);
    if (process.env.AGENTPLANE_DEBUG) err(String((e as Error).stack));
    return EXIT.invalid;
  }
}
