import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generalHelp, hideSdkNodeVersionWarning, resolveCommand, runCli } from '../../main/cli/cli-main.js';
import type { CliCommand, CliIo } from '../../main/cli/command.js';
import { COMMANDS } from '../../main/cli/commands/command-list.js';
import { BrokerError } from '../../main/core/errors.js';

/** runCli in-process with captured output: parsing, help, exit codes and error reporting. */
async function run(argv: string[], commands: readonly CliCommand[] = COMMANDS): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Partial<CliIo> = {
    env: { COGNITO_BROKER_HOME: '/nonexistent-broker-home-for-parsing-tests' },
    home: '/nonexistent-broker-home-for-parsing-tests',
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  };
  const code = await runCli(argv, io, commands);
  return { code, stdout, stderr };
}

const fake = (name: string, run: CliCommand['run'], extra: Partial<CliCommand> = {}): CliCommand => ({
  name,
  summary: `${name} summary`,
  usage: `cognito-broker ${name} <x>`,
  options: { flag: { type: 'string', value: 'V', help: 'a value' }, on: { type: 'boolean', help: 'a flag' } },
  positionals: [1, 1],
  run,
  ...extra,
});

describe('help', () => {
  it('has --help for every command: usage line, options, global options; exit 0 on stdout', async () => {
    expect(COMMANDS.length).toBeGreaterThanOrEqual(9);
    for (const command of COMMANDS) {
      for (const flag of ['--help', '-h']) {
        const r = await run([...command.name.split(' '), flag]);
        expect(r.code, command.name).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout.startsWith(`Usage: cognito-broker ${command.name}`), command.name).toBe(true);
        expect(r.stdout).toContain('--debug');
      }
      // Help wins over missing arguments and over unknown options.
      expect((await run([...command.name.split(' '), '--no-such-flag', '--help'])).code).toBe(0);
    }
  });

  it('lists every command in the general help, and shows it on --help (stdout, 0) or no arguments (stderr, 2)', async () => {
    const text = generalHelp();
    for (const command of COMMANDS) {
      // Hidden commands (what the completion scripts call back) are not for people.
      if (command.hidden) expect(text).not.toContain(command.name);
      else expect(text).toContain(`  ${command.name} `);
    }
    expect(COMMANDS.some((c) => c.hidden)).toBe(true);
    expect(await run(['--help'])).toEqual({ code: 0, stdout: text, stderr: '' });
    expect(await run([])).toEqual({ code: 2, stdout: '', stderr: text });
    const group = await run(['account', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toMatch(/^Usage: cognito-broker account <command>/);
    expect(group.stdout).toContain('account import');
    expect((await run(['--help', 'account', 'add'])).stdout).toMatch(/^Usage: cognito-broker account add/);
    expect((await run(['help', 'login'])).stdout).toMatch(/^Usage: cognito-broker login/);
    expect(await run(['help'])).toEqual({ code: 0, stdout: text, stderr: '' });
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    // In-process, __dirname is the source folder, two levels below the package root as in dist/cli.
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `cognito-broker ${pkg.version}\n`, stderr: '' });
  });
});

describe('usage errors: one sentence, a hint to --help, exit 2', () => {
  it('unknown command, sub-command, option and a missing sub-command', async () => {
    expect(await run(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "cognito-broker: Unknown command 'frobnicate'.\nRun `cognito-broker --help` for usage.\n",
    });
    expect((await run(['account', 'frob'])).stderr).toBe("cognito-broker: Unknown command 'account frob'.\nRun `cognito-broker account --help` for usage.\n");
    expect((await run(['account'])).stderr).toBe("cognito-broker: 'account' needs a sub-command.\nRun `cognito-broker account --help` for usage.\n");
    expect((await run(['--bogus'])).stderr).toBe("cognito-broker: Unknown option '--bogus'.\nRun `cognito-broker --help` for usage.\n");
    const flag = await run(['account', 'list', '--bogus']);
    expect(flag).toEqual({
      code: 2,
      stdout: '',
      stderr: "cognito-broker: Unknown option '--bogus' for 'account list'.\nRun `cognito-broker account list --help` for usage.\n",
    });
  });

  it('never echoes the value of a mistyped option (it could be a password)', async () => {
    const r = await run(['login', 'acct', '--password=Sup3r-Secret!']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("cognito-broker: Unknown option '--password' for 'login'.\nRun `cognito-broker login --help` for usage.\n");
  });

  it('missing and extra arguments, missing and unexpected option values', async () => {
    expect((await run(['account', 'show'])).stderr.split('\n')[0]).toBe(
      "cognito-broker: 'account show' is missing an argument: cognito-broker account show <name> [--json]",
    );
    expect((await run(['account', 'show', 'a', 'b'])).stderr.split('\n')[0]).toBe("cognito-broker: Too many arguments for 'account show'.");
    expect((await run(['login', 'acct', '--username'])).stderr.split('\n')[0]).toBe("cognito-broker: Option '--username' needs a value.");
    expect((await run(['status', '--json=yes'])).stderr.split('\n')[0]).toBe("cognito-broker: Option '--json' takes no value.");
  });

  it('finds the longest command name and keeps what follows -- for the command', () => {
    const commands = [fake('a', async () => 0), fake('a b', async () => 0, { positionals: [0, 9] })];
    const r = resolveCommand(['a', 'b', 'x', '--', '--help'], commands);
    expect(r.kind === 'command' && r.command.name).toBe('a b');
    expect(r.kind === 'command' && r.rest).toEqual(['x', '--', '--help']);
  });
});

describe('errors from commands', () => {
  it('prints BrokerError.describe() on stderr with exit 1, and the stack only with --debug', async () => {
    const failing = fake('fail', async () => {
      throw new BrokerError('auth-failed', 'It went wrong.', { hint: 'Do this next.' });
    });
    expect(await run(['fail', 'x'], [failing])).toEqual({ code: 1, stdout: '', stderr: 'cognito-broker: It went wrong.\nDo this next.\n' });
    const debug = await run(['fail', 'x', '--debug'], [failing]);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^cognito-broker: It went wrong\.\nDo this next\.\nBrokerError: It went wrong\.\n\s+at /);
    expect((await run(['--debug', 'fail', 'x'], [failing])).stderr).toMatch(/\n\s+at /);
  });

  it('hides the message of an unexpected error (it may quote anything) unless --debug', async () => {
    const crashing = fake('crash', async () => {
      throw new TypeError('token=eyJhbGciOi... leaked into a library message');
    });
    const r = await run(['crash', 'x'], [crashing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'cognito-broker: an unexpected error stopped the command (TypeError).\nRun it again with --debug to see the details, and report them if they look like a bug.\n',
    );
    expect((await run(['crash', 'x', '--debug'], [crashing])).stderr).toContain('leaked into a library message');
  });

  it('exits 130 when the person cancels, and passes parsed values and positionals to the command', async () => {
    const cancelled = fake('cancel', async () => {
      throw new BrokerError('cancelled', 'Sign-in cancelled.');
    });
    expect((await run(['cancel', 'x'], [cancelled])).code).toBe(130);
    let seen: unknown;
    const echo = fake('echo', async (args, io) => {
      seen = { args, debug: io.debug };
      return 7;
    });
    expect((await run(['echo', 'pos', '--flag', 'v', '--on'], [echo])).code).toBe(7);
    expect(seen).toEqual({ args: { positionals: ['pos'], values: { flag: 'v', on: true } }, debug: false });
  });
});

describe('the AWS SDK Node-version warning', () => {
  it('is filtered from this process only; other warnings still pass through', () => {
    const original = process.emitWarning;
    const seen: string[] = [];
    process.emitWarning = ((warning: string | Error) => void seen.push(typeof warning === 'string' ? warning : warning.message)) as typeof process.emitWarning;
    try {
      hideSdkNodeVersionWarning();
      hideSdkNodeVersionWarning();
      process.emitWarning('NodeVersionSupportWarning: The AWS SDK for JavaScript (v3) will require node >=22.');
      process.emitWarning('SomethingElse: still shown');
      expect(seen).toEqual(['SomethingElse: still shown']);
    } finally {
      process.emitWarning = original;
    }
  });
});
