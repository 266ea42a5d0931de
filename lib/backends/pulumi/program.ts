import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { buildPlan } from '../../core/plan';
import { buildPlatform } from '../../core/platform';
import { checkRbacScope } from '../../core/rbac-scope';
import { CheckError, runChecks } from '../../checks';
import { composeSpec, readSpecFile } from '../../spec/compose';
import { SpecError, pathString } from '../../spec/issues';
import { TARGET_IDS } from '../../targets';
import { deployPlan } from './deploy';

/** Stack configuration (namespace `agentplane`), validated like specs. */
export const StackConfigSchema = z.strictObject({
  target: z.enum(TARGET_IDS as [string, ...string[]]).optional(),
  profile: z.string().min(1).optional(),
  spec: z.string().min(1).optional(),
  kubeContext: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
});
export type StackConfig = z.infer<typeof StackConfigSchema>;

const KEYS = ['target', 'profile', 'spec', 'kubeContext', 'kubeconfig'] as const;

/** Reads and checks `agentplane:*` stack config; refuses to run without an explicit cluster. */
export function readStackConfig(stack: string, get: (key: string) => string | undefined, stackDir: string): StackConfig & { target: string } {
  const raw: Record<string, string> = {};
  for (const k of KEYS) {
    const v = get(k);
    if (v !== undefined) raw[k] = v;
  }
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SpecError(
      parsed.error.issues.map((i) => ({ path: `agentplane:${pathString(i.path)}`, message: i.message, fix: 'correct it with `pulumi config set`.' })),
      `stack ${stack}`,
    );
  }
  const cfg = parsed.data;
  const target = cfg.target ?? (TARGET_IDS.includes(stack as never) ? stack : undefined);
  const issues = [];
  if (!target) {
    issues.push({ path: 'agentplane:target', message: `stack "${stack}" is not a target name and agentplane:target is not set.`, fix: `pulumi config set agentplane:target <${TARGET_IDS.join('|')}>` });
  }
  if (!cfg.kubeContext && !cfg.kubeconfig) {
    issues.push({
      path: 'agentplane:kubeContext',
      message: 'no cluster named: the program never uses the current kubeconfig context implicitly.',
      fix: 'pulumi config set agentplane:kubeContext <context> (or agentplane:kubeconfig <path>).',
    });
  }
  if (cfg.kubeconfig && !existsSync(resolve(stackDir, cfg.kubeconfig))) {
    issues.push({ path: 'agentplane:kubeconfig', message: `${cfg.kubeconfig} does not exist.`, fix: 'point it at a kubeconfig file (relative to stacks/).' });
  }
  if (issues.length) throw new SpecError(issues, `stack ${stack}`);
  return { ...cfg, target: target! };
}

/** The Pulumi program: stack config → spec → the same construct tree and plan as GitOps → resources. */
export function runProgram(stackDir: string): Record<string, unknown> {
  const config = new pulumi.Config('agentplane');
  const cfg = readStackConfig(pulumi.getStack(), (k) => config.get(k), stackDir);
  const specPath = cfg.spec ? (isAbsolute(cfg.spec) ? cfg.spec : resolve(stackDir, cfg.spec)) : undefined;
  const spec = composeSpec({ profile: cfg.profile, target: cfg.target, spec: specPath ? readSpecFile(specPath) : undefined, source: specPath });
  const platform = buildPlatform(spec);
  const plan = buildPlan(platform);
  // The same refusals as synth: namespace-scoped grants only where asked, and every synthesis check.
  checkRbacScope(platform, plan);
  const violations = runChecks(plan.units.flatMap((u) => (u.type === 'object' ? [u.object] : [])));
  if (violations.length > 0) throw new CheckError(violations);
  const provider = new k8s.Provider('cluster', {
    ...(cfg.kubeContext ? { context: cfg.kubeContext } : {}),
    ...(cfg.kubeconfig ? { kubeconfig: resolve(stackDir, cfg.kubeconfig) } : {}),
    enableServerSideApply: true,
  });
  const resources = deployPlan(plan, { provider });
  return {
    target: spec.target.id,
    profile: spec.profile,
    components: plan.components.map((c) => c.id),
    resourceCount: resources.size,
    keycloakUrl: `https://${spec.keycloak.hostname}`,
  };
}
