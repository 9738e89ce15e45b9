import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cliSandbox, type CliSandbox } from '../support/cli-harness.js';

/**
 * The completion scripts sourced in the real shells (bash, zsh, fish from Debian's archive), each calling the
 * built command back on PATH: a partial command and an account name complete in every one. PowerShell is not
 * installable on the CI machines, so only its script's shape is checked.
 */
const run = promisify(execFile);
const ROLE = 'arn:aws:iam::123456789012:role/Developer';
let box: CliSandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  box = await cliSandbox();
  const bin = join(box.dir, 'bin');
  await mkdir(bin);
  // The scripts call `cognito-broker`, as an installed or `npm link`ed command is called.
  await writeFile(join(bin, 'cognito-broker'), `#!/bin/sh\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  await chmod(join(bin, 'cognito-broker'), 0o755);
  const pool = [
    '--user-pool-id',
    'eu-west-1_AbC123',
    '--client-id',
    '1example23456789',
    '--identity-pool-id',
    'eu-west-1:11111111-2222-3333-4444-555555555555',
  ];
  expect((await box.run(['account', 'add', 'work', ...pool, '--role', ROLE])).code).toBe(0);
  expect((await box.run(['account', 'add', 'weekend', ...pool])).code).toBe(0);
  expect((await box.run(['account', 'add', 'prod', ...pool])).code).toBe(0);
  // No Secret Service at all: completing must never need the keychain.
  env = { ...box.env, PATH: `${bin}:${process.env.PATH}`, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus' };
  delete env.XDG_RUNTIME_DIR;
}, 60_000);

afterAll(async () => {
  await box?.cleanup();
});

async function script(shell: string): Promise<string> {
  const result = await box.run(['completion', shell]);
  expect(result.code).toBe(0);
  return result.stdout;
}

async function bash(line: string): Promise<string[]> {
  const file = join(box.dir, 'completion.bash');
  await writeFile(file, await script('bash'));
  const { stdout } = await run(
    'bash',
    [
      '--norc',
      '--noprofile',
      '-c',
      `source "$1"; COMP_LINE="$2"; COMP_POINT=\${#COMP_LINE}; _cognito_broker; printf '%s\\n' "\${COMPREPLY[@]}"`,
      'bash',
      file,
      line,
    ],
    { env },
  );
  return stdout.split('\n').filter(Boolean);
}

async function zsh(line: string): Promise<string[]> {
  const out = join(box.dir, `zsh-${Date.now()}.out`);
  await run('zsh', ['-f', join(__dirname, 'fixtures', 'zsh-capture-completion.zsh'), out, line], { env, timeout: 30_000 });
  const text = await readFile(out, 'utf8').catch(() => '');
  await rm(out, { force: true });
  return [...new Set(text.split('\n').filter(Boolean))];
}

async function fish(line: string): Promise<string[]> {
  const file = join(box.dir, 'completion.fish');
  await writeFile(file, await script('fish'));
  const { stdout } = await run('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', file, line], { env });
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0] ?? '');
}

describe('cognito-broker completion', () => {
  it('bash: a partial command, a sub-command, an account name, a flag, a fixed value and a role ARN with colons', async () => {
    expect(await bash('cognito-broker ex')).toEqual(['export', 'exec']);
    expect(await bash('cognito-broker account sh')).toEqual(['show']);
    expect(await bash('cognito-broker export w')).toEqual(['work', 'weekend']);
    expect(await bash('cognito-broker profiles add p')).toEqual(['prod']);
    expect(await bash('cognito-broker export work --fo')).toEqual(['--format']);
    expect(await bash('cognito-broker export work --format p')).toEqual(expect.arrayContaining(['process', 'powershell']));
    // bash replaces only what follows the last ':' of the word.
    expect(await bash('cognito-broker login work --role arn:aws:iam::1')).toEqual(['123456789012:role/Developer']);
  }, 60_000);

  it('zsh (compinit, typed into an interactive zsh through zpty): a partial command and an account name', async () => {
    expect((await zsh('cognito-broker ex')).sort()).toEqual(['exec', 'export']);
    expect((await zsh('cognito-broker status w')).sort()).toEqual(['weekend', 'work']);
  }, 60_000);

  it('fish (complete -C): a partial command, an account name and a sub-command', async () => {
    expect((await fish('cognito-broker ex')).sort()).toEqual(['exec', 'export']);
    expect((await fish('cognito-broker exec w')).sort()).toEqual(['weekend', 'work']);
    expect(await fish('cognito-broker profiles s')).toEqual(['sync']);
  }, 60_000);

  it('PowerShell: registers a native argument completer for cognito-broker that calls it back', async () => {
    const text = await script('powershell');
    expect(text).toMatch(/Register-ArgumentCompleter -Native -CommandName 'cognito-broker' -ScriptBlock \{/);
    expect(text).toContain('& \'cognito-broker\' __complete -- @words "c:$wordToComplete"');
    expect(text).toContain('[System.Management.Automation.CompletionResult]::new(');
  });

  it('the callback completes choice-based sign-in: passkeys commands and accounts, --method, --auth-flow and --first-factor values', async () => {
    expect((await box.run(['__complete', '--', 'c:pa'])).stdout).toMatch(/^passkeys\t/m);
    const sub = await box.run(['__complete', '--', 'passkeys', 'c:']);
    expect(sub.stdout).toMatch(/^list\t/m);
    expect(sub.stdout).toMatch(/^delete\t/m);
    const accounts = (await box.run(['__complete', '--', 'passkeys', 'delete', 'c:w'])).stdout;
    expect(accounts).toMatch(/^work\t/m);
    expect(accounts).toMatch(/^weekend\t/m);
    const factors = ['password', 'email-code', 'sms-code', 'passkey'];
    expect((await box.run(['__complete', '--', 'login', 'work', '--method', 'c:'])).stdout.split('\n')).toEqual(expect.arrayContaining(factors));
    expect((await box.run(['__complete', '--', 'account', 'update', 'work', '--first-factor', 'c:'])).stdout.split('\n')).toEqual(
      expect.arrayContaining(factors),
    );
    expect((await box.run(['__complete', '--', 'account', 'add', 'x', '--auth-flow', 'c:'])).stdout.split('\n')).toContain('user-auth');
  }, 60_000);

  it('the callback lists commands, options from their declarations and account names; nothing for an unknown shell', async () => {
    const top = await box.run(['__complete', '--', 'c:']);
    for (const name of ['account', 'login', 'export', 'exec', 'profiles', 'completion']) expect(top.stdout).toMatch(new RegExp(`^${name}\\t`, 'm'));
    expect(top.stdout).not.toContain('__complete');
    const flags = await box.run(['__complete', '--', 'login', 'work', 'c:--']);
    expect(flags.stdout).toMatch(/^--mfa-type\t/m);
    // A refused option is parsed but never offered.
    expect(flags.stdout).not.toMatch(/^--mfa-code\t/m);
    expect((await box.run(['__complete', '--', 'exec', 'work', '--', 'c:'])).stdout).toBe(':commands\n');
    expect((await box.run(['__complete', '--', 'account', 'import', 'c:'])).stdout).toBe(':files\n');
    const bad = await box.run(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/must be one of bash, zsh, fish, powershell/);
  }, 60_000);
});
