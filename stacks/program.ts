import { CheckError } from '../lib/checks';
import { PlanError } from '../lib/core/plan';
import { SpecError } from '../lib/spec/issues';
import { runProgram } from '../lib/backends/pulumi/program';

// Pulumi entry point (stacks/index.js loads the compiled form). Spec, stack-config, plan and
// check problems end the run with their one clear message instead of a stack trace.
let outputs: Record<string, unknown> = {};
try {
  outputs = runProgram(__dirname.endsWith('dist/stacks') ? `${__dirname}/../../stacks` : __dirname);
} catch (e) {
  if (e instanceof SpecError || e instanceof PlanError || e instanceof CheckError) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
export = outputs;
