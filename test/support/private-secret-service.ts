import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A throw-away Secret Service (its own D-Bus session bus + gnome-keyring-daemon, unlocked) for tests that
 * lock it or freeze it: doing that to the shared session keyring would break every other test running.
 */
export interface PrivateSecretService {
  env: { DBUS_SESSION_BUS_ADDRESS: string; XDG_DATA_HOME: string; XDG_RUNTIME_DIR: string };
  /** Lock the login collection over D-Bus (as a screen lock or `Lock` from a keyring manager does). */
  lock(): void;
  isLocked(): boolean;
  /** SIGSTOP / SIGCONT the keyring daemon: a hung keychain. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export async function startPrivateSecretService(): Promise<PrivateSecretService> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-keyring-'));
  await mkdir(join(dir, 'data'));
  await mkdir(join(dir, 'run'), { mode: 0o700 });
  const env = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'bus')}`, XDG_DATA_HOME: join(dir, 'data'), XDG_RUNTIME_DIR: join(dir, 'run') };
  const childEnv = { PATH: process.env.PATH, HOME: dir, ...env };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', `--address=${env.DBUS_SESSION_BUS_ADDRESS}`, '--print-address=1'], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    bus.once('error', reject);
    bus.stdout?.once('data', () => resolve());
  });
  // --foreground keeps the pid ours (so freeze/stop hit exactly this daemon); it reads the password on stdin.
  const keyring: ChildProcess = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env: childEnv,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  keyring.stdin?.end('private-test-pw');
  // dbus-send comes with the `dbus` package itself (gdbus would need glib's tools too).
  const dbusSend = (dest: string, path: string, method: string, ...args: string[]) =>
    spawnSync('dbus-send', ['--session', '--print-reply', `--dest=${dest}`, path, method, ...args], { env: childEnv, encoding: 'utf8', timeout: 5000 });
  // Wait until our daemon owns the name: a probe before that would make the bus auto-start another,
  // locked daemon from its service file.
  for (let i = 0; ; i++) {
    const owned = dbusSend('org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets');
    if (/boolean true/.test(owned.stdout)) break;
    if (i > 100) throw new Error('the private Secret Service did not start');
    await sleep(50);
  }
  // --unlock exits 0 even when it failed: a store/lookup round trip is the proof.
  for (let i = 0; ; i++) {
    const stored = spawnSync('secret-tool', ['store', '--label=probe', 'probe', '1'], { env: childEnv, input: 'ok', timeout: 5000 });
    const found = spawnSync('secret-tool', ['lookup', 'probe', '1'], { env: childEnv, encoding: 'utf8', timeout: 5000 });
    if (stored.status === 0 && found.stdout === 'ok') break;
    if (i > 50) throw new Error('the private Secret Service did not come up');
    await sleep(100);
  }
  return {
    env,
    lock() {
      const r = dbusSend(
        'org.freedesktop.secrets',
        '/org/freedesktop/secrets',
        'org.freedesktop.Secret.Service.Lock',
        'array:objpath:/org/freedesktop/secrets/collection/login',
      );
      if (r.status !== 0) throw new Error(`lock failed: ${r.stderr}`);
    },
    isLocked() {
      const r = dbusSend(
        'org.freedesktop.secrets',
        '/org/freedesktop/secrets/collection/login',
        'org.freedesktop.DBus.Properties.Get',
        'string:org.freedesktop.Secret.Collection',
        'string:Locked',
      );
      return /boolean true/.test(r.stdout);
    },
    freeze: () => void keyring.kill('SIGSTOP'),
    thaw: () => void keyring.kill('SIGCONT'),
    async stop() {
      keyring.kill('SIGCONT');
      keyring.kill('SIGTERM');
      bus.kill('SIGTERM');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
