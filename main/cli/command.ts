import type { CliOptions, Completion, OptionValues } from './cli-options.js';
import { optionsHelp } from './cli-options.js';

/**
 * One CLI command (or sub-command). cli-main.ts holds the list and does the parsing with node:util
 * parseArgs, `--help` and `--debug`; a command only does its work and returns an exit code.
 * Errors are thrown as BrokerError; cli-main prints `describe()` (one or two lines, never a stack without
 * --debug, never a secret) and exits non-zero.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** Broker home (COGNITO_BROKER_HOME or the OS per-user config dir). */
  home: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
  debug: boolean;
}

export interface ParsedArgs<O extends CliOptions = CliOptions> {
  positionals: string[];
  values: OptionValues<O>;
}

export interface CliCommand<O extends CliOptions = CliOptions> {
  /** Space-separated path, e.g. 'account add', 'login', 'profiles sync'. */
  name: string;
  summary: string;
  /** The usage line without "Usage: ", e.g. `cognito-broker roles <account> [--json]`. */
  usage: string;
  /** What `--help` says between the usage line and the options. */
  description?: string;
  /** What `--help` says after the options, such as "Example:" and its lines. */
  examples?: string;
  /** Each option once: parsing, help, value types and shell completion come from it. */
  options: O;
  /** Positional arguments allowed: [min, max]. */
  positionals: [number, number];
  /** What the shell completes for each positional argument; the last entry repeats. */
  arguments?: readonly (Completion | undefined)[];
  /** Left out of the command list and of completion (internal commands such as the completion helper). */
  hidden?: boolean;
  run(args: ParsedArgs<O>, io: CliIo): Promise<number>;
}

/** A command whose parsed values are typed from its own option declarations. */
export function defineCommand<const O extends CliOptions>(command: CliCommand<O>): CliCommand {
  return command;
}

/** The full `--help` text: usage line, description, the options generated from their declarations, examples. */
export function commandHelp(command: CliCommand): string {
  const parts = [`Usage: ${command.usage}\n`];
  if (command.description) parts.push(ensureNewline(command.description));
  const options = optionsHelp(command.options);
  if (options) parts.push(options);
  if (command.examples) parts.push(ensureNewline(command.examples));
  return parts.join('\n');
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
