import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInProgress } from '../../../main/contract/app-api.js';
import { startAppRuntime, type AppRuntime } from '../../../main/core/app/app-runtime.js';
import type { RefresherClock } from '../../../main/core/app/background-refresher.js';
import { requestSignInFromApp } from '../../../main/core/hand-off/hand-off-client.js';
import { keyringStore } from '../../../main/core/keychain/keyring-store.js';
import type { PlannedNotification } from '../../../main/core/notifications/notification-plan.js';
import { updateSettings } from '../../../main/core/settings/settings-store.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../../stand-ins/seed.js';
import { appAccountInput } from '../../support/app-harness.js';
import { usePrivateKeychain } from '../../support/private-keychain.js';
import { httpGet } from '../../support/endpoint-http.js';

/**
 * The runtime the Electron main process and dev:web share, on real parts: a credential-process hand-off
 * through the real socket answered by a sign-in in the window, the hand-off preference (window or
 * notification), and expiry notifications planned on a clock the test moves.
 */
class TestClock implements RefresherClock {
  offset = 0;
  now = () => Date.now() + this.offset;
  // Timers never fire by themselves here: the test calls checkNotifications() when it moves the clock.
  setTimeout = () => 0;
  clearTimeout = () => undefined;
}

describe('app runtime on the real core', () => {
  let backend: Backend;
  let world: World;
  let user: SeededUser;
  let dir: string;
  let home: string;
  let runtime: AppRuntime;
  const clock = new TestClock();
  const shown: string[] = [];
  const notifications: PlannedNotification[] = [];

  let keychain: Awaited<ReturnType<typeof usePrivateKeychain>> | undefined;
  beforeAll(async () => {
    keychain = await usePrivateKeychain();
    backend = await startBackend();
    world = await seedWorld(backend);
    user = await world.plainUser(['developers']);
    dir = await mkdtemp(join(tmpdir(), 'cb-runtime-'));
    home = join(dir, 'home');
    runtime = await startAppRuntime({
      home,
      env: { AWS_CONFIG_FILE: join(dir, 'config') },
      launcher: { kind: 'node-script', node: process.execPath, script: resolve('dist/cli/cognito-broker.cjs') },
      clock,
      hooks: { showSignIn: (a) => shown.push(a), notify: (n) => notifications.push(n) },
    });
    await runtime.service.addAccount(appAccountInput('dev', world));
  });

  afterAll(async () => {
    await runtime?.stop();
    await keyringStore(home)
      .deleteAll('dev')
      .catch(() => undefined);
    await backend?.stop();
    await rm(dir, { recursive: true, force: true });
    await keychain?.restore();
  });

  const signIn = async (): Promise<SignInProgress> => {
    const start = await runtime.service.signInStart('dev', user.username);
    return runtime.service.signInAnswer(start.flowId, user.password);
  };

  it('a waiting credential-process is answered once the person signs in in the window', async () => {
    let accepted = false;
    const waiting = requestSignInFromApp(home, 'dev', { waitMs: 20_000, onAccepted: () => (accepted = true) });
    await expect.poll(() => shown).toEqual(['dev']);
    expect(accepted).toBe(true);
    expect((await signIn()).step.kind).toBe('done');
    await expect(waiting).resolves.toBeUndefined();
  });

  it('with the "notify" preference, a hand-off shows a notification instead of the window', async () => {
    await updateSettings(home, { handOff: 'notify' });
    const waiting = requestSignInFromApp(home, 'dev', { waitMs: 20_000 });
    await expect.poll(() => notifications.map((n) => n.title)).toContain('dev: a command is waiting for you to sign in');
    expect(shown).toEqual(['dev']);
    expect((await signIn()).step.kind).toBe('done');
    await expect(waiting).resolves.toBeUndefined();
    await updateSettings(home, { handOff: 'window' });
  });

  it('notifies once before the session runs out, within the lead time from the settings', async () => {
    await updateSettings(home, { notificationLeadMinutes: 15 });
    const [dev] = await runtime.service.listAccounts();
    const ends = Date.parse(dev!.session.refreshTokenExpiresAt!);
    const before = notifications.length;
    clock.offset = ends - 20 * 60_000 - Date.now();
    await runtime.checkNotifications();
    expect(notifications.length).toBe(before);
    clock.offset = ends - 10 * 60_000 - Date.now();
    await runtime.checkNotifications();
    await runtime.checkNotifications();
    expect(notifications.slice(before).map((n) => [n.reason, n.account, n.action])).toEqual([['session-ending', 'dev', { label: 'Sign in', account: 'dev' }]]);
    clock.offset = 0;
  });

  it('serves the credentials endpoint for its accounts: the window gets the URL and the token file, the SDK the credentials', async () => {
    expect((await signIn()).step.kind).toBe('done');
    const variables = await runtime.service.endpointVariables('dev');
    expect(variables.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials\/dev$/);
    expect(variables.tokenFile).toBe(join(home, 'endpoint', 'app', 'dev.token'));
    const token = await readFile(variables.tokenFile, 'utf8');
    expect(JSON.stringify(variables)).not.toContain(token);
    const reply = await httpGet(variables.url, { authorization: token });
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { AccessKeyId: string }).AccessKeyId).toBe(backend.issued.at(-1)?.accessKeyId);
  });
});
