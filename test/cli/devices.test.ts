import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminForgetDeviceCommand, AdminListDevicesCommand, type DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDeviceRecord, type DeviceRecord } from '../../main/core/auth/devices/device-record.js';
import { STALE_DEVICE_NOTICE } from '../../main/core/auth/devices/stale-device.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { CLI, cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';
import { runInPty } from './pty-harness.js';

/**
 * Remembered devices with the BUILT command: the "remember this computer?" question in a real pseudo-terminal,
 * scripted sign-ins that skip MFA on a remembered device, `devices show` / `devices forget`, what `logout` does
 * with the device (keeps it; `--forget-device` forgets it), `login --remember-device` for scripts, a device
 * the pool forgot, and the device password in no file and no output.
 */
let backend: Backend;
/** The pool leaves remembering to the user; a remembered device stands in for TOTP. */
let world: World;
let user: SeededUser;
let box: CliSandbox;
const seenPasswords = new Set<string>();
const ptyOutputs: string[] = [];

async function poolDevices(): Promise<DeviceType[]> {
  const out = await backend.userPoolClient().send(new AdminListDevicesCommand({ UserPoolId: world.userPoolId, Username: user.username }));
  return out.Devices ?? [];
}

function status(device: DeviceType | undefined): string | undefined {
  return device?.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value;
}

async function kept(): Promise<DeviceRecord | undefined> {
  const record = parseDeviceRecord(await new KeyringStore(box.home).get(secretKeys.device('dev', user.username)));
  if (record) seenPasswords.add(record.devicePassword);
  return record;
}

/** A script's sign-in: the password (and a code when asked for one up front) on stdin, no terminal. */
function scriptedLogin(extra: string[] = [], code = false) {
  const input = code ? `${user.password}\n${world.totpCode(user.totpSecret!)}\n` : `${user.password}\n`;
  return box.run(['login', 'dev', '--password-stdin', ...(code ? ['--mfa-code-stdin'] : []), ...extra], { input });
}

/** `login dev` in a real terminal: types the password and a TOTP code, and returns once `question` is asked. */
async function terminalLogin(question: RegExp) {
  const pty = runInPty([process.execPath, CLI, 'login', 'dev'], box.env);
  await pty.waitFor(/Password for .*: $/);
  pty.type(`${user.password}\r`);
  let at = pty.output().length;
  await pty.waitFor(/Code from your authenticator app: $/, at);
  pty.type(`${authenticator.generate(user.totpSecret ?? '')}\r`);
  at = pty.output().length;
  await pty.waitFor(question, at);
  return pty;
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, {
    poolName: 'cli-devices',
    deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  });
  user = await world.totpUser(['developers']);
  box = await cliSandbox();
  await addTestAccount(box, 'dev', world, { username: user.username });
});

afterAll(async () => {
  await box?.cleanup();
  await backend?.stop();
});

describe('remembered devices from the command line', () => {
  it('asks "remember this computer?" once in a terminal; yes remembers it', async () => {
    const pty = await terminalLogin(/Remember this computer, so later sign-ins here can skip MFA\? \[y\/N\]: $/);
    pty.type('y\r');
    expect(await pty.exit).toBe(0);
    ptyOutputs.push(pty.output());
    expect(pty.output()).toContain('This computer is remembered');
    expect(pty.output()).toContain('Signed in to "dev"');
    const [device, ...others] = await poolDevices();
    expect(others).toEqual([]);
    expect(status(device)).toBe('remembered');
    expect((await kept())?.deviceKey).toBe(device?.DeviceKey);
  });

  it('devices show reads the keychain: remembered, the device key, never the device password', async () => {
    const record = await kept();
    const text = await box.run(['devices', 'show', 'dev']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Remembered:\s+yes/);
    expect(text.stdout).toContain(record?.deviceKey ?? 'missing');
    expect(text.stdout).toMatch(/Device password:\s+in the keychain/);
    const json = await box.run(['devices', 'show', 'dev', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ remembered: true, deviceKey: record?.deviceKey });
  });

  it('a script signs in on the remembered device without any MFA code (DEVICE_SRP_AUTH)', async () => {
    backend.resetCounts();
    const r = await scriptedLogin();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SOFTWARE_TOKEN_MFA')).toBe(0);
  });

  it('logout keeps the remembered device; logout --forget-device forgets it at the pool and in the keychain', async () => {
    const out = await box.run(['logout', 'dev']);
    expect(out.code).toBe(0);
    expect((await box.run(['devices', 'show', 'dev'])).stdout).toMatch(/Remembered:\s+yes/);
    expect(await poolDevices()).toHaveLength(1);

    expect((await scriptedLogin()).code).toBe(0);
    const forget = await box.run(['logout', 'dev', '--forget-device']);
    expect(forget.stderr).toBe('');
    expect(forget.code).toBe(0);
    expect(forget.stdout).toContain('Forgot this computer as a remembered device of "dev"');
    expect(await poolDevices()).toEqual([]);
    expect(await kept()).toBeUndefined();
  });

  it('login --remember-device no for a script on a new device: tracked, not remembered, MFA still asked later', async () => {
    const r = await scriptedLogin(['--remember-device', 'no'], true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(status((await poolDevices())[0])).toBe('not_remembered');
    expect((await box.run(['devices', 'show', 'dev'])).stdout).toMatch(/Remembered:\s+no/);
    // Not remembered: a script without a code cannot sign in, and says which flag gives it.
    const again = await scriptedLogin();
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/--mfa-code-stdin/);
    expect(await poolDevices()).toHaveLength(1);
  });

  it('devices forget while signed in: gone at the pool and in the keychain', async () => {
    expect((await scriptedLogin([], true)).code).toBe(0);
    const r = await box.run(['devices', 'forget', 'dev']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the user pool no longer remembers it');
    expect(await poolDevices()).toEqual([]);
    expect(await kept()).toBeUndefined();
    expect((await box.run(['devices', 'forget', 'dev'])).stdout).toContain('nothing to forget');
  });

  it('a device the pool forgot: one line says so and the sign-in goes on as a new device', async () => {
    expect((await scriptedLogin(['--remember-device', 'yes'], true)).code).toBe(0);
    const stale = await kept();
    await backend.userPoolClient().send(new AdminForgetDeviceCommand({ UserPoolId: world.userPoolId, Username: user.username, DeviceKey: stale?.deviceKey }));
    const pty = await terminalLogin(/\[y\/N\]: $/);
    pty.type('\r');
    expect(await pty.exit).toBe(0);
    ptyOutputs.push(pty.output());
    expect(pty.output()).toContain(STALE_DEVICE_NOTICE);
    const fresh = await kept();
    expect(fresh?.deviceKey).not.toBe(stale?.deviceKey);
    expect(fresh?.remembered).toBe(false);
    expect((await poolDevices()).map((d) => d.DeviceKey)).toEqual([fresh?.deviceKey]);
  });

  it('removing the account deletes the remembered device from the keychain with everything else', async () => {
    expect(await kept()).toBeDefined();
    const r = await box.run(['account', 'remove', 'dev']);
    expect(r.code).toBe(0);
    expect(await new KeyringStore(box.home).keysOf('dev')).toEqual([]);
  });

  it('no device password in any file under the broker home, nor in any output', async () => {
    expect(seenPasswords.size).toBeGreaterThanOrEqual(3);
    const files: string[] = [];
    for (const entry of await readdir(box.dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(await readFile(join(entry.parentPath, entry.name), 'latin1'));
    }
    expect(files.length).toBeGreaterThan(0);
    for (const secret of seenPasswords) {
      for (const text of [...files, ...ptyOutputs]) expect(text.includes(secret)).toBe(false);
    }
    box.assertNoSecrets([...seenPasswords]);
    expectCleanRuns(box.outputs);
  });
});
