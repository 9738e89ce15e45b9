import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleArn } from '../stand-ins/seed.js';
import { brokerWorld, childEnv, makeStale, type BrokerWorld } from '../support/broker-world.js';
import { parseProcessOutput, runCli, startCli } from '../support/broker-cli.js';
import { expectCleanStderr } from '../support/cli-harness.js';

/**
 * Refresh-token rotation through the BUILT command as real processes, against the test backend (which rotates
 * like AWS, test/stand-ins/refresh-rotation.ts) and the real keychain: a burst of credential-process calls
 * rotates once, roles of one account never spend the same token twice, and a process killed between the
 * server's rotation and the keychain write leaves a session that still works inside the grace period and that
 * says in one sentence to sign in again after it.
 */
const READ_ONLY = roleArn('BrokerReadOnly');

describe('credential-process with refresh-token rotation', () => {
  let w: BrokerWorld;
  let env: NodeJS.ProcessEnv;
  const refreshToken = () => w.store.get(`${w.account.name}/refresh-token`);
  const counts = () => w.backend.counts.userPool;

  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 30 });
    await w.broker.login(w.account, w.prompter());
    env = childEnv(w);
    // A cached entry for a second role, so both roles can be made stale.
    expect((await runCli(['credential-process', 'work', '--role', READ_ONLY], env)).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    w?.backend.clearFaults();
    await w?.cleanup();
  });

  /** The stored token is the newest one: the server accepts it (and the rotation that proves it is kept). */
  async function expectStoredTokenIsLive(): Promise<void> {
    const stored = (await refreshToken())!;
    const out = await w.backend.userPoolClient().send(new GetTokensFromRefreshTokenCommand({ ClientId: w.world.clientId, RefreshToken: stored }));
    expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
    await w.store.set(`${w.account.name}/refresh-token`, out.AuthenticationResult!.RefreshToken!);
  }

  it('64 parallel calls with a stale cache: one GetTokensFromRefreshToken, the same credentials for all, the newest token stored', async () => {
    await makeStale(w, 'default');
    const before = await refreshToken();
    w.backend.resetCounts();
    // 64 Node processes on a small shared machine can take longer than the default 20 s deadline to merely
    // start; the deadline is not what this test is about.
    const runs = await Promise.all(Array.from({ length: 64 }, () => runCli(['credential-process', 'work', '--deadline', '120'], env)));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect(new Set(runs.map((r) => JSON.stringify(parseProcessOutput(r.stdout)))).size).toBe(1);
    expect(counts().get('GetTokensFromRefreshToken')).toBe(1);
    expect(counts().get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(parseProcessOutput(runs[0]!.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    const after = await refreshToken();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
    await expectStoredTokenIsLive();
  }, 180_000);

  it('a grace period of 0, two roles of one account stale at once: one rotation, both served, the newest token stored', async () => {
    await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 0 });
    try {
      await makeStale(w, 'default');
      await makeStale(w, READ_ONLY);
      const before = await refreshToken();
      w.backend.resetCounts();
      const [a, b] = await Promise.all([runCli(['credential-process', 'work'], env), runCli(['credential-process', 'work', '--role', READ_ONLY], env)]);
      for (const run of [a, b]) {
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
      }
      expect(parseProcessOutput(a!.stdout).AccessKeyId).not.toBe(parseProcessOutput(b!.stdout).AccessKeyId);
      expect(counts().get('GetTokensFromRefreshToken')).toBe(1);
      expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(2);
      expect(await refreshToken()).not.toBe(before);

      // With no grace at all, the next refresh works only if the token stored is the one the server rotated to.
      await makeStale(w, 'default');
      w.backend.resetCounts();
      const next = await runCli(['credential-process', 'work'], env);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      expect(counts().get('GetTokensFromRefreshToken')).toBe(1);
    } finally {
      await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 30 });
    }
  }, 60_000);

  /**
   * Starts a refresh whose answer the server holds back after rotating (a fault that delays the answer, not
   * the work), and SIGKILLs the process once the server has rotated: the new token exists only at the server.
   */
  async function killBetweenRotationAndKeychainWrite(): Promise<void> {
    await makeStale(w, 'default');
    const before = await refreshToken();
    w.backend.resetCounts();
    w.backend.inject('userPool', { operation: 'GetTokensFromRefreshToken', delayAnswerMs: 10_000 });
    const victim = startCli(['credential-process', 'work', '--deadline', '60'], env);
    try {
      for (let waited = 0; counts().get('GetTokensFromRefreshToken') === 0; waited += 20) {
        if (waited > 20_000) throw new Error('the refresh never reached the user pool');
        await sleep(20);
      }
      // The server rotates as soon as it has the call (a cognito-local round trip); its answer waits 10 s.
      await sleep(1_000);
    } finally {
      victim.child.kill('SIGKILL');
    }
    const run = await victim.done;
    expect(run.signal).toBe('SIGKILL');
    expect(run.stdout).toBe('');
    // Killed before the keychain write: the keychain still holds the token the server rotated out.
    expect(await refreshToken()).toBe(before);
  }

  it('killed (SIGKILL) between the rotation and the keychain write: the next call works inside the grace period', async () => {
    await killBetweenRotationAndKeychainWrite();
    const next = await runCli(['credential-process', 'work'], env);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);
    expect(parseProcessOutput(next.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    expect(counts().get('GetTokensFromRefreshToken')).toBe(2);
    await expectStoredTokenIsLive();
  }, 60_000);

  it('killed after a rotation whose grace period then ended: one sentence saying to sign in again, never a stack trace', async () => {
    await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 1 });
    try {
      await killBetweenRotationAndKeychainWrite();
      await sleep(1_200);
      const told = await runCli(['credential-process', 'work', '--wait', '0'], env);
      expect(told.code).toBe(1);
      expect(told.stdout).toBe('');
      expectCleanStderr(told.stderr);
      const lines = told.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^cognito-broker: [^.]*, so run `cognito-broker login work` to sign in again\.$/);
      // As AWS tools call it (no --wait): the app is not running, so the same advice, still no stack trace.
      const handOff = await runCli(['credential-process', 'work'], env);
      expect(handOff.code).toBe(1);
      expectCleanStderr(handOff.stderr);
      expect(handOff.stderr).toContain('cognito-broker login work');
    } finally {
      await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 30 });
    }
    // Signing in again is the way out.
    await w.broker.login(w.account, w.prompter());
    await makeStale(w, 'default');
    const after = await runCli(['credential-process', 'work'], env);
    expect(after.code).toBe(0);
  }, 60_000);
});
