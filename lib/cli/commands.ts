import { writeFileSync } from 'node:fs';
import { CheckError } from '../checks';
import { COMPONENTS } from '../components';
import { PlanError } from '../core/plan';
import { buildPlatform } from '../core/platform';
import { composeSpec, readSpecFile } from '../spec/compose';
import { FEATURE_IDS } from '../spec/features';
import { SpecError } from '../spec/issues';
import type { ResolvedSpec } from '../spec/resolve';
import { specJsonSchema } from '../spec/json-schema';
import { componentFolder } from '../backends/gitops';
import { OutputDirError, synthesize, writeOutput, type SynthOutput } from '../synth';
import { EXIT, type CommonFlags } from './args';
import { explainData, renderExplain } from './explain';
import { allRules } from '../rules';
import { renderGraph } from '../graph';

type Print = (s: string) => void;

export async function runCommand(command: 'synth' | 'validate' | 'explain' | 'schema' | 'graph', flags: CommonFlags, out: Print, err: Print): Promise<number> {
  try {
    switch (command) {
      case 'schema':
        return schema(flags, out);
      case 'synth':
        return synth(flags, out);
      case 'validate':
        return flags.rules ? await printRules(flags, out) : validate(flags, out);
      case 'graph': {
        const format = flags.format ?? 'mermaid';
        if (format !== 'mermaid' && format !== 'dot') {
          err(`agentplane graph: unknown format "${format}": use mermaid or dot. See 'agentplane graph --help'.`);
          return EXIT.usage;
        }
        const text = renderGraph(loadChecked(flags), format);
        if (flags.out) writeFileSync(flags.out, text);
        else out(text.trimEnd());
        return EXIT.ok;
      }
      case 'explain': {
        const spec = loadChecked(flags);
        const data = explainData(spec);
        out(flags.json ? JSON.stringify(data, null, 2) : renderExplain(data));
        return EXIT.ok;
      }
    }
  } catch (e) {
    if (e instanceof OutputDirError) {
      err(`agentplane ${command}: ${e.message}`);
      return EXIT.usage;
    }
    if (e instanceof SpecError || e instanceof PlanError || e instanceof CheckError) {
      if (flags.json && command === 'validate') out(JSON.stringify(validationJson(e), null, 2));
      else err(`agentplane ${command}: ${e.message}`);
      return EXIT.invalid;
    }
    err(`agentplane ${command}: internal error: ${(e as Error).message ?? String(e)} (please report it; set AGENTPLANE_DEBUG=1 for details)`);
    if (process.env.AGENTPLANE_DEBUG) err(String((e as Error).stack));
    return EXIT.invalid;
  }
}

function load(flags: CommonFlags): ResolvedSpec {
  const doc = flags.spec ? readSpecFile(flags.spec) : undefined;
  return composeSpec({ profile: flags.profile, target: flags.target, spec: doc, source: flags.spec });
}

/**
 * The spec, refused exactly as synth would refuse it: some rules need the components (an
 * external product in a namespace the platform creates), so the construct tree is built once.
 */
function loadChecked(flags: CommonFlags): ResolvedSpec {
  const spec = load(flags);
  buildPlatform(spec);
  return spec;
}

function schema(flags: CommonFlags, out: Print): number {
  const text = `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
  if (flags.out) writeFileSync(flags.out, text);
  else out(text.trimEnd());
  return EXIT.ok;
}

function synth(flags: CommonFlags, out: Print): number {
  const spec = load(flags);
  const result = synthesize(spec);
  const dir = flags.out ?? `charts-out/${spec.target.id}-${spec.profile}`;
  writeOutput(dir, result.texts);
  if (!flags.quiet) out(summary(spec, result, dir));
  return EXIT.ok;
}

async function printRules(flags: CommonFlags, out: Print): Promise<number> {
  const rules = await allRules();
  if (flags.json) out(JSON.stringify(rules, null, 2));
  else for (const r of rules) out(`${r.id}  ${r.stage.padEnd(9)}  ${r.title}: ${r.rationale} Fix: ${r.fix}`);
  return EXIT.ok;
}

function validate(flags: CommonFlags, out: Print): number {
  const spec = load(flags);
  // synthesize() runs every synthesis check and throws on the first failing set.
  const result = synthesize(spec);
  if (flags.json) out(JSON.stringify({ valid: true, objects: result.objectCount, issues: [], violations: [], notes: spec.notes }, null, 2));
  else {
    out(`spec valid: ${spec.target.id} / ${spec.profile}, ${spec.teams.length} teams, ${spec.agents.length} agents`);
    out(`spec rules (AP1xx) and install-plan rules (AP3xx) passed; synthesis checks (AP0xx) passed on ${result.objectCount} objects`);
    out(`admission rules (AP2xx) are enforced in the cluster by ValidatingAdmissionPolicy ${spec.guardrails.kyverno ? 'and Kyverno ' : ''}(${spec.guardrails.admission}); 'agentplane validate --rules' lists every rule`);
    for (const n of spec.notes) out(`note: ${n}`);
  }
  return EXIT.ok;
}

function validationJson(e: SpecError | PlanError | CheckError) {
  return {
    valid: false,
    issues: e instanceof SpecError ? e.issues : [],
    violations: e instanceof CheckError ? e.violations.map((v) => ({ rule: v.rule.id, object: v.object, detail: v.detail, fix: v.rule.fix })) : [],
    errors: e instanceof PlanError ? [e.message] : [],
  };
}

/** The short synth summary: components on/off and why, versions, object counts, files written. */
export function summary(spec: ResolvedSpec, r: SynthOutput, dir: string): string {
  const lines = [`agentplane synth: ${spec.target.id} / ${spec.profile} -> ${dir}`, 'components (install order):'];
  r.platform.components.forEach((c, i) => {
    const folder = `${componentFolder(i, c.def.id)}/`;
    const objects = r.files.filter((f) => f.path.startsWith(folder)).reduce((n, f) => n + f.objects.length, 0);
    const pins = c.def.pins(spec.target, spec).map((p) => `${p} ${spec.versions[p]}`).join(', ');
    lines.push(`  wave ${c.wave}  ${c.def.id.padEnd(15)} on  ${String(objects).padStart(6)} objects  ${c.reason}${pins ? `  [${pins}]` : ''}`);
  });
  for (const s of r.platform.external) lines.push(`          ${s.def.id.padEnd(15)} external  ${s.reason}`);
  for (const s of r.platform.skipped) lines.push(`          ${s.def.id.padEnd(15)} off  ${s.reason}`);
  const delivered = new Set(COMPONENTS.flatMap((c) => c.toggles));
  const pending = FEATURE_IDS.filter((f) => spec.features[f].on && !delivered.has(f));
  if (pending.length) lines.push(`features on, not delivered by this release: ${pending.join(', ')}`);
  for (const n of spec.notes) lines.push(`note: ${n}`);
  lines.push(`${r.objectCount} objects in ${r.texts.size} files written to ${dir}`);
  return lines.join('\n');
}

