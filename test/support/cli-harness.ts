import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { accountsFile } from '../../main/core/paths.js';

/**
 * Runs the BUILT command (dist/cli/cognito-broker.cjs, as installed users run it) as a real subprocess with
 * its own broker home and AWS config file. `detached` gives the child a new session without a controlling
 * terminal, so /dev/tty cannot be opened — exactly a CI job or a script — whatever terminal the test run
 * itself was started from.
 */
export const ROOT = join(__dirname, '..', '..');
/** The built command; COGNITO_BROKER_TEST_CLI points at another build of it (a private copy while others rebuild dist/). */
export const CLI = process.env.COGNITO_BROKER_TEST_CLI || join(ROOT, 'dist', 'cli', 'cognito-broker.cjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RecordedRun extends CliRun {
  args: string[];
}

export interface CliSandbox {
  dir: string;
  home: string;
  awsConfig: string;
  env: NodeJS.ProcessEnv;
  /** Every run so far with its output, for the secret scan. */
  outputs: RecordedRun[];
  run(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): Promise<CliRun>;
  /** Fails when any output of any run so far contains one of `secrets`. */
  assertNoSecrets(secrets: readonly string[]): void;
  cleanup(): Promise<void>;
}

export function runNode(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

export async function cliSandbox(extraEnv: NodeJS.ProcessEnv = {}): Promise<CliSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-cli-'));
  const home = join(dir, 'home');
  const awsConfig = join(dir, 'aws', 'config');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    LANG: 'C.UTF-8',
    // The real Secret Service of the test session (CI starts one; developers source its variables).
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
    ...(process.env.XDG_RUNTIME_DIR ? { XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR } : {}),
    COGNITO_BROKER_HOME: home,
    AWS_CONFIG_FILE: awsConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'aws', 'credentials'),
    ...extraEnv,
  };
  const outputs: RecordedRun[] = [];
  return {
    dir,
    home,
    awsConfig,
    env,
    outputs,
    async run(args, options = {}) {
      const result = await runNode([CLI, ...args], { ...env, ...options.env }, options.input);
      outputs.push({ ...result, args });
      return result;
    },
    assertNoSecrets(secrets) {
      for (const out of outputs) {
        for (const secret of secrets) {
          if (!secret) continue;
          expect(out.stdout.includes(secret), 'a secret appeared on stdout').toBe(false);
          expect(out.stderr.includes(secret), 'a secret appeared on stderr').toBe(false);
        }
      }
    },
    async cleanup() {
      // Secrets the runs saved live in the real keychain, outside `dir`: delete them too.
      const store = new KeyringStore(home);
      const names = await readFile(accountsFile(home), 'utf8')
        .then((text) => (JSON.parse(text) as { accounts: { name: string }[] }).accounts.map((a) => a.name))
        .catch(() => [] as string[]);
      for (const name of names) await store.deleteAll(name).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every line a person sees on stderr is ours: no stack frames (unless --debug), no SDK warnings. */
export function expectCleanRuns(runs: readonly RecordedRun[]): void {
  for (const run of runs) {
    if (!run.args.includes('--debug')) expectCleanStderr(run.stderr);
    else expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
  }
}

export function expectCleanStderr(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/NodeVersionSupportWarning|DeprecationWarning|ExperimentalWarning/);
}
