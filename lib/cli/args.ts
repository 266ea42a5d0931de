import { parseArgs } from 'node:util';

/** Exit codes, documented in the README and `--help`. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export class UsageError extends Error {}

export interface CommonFlags {
  profile?: string;
  target?: string;
  spec?: string;
  out?: string;
  quiet: boolean;
  json: boolean;
  help: boolean;
  format?: string;
  rules: boolean;
  /** kube context (`preflight`). */
  context?: string;
  /** kubeconfig file (`preflight`). */
  kubeconfig?: string;
  /** Positional arguments, for commands that take them (`diff OLD NEW`); empty otherwise. */
  positionals: string[];
}

const OPTIONS = {
  profile: { type: 'string', short: 'p' },
  target: { type: 'string', short: 't' },
  spec: { type: 'string', short: 's' },
  out: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q', default: false },
  json: { type: 'boolean', default: false },
  format: { type: 'string', short: 'f' },
  rules: { type: 'boolean', default: false },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * Parses a command's flags; unknown flags are usage errors, and so are positional arguments
 * beyond `positionals` (most commands take none).
 */
export function parseFlags(argv: readonly string[], allowed: readonly (keyof typeof OPTIONS)[], positionals = 0): CommonFlags {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: positionals > 0 });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')}.`);
  }
  for (const k of Object.keys(parsed.values)) {
    const key = k as keyof typeof OPTIONS;
    const given = parsed.values[key];
    if (!allowed.includes(key) && given !== undefined && given !== false) throw new UsageError(`option --${key} does not apply to this command.`);
  }
  if (parsed.positionals.length > positionals) throw new UsageError(`unexpected argument "${parsed.positionals[positionals]}".`);
  const v = parsed.values;
  return {
    profile: v.profile, target: v.target, spec: v.spec, out: v.out, quiet: v.quiet ?? false, json: v.json ?? false, help: v.help ?? false,
    format: v.format, rules: v.rules ?? false, context: v.context, kubeconfig: v.kubeconfig, positionals: parsed.positionals,
  };
}
