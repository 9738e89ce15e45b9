import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../main/core/activity/activity-log.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type World } from '../stand-ins/seed.js';
import { cliSandbox, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';

/**
 * One activity log, written by both: sign-ins (and failed ones), renewals by credential-process and
 * sign-outs done on the command line land in the same file the window's Activity reads.
 */
let backend: Backend;
let world: World;
let box: CliSandbox;

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  box = await cliSandbox();
});

afterAll(async () => {
  await new KeyringStore(box?.home ?? '').deleteAll('logged').catch(() => undefined);
  await box?.cleanup();
  await backend?.stop();
});

describe('the command line writes the shared activity log', () => {
  it('sign-in failed, sign-in, renewal and sign-out, newest first, with no secret', async () => {
    const user = await world.plainUser(['developers']);
    await addTestAccount(box, 'logged', world, { username: user.username });
    const wrong = await box.run(['login', 'logged', '--password-stdin'], { input: 'Not-the-passw0rd!\n' });
    expect(wrong.code).toBe(1);
    expect((await box.run(['login', 'logged', '--password-stdin'], { input: `${user.password}\n` })).code).toBe(0);

    const store = new KeyringStore(box.home);
    const key = secretKeys.credentials('logged', 'default');
    const cached = JSON.parse((await store.get(key))!) as Record<string, string>;
    await store.set(key, JSON.stringify({ ...cached, expiration: new Date(Date.now() + 5 * 60_000).toISOString() }));
    expect((await box.run(['credential-process', 'logged'])).code).toBe(0);
    expect((await box.run(['logout', 'logged'])).code).toBe(0);

    const entries = await new ActivityLog(box.home).list();
    expect(entries.map((e) => e.kind)).toEqual(['sign-out', 'refresh', 'sign-in', 'sign-in-failed']);
    for (const entry of entries) {
      expect(entry.account).toBe('logged');
      expect(entry.message).toMatch(/\(command line\)$/);
    }
    expect(entries[3]!.message).toContain('The username or password is not right');
    const text = JSON.stringify(entries);
    expect(text).not.toContain(user.password);
    expect(text).not.toContain(cached.secretAccessKey!);
  });
});
