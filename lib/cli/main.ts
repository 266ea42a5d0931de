import { EXIT, parseFlags, UsageError, type CommonFlags } from './args';
import { COMMAND_HELP, MAIN_HELP } from './help';

/**
 * CLI entry. Only argument parsing loads eagerly; each command loads the library when it runs,
 * so `--help` and usage errors return at once.
 */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(`${s}\n`), err: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    out(MAIN_HELP);
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v') {
    out(require('../../package.json').version as string);
    return EXIT.ok;
  }
  const allowed: Record<string, readonly (keyof CommonFlags)[]> = {
    synth: ['profile', 'target', 'spec', 'out', 'quiet', 'help'],
    validate: ['profile', 'target', 'spec', 'json', 'rules', 'help'],
    explain: ['profile', 'target', 'spec', 'json', 'help'],
    graph: ['profile', 'target', 'spec', 'format', 'out', 'help'],
    schema: ['out', 'help'],
    diff: ['target', 'json', 'help'],
    preflight: ['profile', 'target', 'spec', 'context', 'kubeconfig', 'json', 'help'],
  };
  /** Positional arguments each command takes (`diff OLD NEW`). */
  const positionals: Record<string, number> = { diff: 2 };
  const flagsAllowed = allowed[command];
  if (!flagsAllowed) {
    err(`agentplane: unknown command "${command}". Commands: ${Object.keys(allowed).join(', ')}. See 'agentplane --help'.`);
    return EXIT.usage;
  }
  let flags: CommonFlags;
  try {
    flags = parseFlags(rest, flagsAllowed as never, positionals[command] ?? 0);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`agentplane ${command}: ${e.message} See 'agentplane ${command} --help'.`);
      return EXIT.usage;
    }
    throw e;
  }
  if (flags.help) {
    out(COMMAND_HELP[command]!);
    return EXIT.ok;
  }
  if (command === 'diff') {
    const { runDiff } = await import('./diff-command');
    return runDiff(flags, out, err);
  }
  if (command === 'preflight') {
    const { runPreflight } = await import('./preflight-command');
    return runPreflight(flags, out, err);
  }
  const { runCommand } = await import('./commands');
  return runCommand(command as 'synth' | 'validate' | 'explain' | 'schema' | 'graph', flags, out, err);
}
