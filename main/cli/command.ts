import type { ParseArgsConfig } from 'node:util';

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
  stdout(text: string): void;
  stderr(text: string): void;
  stdin: NodeJS.ReadableStream;
  debug: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export interface CliCommand {
  /** Space-separated path, e.g. 'account add', 'login', 'profiles sync'. */
  name: string;
  summary: string;
  /** Full `--help` text: usage line, arguments, options, an example. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments allowed: [min, max]. */
  positionals: [number, number];
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
