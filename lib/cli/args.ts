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
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Parses a command's flags; unknown flags and stray arguments are usage errors. */
export function parseFlags(argv: readonly string[], allowed: readonly (keyof typeof OPTIONS)[]): CommonFlags {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '')}.`);
  }
  for (const k of Object.keys(parsed.values)) {
    const key = k as keyof typeof OPTIONS;
    const given = parsed.values[key];
    if (!allowed.includes(key) && given !== undefined && given !== false) throw new UsageError(`option --${key} does not apply to this command.`);
  }
  const v = parsed.values;
  return { profile: v.profile, target: v.target, spec: v.spec, out: v.out, quiet: v.quiet ?? false, json: v.json ?? false, help: v.help ?? false, format: v.format, rules: v.rules ?? false };
}
