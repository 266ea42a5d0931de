import { CheckError } from '../checks';
import { PlanError } from '../core/plan';
import { diffJson, diffPlatforms, FolderReadError, renderText, SourceArgError } from '../diff';
import { SpecError } from '../spec/issues';
import { EXIT, type CommonFlags } from './args';

/**
 * `agentplane diff OLD NEW`. Exit 0 whenever the comparison ran, with or without differences or
 * risks (CI bots read `summary.risky` from `--json`); 1 when a side is an invalid spec, fails a
 * synthesis check or is an unreadable folder; 2 on usage errors. Never a stack trace.
 */
export async function runDiff(flags: CommonFlags, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (flags.positionals.length !== 2) {
    err("agentplane diff: expected OLD and NEW. See 'agentplane diff --help'.");
    return EXIT.usage;
  }
  const [oldArg, newArg] = flags.positionals as [string, string];
  try {
    const result = diffPlatforms(oldArg, newArg, flags.target);
    out(flags.json ? JSON.stringify(diffJson(result), null, 2) : renderText(result));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof SourceArgError) {
      err(`agentplane diff: ${e.message} See 'agentplane diff --help'.`);
      return EXIT.usage;
    }
    if (e instanceof SpecError || e instanceof PlanError || e instanceof CheckError || e instanceof FolderReadError) {
      err(`agentplane diff: ${e.message}`);
      return EXIT.invalid;
    }
    err(`agentplane diff: internal error: ${(e as Error).message ?? String(e)} (please report it; set AGENTPLANE_DEBUG=1 for details)`);
    if (process.env.AGENTPLANE_DEBUG) err(String((e as Error).stack));
    return EXIT.invalid;
  }
}
