import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_WINDOW_MS } from '../../main/core/credentials/aws-credentials.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { parseProcessOutput } from '../support/broker-cli.js';
import { CLI, cliSandbox, expectCleanRuns, type CliRun, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';

/**
 * A laptop whose clock is off: the BUILT command runs under Debian's `faketime` (libfaketime) ten minutes
 * ahead or behind, against the real test backend (whose clock is right, as AWS's is) and the real keychain.
 *
 * The backend is made strict enough that the laptop clock alone would go wrong:
 * - ID and access tokens last 5 minutes (Cognito's minimum): judged by a clock 10 minutes ahead, a token
 *   just issued has already expired; by a clock 10 minutes behind, it was issued in the future.
 * - Credentials last 20 minutes: by a clock 10 minutes ahead only 10 are left (under the 15-minute rule,
 *   so every call would refresh); by a clock 10 minutes behind, credentials with 10 real minutes left look
 *   like 20 (and would be handed out).
 * Expiry checks below use the test's own clock, which is the backend's: the truth.
 */
const MIN = 60_000;
const FAKETIME = '/usr/bin/faketime';

/**
 * The built command under a shifted clock. Only the wall clock moves: timers and deadlines keep real time.
 * Every run but credential-process (whose stdout is the credentials) joins the sandbox's secret scan.
 */
function runShifted(box: CliSandbox, shift: string, args: string[], input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(FAKETIME, ['-f', shift, process.execPath, CLI, ...args], {
      env: { ...box.env, FAKETIME_DONT_FAKE_MONOTONIC: '1' },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const run = { code, stdout, stderr };
      if (args[0] !== 'credential-process') box.outputs.push({ ...run, args: ['faketime', shift, ...args] });
      resolve(run);
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

let backend: Backend;
let world: World;
const secrets: string[] = [];
const boxes: CliSandbox[] = [];

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, { idTokenValiditySeconds: 300, accessTokenValiditySeconds: 300 });
  backend.setCredentialLifetime(20 * 60);
});

afterAll(async () => {
  for (const issued of backend?.issued ?? []) secrets.push(issued.secretAccessKey, issued.sessionToken);
  for (const box of boxes) {
    box.assertNoSecrets(secrets);
    expectCleanRuns(box.outputs);
    await box.cleanup();
  }
  await backend?.stop();
});

async function signedInBox(shift: string): Promise<{ box: CliSandbox; store: KeyringStore; user: SeededUser; login: CliRun }> {
  const box = await cliSandbox();
  boxes.push(box);
  const user = await world.plainUser(['developers']);
  secrets.push(user.password);
  const add = await addTestAccount(box, 'work', world, { username: user.username });
  expect(add.stderr).toBe('');
  const login = await runShifted(box, shift, ['login', 'work', '--password-stdin'], `${user.password}\n`);
  return { box, store: new KeyringStore(box.home), user, login };
}

/** Make the cached credentials have `minutesLeft` real minutes, keeping everything else (the kept clock offset too). */
async function ageCache(store: KeyringStore, minutesLeft: number): Promise<void> {
  const key = secretKeys.credentials('work', 'default');
  const text = await store.get(key);
  if (!text) throw new Error('no cached credentials');
  const cached = JSON.parse(text) as Record<string, unknown>;
  cached.expiration = new Date(Date.now() + minutesLeft * MIN).toISOString();
  await store.set(key, JSON.stringify(cached));
}

/** Refreshes at the user pool (either way the broker may refresh) and credential fetches since the last reset. */
function refreshes(): { userPool: number; identity: number } {
  const pool = backend.counts.userPool;
  return {
    userPool: pool.get('GetTokensFromRefreshToken') + pool.get('InitiateAuth:REFRESH_TOKEN_AUTH'),
    identity: backend.counts.identity.get('GetCredentialsForIdentity'),
  };
}

describe('a clock 10 minutes ahead', () => {
  let box: CliSandbox;

  it('signs in although its clock says the 5-minute ID token has already expired', async () => {
    const signedIn = await signedInBox('+10m');
    box = signedIn.box;
    expect(signedIn.login.stderr).toBe('');
    expect(signedIn.login.code).toBe(0);
    expect(signedIn.login.stdout).toContain('Signed in to "work"');
  });

  it('serves the cached 20-minute credentials on every call instead of refreshing on every call', async () => {
    backend.resetCounts();
    const runs: CliRun[] = [];
    for (let i = 0; i < 5; i++) runs.push(await runShifted(box, '+10m', ['credential-process', 'work']));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const docs = runs.map((r) => parseProcessOutput(r.stdout));
    expect(new Set(docs.map((d) => d.AccessKeyId)).size).toBe(1);
    expect(refreshes()).toEqual({ userPool: 0, identity: 0 });
    for (const doc of docs) expect(Date.parse(doc.Expiration) - Date.now()).toBeGreaterThanOrEqual(REFRESH_WINDOW_MS);
  });

  it('refreshes once when the credentials really are under 15 minutes, then serves the new ones', async () => {
    await ageCache(new KeyringStore(box.home), 12);
    backend.resetCounts();
    const first = await runShifted(box, '+10m', ['credential-process', 'work']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(refreshes()).toEqual({ userPool: 1, identity: 1 });
    const doc = parseProcessOutput(first.stdout);
    expect(Date.parse(doc.Expiration) - Date.now()).toBeGreaterThanOrEqual(REFRESH_WINDOW_MS);
    for (let i = 0; i < 3; i++) {
      const again = await runShifted(box, '+10m', ['credential-process', 'work']);
      expect(again.code).toBe(0);
      expect(parseProcessOutput(again.stdout).AccessKeyId).toBe(doc.AccessKeyId);
    }
    expect(refreshes()).toEqual({ userPool: 1, identity: 1 });
  });

  it('status says the clock is 10 minutes ahead and what to do, in text and JSON, without the network', async () => {
    backend.resetCounts();
    const text = await runShifted(box, '+10m', ['status', 'work']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\s+Clock:\s+This computer's clock is 10 minutes ahead of AWS's: turn on automatic date and time in your system settings/m);
    // Credentials' remaining time is AWS's: ~20 minutes after the refresh, not the ~10 this clock would say.
    expect(text.stdout).toMatch(/^\s+Credentials:\s+valid until .* \(in (19|20) minutes\)$/m);
    const json = JSON.parse((await runShifted(box, '+10m', ['status', 'work', '--json'])).stdout) as { clock?: { offsetMs: number; warning?: string } };
    expect(Math.abs((json.clock?.offsetMs ?? 0) + 10 * MIN)).toBeLessThan(5_000);
    expect(json.clock?.warning).toMatch(/10 minutes ahead of AWS's/);
    expect(backend.counts.userPool.snapshot()).toEqual({});
    expect(backend.counts.identity.snapshot()).toEqual({});
  });
});

describe('a clock 10 minutes behind', () => {
  let box: CliSandbox;
  let store: KeyringStore;

  it('signs in although its clock says the token was issued 10 minutes in the future', async () => {
    const signedIn = await signedInBox('-10m');
    box = signedIn.box;
    store = signedIn.store;
    expect(signedIn.login.stderr).toBe('');
    expect(signedIn.login.code).toBe(0);
    expect(signedIn.login.stdout).toContain('Signed in to "work"');
  });

  it('never hands out credentials with less than 15 real minutes, though its clock sees 20', async () => {
    await ageCache(store, 10);
    backend.resetCounts();
    const run = await runShifted(box, '-10m', ['credential-process', 'work']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(refreshes()).toEqual({ userPool: 1, identity: 1 });
    const doc = parseProcessOutput(run.stdout);
    expect(Date.parse(doc.Expiration) - Date.now()).toBeGreaterThanOrEqual(REFRESH_WINDOW_MS);
    // And the fresh set is then served from the cache: no refresh on every call.
    for (let i = 0; i < 3; i++) {
      const again = await runShifted(box, '-10m', ['credential-process', 'work']);
      expect(again.code).toBe(0);
      expect(parseProcessOutput(again.stdout).AccessKeyId).toBe(doc.AccessKeyId);
    }
    expect(refreshes()).toEqual({ userPool: 1, identity: 1 });
  });

  it('status says the clock is behind and what to do', async () => {
    const text = await runShifted(box, '-10m', ['status', 'work']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^\s+Clock:\s+This computer's clock is 10 minutes behind AWS's: turn on automatic date and time/m);
  });
});

describe('a clock 20 minutes behind', () => {
  it('never hands out expired credentials, though its clock sees them with 19 minutes left', async () => {
    const { box, store, login } = await signedInBox('-20m');
    expect(login.code).toBe(0);
    await ageCache(store, -1);
    backend.resetCounts();
    const run = await runShifted(box, '-20m', ['credential-process', 'work']);
    expect(run.code).toBe(0);
    expect(refreshes()).toEqual({ userPool: 1, identity: 1 });
    expect(Date.parse(parseProcessOutput(run.stdout).Expiration) - Date.now()).toBeGreaterThanOrEqual(REFRESH_WINDOW_MS);
    const text = await runShifted(box, '-20m', ['status', 'work']);
    expect(text.stdout).toMatch(/^\s+Clock:\s+This computer's clock is 20 minutes behind AWS's/m);
  });
});

describe('a clock that is right', () => {
  it('no warning in status, and the offset measured is about zero', async () => {
    const { box, login } = await signedInBox('+0m');
    expect(login.code).toBe(0);
    const text = await box.run(['status', 'work']);
    expect(text.stdout).not.toMatch(/Clock:/);
    const json = JSON.parse((await box.run(['status', 'work', '--json'])).stdout) as { clock?: { offsetMs: number; warning?: string } };
    expect(Math.abs(json.clock?.offsetMs ?? Number.NaN)).toBeLessThan(5_000);
    expect(json.clock?.warning).toBeUndefined();
  });
});
