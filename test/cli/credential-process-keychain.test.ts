import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerWorld, childEnv, type BrokerWorld } from '../support/broker-world.js';
import { startPrivateSecretService, type PrivateSecretService } from '../support/private-secret-service.js';
import { parseProcessOutput, runCli } from '../support/broker-cli.js';

/**
 * credential-process when the keychain cannot be used. Each case runs against a throw-away Secret Service
 * (its own D-Bus bus and gnome-keyring), signed in through the built CLI's own `login`, then frozen or
 * locked: never "not signed in", never a hang.
 */
describe('credential-process with a locked, hung or missing keychain', () => {
  let w: BrokerWorld;
  let keyring: PrivateSecretService;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    keyring = await startPrivateSecretService();
    env = childEnv(w, keyring.env);
    const login = await runCli(['login', 'work', '--password-stdin'], env, [], `${w.user.password}\n`);
    expect(login.stderr).not.toMatch(/keychain/i);
    expect(login.code, login.stderr).toBe(0);
    const served = await runCli(['credential-process', 'work'], env);
    expect(served.code).toBe(0);
    parseProcessOutput(served.stdout);
  });
  afterAll(async () => {
    await keyring?.stop();
    await w?.cleanup();
  });

  it('a hung keychain: the deadline ends the call with one line, within seconds', async () => {
    keyring.freeze();
    try {
      const run = await runCli(['credential-process', 'work', '--deadline', '1'], env);
      expect(run.code === 0).toBe(false);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(run.stderr, run.stderr).toMatch(/keychain/);
      expect(run.stderr).not.toMatch(/not signed in/i);
      // The library's own D-Bus timeout is ~2 s; a hang would run into vitest's timeout instead.
      expect(run.ms).toBeLessThan(15_000);
    } finally {
      keyring.thaw();
    }
  });

  it('a locked keychain: "the keychain is locked", not "not signed in"', async () => {
    keyring.lock();
    const run = await runCli(['credential-process', 'work'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/keychain is locked/);
    expect(run.stderr).toMatch(/[Uu]nlock/);
    expect(run.stderr).not.toMatch(/not signed in/i);
  });

  it('no Secret Service at all: "not available", not "not signed in"', async () => {
    const run = await runCli(['credential-process', 'work'], { ...env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(w.dir, 'no-bus')}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/keychain \(Secret Service\) is not available/);
    expect(run.stderr).not.toMatch(/not signed in/i);
  });
});
