import { readFileSync } from 'node:fs';
import { runnableCommand, withRunnableCommand } from './runnable-command.js';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BrokerError, isBrokerError } from '../core/errors.js';
import { brokerHome } from '../core/paths.js';
import { assertPrivateBrokerHome } from '../core/fs/private-dir.js';
import { parseArgsOptions } from './cli-options.js';
import { commandHelp, type CliCommand, type CliIo, type ParsedArgs } from './command.js';
import { COMMANDS } from './commands/command-list.js';

/**
 * Everything of `cognito-broker` except a credential-process cache hit (entry.ts and keychain-path.ts serve
 * that alone, and keychain-path.ts requires this bundle, dist/cli/cli-main.cjs, for the rest): parsing, help, errors and exit codes.
 *
 * Exit codes: 0 success, 1 the command failed, 2 the command line is wrong, 130 cancelled by the person.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;

const GLOBAL_FLAGS = new Set(['--debug', '--help', '-h', '--version']);

const GLOBAL_HELP = `Global options:
  -h, --help    show help for a command
  --debug       show stack traces of errors
`;

function usage(message: string, helpCommand = 'cognito-broker --help'): BrokerError {
  return new BrokerError('invalid-argument', message, { hint: `Run \`${helpCommand}\` for usage.` });
}

export function version(): string {
  // dist/cli/cli-main.cjs → the package root, in a checkout and inside the packaged app alike.
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function generalHelp(all: readonly CliCommand[] = COMMANDS): string {
  const commands = all.filter((c) => !c.hidden);
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: cognito-broker <command> [options]

Signs you in to Amazon Cognito and serves temporary AWS credentials from an identity pool to the AWS CLI
and SDKs (credential_process). Secrets stay in the OS keychain.

Commands:
${lines.join('\n')}

${GLOBAL_HELP}  --version     print the version

Run \`cognito-broker <command> --help\` for the options of one command.
`;
}

function groupHelp(group: string, commands: readonly CliCommand[]): string {
  const members = commands.filter((c) => !c.hidden && c.name.startsWith(`${group} `));
  const width = Math.max(...members.map((c) => c.name.length));
  return `Usage: cognito-broker ${group} <command> [options]

Commands:
${members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`cognito-broker ${group} <command> --help\` for the options of one command.
`;
}

export type Resolved =
  | { kind: 'command'; command: CliCommand; rest: string[]; debug: boolean }
  | { kind: 'help'; text: string; exitCode: number; toStderr: boolean }
  | { kind: 'version' }
  | { kind: 'error'; error: BrokerError; debug: boolean };

/**
 * Finds the command named by the leading words of argv (the longest match: `account add` before
 * `account`), and handles the global `--help`, `--version` and `--debug` that may come before it.
 */
export function resolveCommand(argv: readonly string[], commands: readonly CliCommand[] = COMMANDS): Resolved {
  // `cognito-broker help [command...]` is `cognito-broker [command...] --help`, as in git and npm.
  if (argv[0] === 'help' && !commands.some((c) => c.name === 'help')) return resolveCommand(['--help', ...argv.slice(1)], commands);
  let i = 0;
  let help = false;
  let debug = false;
  let showVersion = false;
  for (; i < argv.length && GLOBAL_FLAGS.has(argv[i] ?? ''); i++) {
    const flag = argv[i];
    if (flag === '--debug') debug = true;
    else if (flag === '--version') showVersion = true;
    else help = true;
  }
  const words: string[] = [];
  let match: CliCommand | undefined;
  let matchEnd = i;
  for (let j = i; j < argv.length; j++) {
    const word = argv[j] ?? '';
    if (word.startsWith('-')) break;
    words.push(word);
    const path = words.join(' ');
    const exact = commands.find((c) => c.name === path);
    if (exact) {
      match = exact;
      matchEnd = j + 1;
    }
    if (!commands.some((c) => c.name === path || c.name.startsWith(`${path} `))) break;
  }
  if (match) {
    const rest = argv.slice(matchEnd);
    return { kind: 'command', command: match, rest: help ? ['--help', ...rest] : debug ? ['--debug', ...rest] : rest, debug };
  }
  if (!words.length) {
    const next = argv[i];
    if (next !== undefined) return { kind: 'error', error: usage(`Unknown option '${optionName(next)}'.`), debug };
    if (showVersion && !help) return { kind: 'version' };
    return { kind: 'help', text: generalHelp(commands), exitCode: help ? EXIT_OK : EXIT_USAGE, toStderr: !help };
  }
  // Words that name a group (`account`) but no command of it.
  const known = words.filter((_, n) => commands.some((c) => c.name.startsWith(`${words.slice(0, n + 1).join(' ')} `)));
  if (known.length) {
    const group = known.join(' ');
    const wantsHelp = help || argv.slice(i + known.length).some((a) => a === '--help' || a === '-h');
    const unknown = words[known.length];
    if (unknown !== undefined) {
      return { kind: 'error', error: usage(`Unknown command '${group} ${unknown}'.`, `cognito-broker ${group} --help`), debug };
    }
    if (wantsHelp) return { kind: 'help', text: groupHelp(group, commands), exitCode: EXIT_OK, toStderr: false };
    return { kind: 'error', error: usage(`'${group}' needs a sub-command.`, `cognito-broker ${group} --help`), debug };
  }
  return { kind: 'error', error: usage(`Unknown command '${words[0]}'.`), debug };
}

/** The option as the person typed it, without any `=value` (which could be a secret typed by mistake). */
function optionName(token: string): string {
  return token.split('=')[0] ?? token;
}

/** parseArgs' own messages are long and may quote a whole token; ours name only the option. */
function parseError(error: unknown, command: CliCommand): BrokerError {
  const help = `cognito-broker ${command.name} --help`;
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : '';
  const quoted = /'(-[^'=\s]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usage(`Unknown option '${quoted ?? '?'}' for '${command.name}'.`, help);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return usage(`Option '${quoted ?? '?'}' needs a value.`, help);
    return usage(`Option '${quoted ?? '?'}' takes no value.`, help);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return usage(`Too many arguments for '${command.name}'.`, help);
  return usage(`The arguments of '${command.name}' cannot be read.`, help);
}

/** Parses the arguments after the command's name. Returns null when the command's help was asked for. */
export function parseCommandArgs(command: CliCommand, rest: readonly string[]): (ParsedArgs & { debug: boolean }) | null {
  const dashDash = rest.indexOf('--');
  const own = dashDash === -1 ? rest : rest.slice(0, dashDash);
  if (own.includes('--help') || own.includes('-h')) return null;
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...parseArgsOptions(command.options), debug: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw parseError(error, command);
  }
  const { debug, ...values } = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const [min, max] = command.positionals;
  const help = `cognito-broker ${command.name} --help`;
  if (parsed.positionals.length < min) {
    throw usage(`'${command.name}' is missing ${min - parsed.positionals.length === 1 ? 'an argument' : 'arguments'}: ${command.usage}`, help);
  }
  if (parsed.positionals.length > max) throw usage(`Too many arguments for '${command.name}'.`, help);
  return { positionals: parsed.positionals, values, debug: debug === true };
}

/**
 * The AWS SDK for JavaScript warns on Node 20 that its releases after January 2027 will need Node 22.
 * It is addressed to us as developers, not to the person running the command, and on stderr it would read
 * as an error of ours. Filtering that one warning in this process, rather than setting the SDK's opt-out
 * variable, keeps it out of the environment that `exec` passes on to the person's own programs.
 */
export function hideSdkNodeVersionWarning(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- because it is called with .call(process) below and must stay the same object to carry the marker
  const original = process.emitWarning;
  if ((original as { cognitoBrokerFiltered?: boolean }).cognitoBrokerFiltered) return;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (text.startsWith('NodeVersionSupportWarning')) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  };
  Object.assign(filtered, { cognitoBrokerFiltered: true });
  process.emitWarning = filtered;
}

function defaultIo(env: NodeJS.ProcessEnv): CliIo {
  return {
    env,
    home: brokerHome(env),
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    debug: false,
  };
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (isBrokerError(error)) {
    io.stderr(`cognito-broker: ${withRunnableCommand(error.describe(), runnableCommand(io.env))}\n`);
    if (debug && error.stack) io.stderr(`${stackOf(error)}\n`);
    if (error.code === 'cancelled') return EXIT_CANCELLED;
    return error.code === 'invalid-argument' ? EXIT_USAGE : EXIT_FAILED;
  }
  // Not one of ours: its message may come from a library and could quote anything, so only its name is
  // shown unless the person asked for --debug.
  const name = error instanceof Error ? error.name : typeof error;
  io.stderr(`cognito-broker: an unexpected error stopped the command (${name}).\n`);
  io.stderr(debug ? `${stackOf(error)}\n` : 'Run it again with --debug to see the details, and report them if they look like a bug.\n');
  return EXIT_FAILED;
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- because a thrown non-Error object may hold secrets: '[object Object]' is all it should say
    parts.push(current instanceof Error ? (current.stack ?? String(current)) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current) parts.push('Caused by:');
  }
  return parts.join('\n');
}

/** Runs one command line; resolves to the process exit code. Never throws. */
export async function runCli(argv: readonly string[], ioOverrides: Partial<CliIo> = {}, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  hideSdkNodeVersionWarning();
  const base = defaultIo(ioOverrides.env ?? process.env);
  const io: CliIo = { ...base, ...ioOverrides };
  const resolved = resolveCommand(argv, commands);
  switch (resolved.kind) {
    case 'version':
      io.stdout(`cognito-broker ${version()}\n`);
      return EXIT_OK;
    case 'help':
      (resolved.toStderr ? io.stderr : io.stdout)(resolved.text);
      return resolved.exitCode;
    case 'error':
      return report(resolved.error, io, resolved.debug);
    case 'command':
      break;
  }
  const { command, rest } = resolved;
  const dashDash = rest.indexOf('--');
  let debug = resolved.debug || (dashDash === -1 ? rest : rest.slice(0, dashDash)).includes('--debug');
  try {
    const args = parseCommandArgs(command, rest);
    if (!args) {
      io.stdout(`${commandHelp(command).trimEnd()}\n\n${GLOBAL_HELP}`);
      return EXIT_OK;
    }
    debug = debug || args.debug;
    // A home others can write (or that is someone else's) is refused before anything is read from it.
    assertPrivateBrokerHome(io.home);
    return await command.run({ positionals: args.positionals, values: args.values }, { ...io, debug });
  } catch (error) {
    return report(error, io, debug);
  }
}
