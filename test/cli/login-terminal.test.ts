import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { generatePassword, seedWorld, type World } from '../stand-ins/seed.js';
import { CLI, cliSandbox, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';
import { runInPty } from './pty-harness.js';

/**
 * A person at a terminal: `cognito-broker login` run inside a real pseudo-terminal against the real
 * backend, answering the prompts as they appear — hidden password, authenticator code, authenticator
 * enrolment with its QR code (MFA_SETUP), a new password typed twice, and Ctrl-C.
 */
let backend: Backend;
let world: World;
let mfaOnWorld: World;
let box: CliSandbox;

async function addAccount(name: string, w: World, username: string): Promise<void> {
  const r = await addTestAccount(box, name, w, { username });
  expect(r.stderr).toBe('');
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend, { poolName: 'terminal-optional' });
  mfaOnWorld = await seedWorld(backend, { poolName: 'terminal-mfa-on', mfa: 'ON' });
  box = await cliSandbox();
});

afterAll(async () => {
  await box?.cleanup();
  await backend?.stop();
});

describe('login at a terminal', () => {
  it('asks for the password without echoing it, then the authenticator code', async () => {
    const user = await world.totpUser(['developers']);
    await addAccount('tty-totp', world, user.username);
    const pty = runInPty([process.execPath, CLI, 'login', 'tty-totp'], box.env);
    await pty.waitFor(new RegExp(`Password for ${user.username}: $`));
    pty.type(`${user.password}\r`);
    const at = pty.output().length;
    await pty.waitFor(/Code from your authenticator app: $/, at);
    pty.type(`${authenticator.generate(user.totpSecret ?? '')}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain('Signed in to "tty-totp"');
    expect(pty.output()).not.toContain(user.password);
    expect(pty.output()).not.toContain(user.totpSecret ?? '');
  });

  it('asks on /dev/tty when stdin carries the password and stdout goes to a file; prompts never reach stdout', async () => {
    const user = await world.totpUser([]);
    await addAccount('tty-piped', world, user.username);
    const outFile = join(box.dir, 'login-stdout.txt');
    const pty = runInPty(['sh', '-c', `printf '%s\\n' "$PW" | "$NODE" "$CLI" login tty-piped --password-stdin > "$OUT"`], {
      ...box.env,
      PW: user.password,
      NODE: process.execPath,
      CLI,
      OUT: outFile,
    });
    await pty.waitFor(/Code from your authenticator app: $/);
    pty.type(`${authenticator.generate(user.totpSecret ?? '')}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).not.toContain('Password for');
    expect(pty.output()).not.toContain('Signed in');
    const stdout = await readFile(outFile, 'utf8');
    expect(stdout).toMatch(/^Signed in to "tty-piped" as /);
    expect(stdout).not.toMatch(/Code from|Password for|Signing in/);
  });

  it('enrols an authenticator app (MFA_SETUP): QR code, otpauth link and key shown, first code verified', async () => {
    const user = await mfaOnWorld.mfaSetupUser([]);
    await addAccount('tty-setup', mfaOnWorld, user.username);
    const pty = runInPty([process.execPath, CLI, 'login', 'tty-setup'], box.env);
    await pty.waitFor(/Password for .*: $/);
    pty.type(`${user.password}\r`);
    const [, key] = await pty.waitFor(/Or type this key: ([A-Z2-7 ]+)\r?\n[\s\S]*First code the app shows: $/);
    const out = pty.output();
    expect(out).toContain('This account must set up an authenticator app (TOTP) before it can sign in.');
    expect(out).toMatch(/Or add this link: otpauth:\/\/totp\/[^\s]+secret=[A-Z2-7]+/);
    expect(out).toMatch(/[▄▀█]{6,}/);
    const secret = (key ?? '').replace(/\s/g, '');
    expect(secret.length).toBeGreaterThanOrEqual(16);
    pty.type(`${authenticator.generate(secret)}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain('Signed in to "tty-setup"');

    const status = JSON.parse((await box.run(['status', 'tty-setup', '--json'])).stdout);
    expect(status.signedIn).toBe(true);
    // The enrolment is real: the pool now lists TOTP for the user.
    expect((await backend.mfaFactors(mfaOnWorld.userPoolId, user.username)).enabled).toContain('SOFTWARE_TOKEN_MFA');
  });

  it('asks for a new password twice, shows the policy, and asks again when the two differ', async () => {
    const user = await world.newPasswordUser([]);
    await addAccount('tty-newpw', world, user.username);
    const newPassword = generatePassword();
    const pty = runInPty([process.execPath, CLI, 'login', 'tty-newpw'], box.env);
    await pty.waitFor(/Password for .*: $/);
    pty.type(`${user.password}\r`);
    let at = pty.output().length;
    await pty.waitFor(/You must choose a new password\.[\s\S]*New password: $/, at);
    pty.type(`${newPassword}\r`);
    await pty.waitFor(/Repeat the new password: $/, at);
    pty.type(`${newPassword}-typo\r`);
    at = pty.output().length;
    await pty.waitFor(/The two passwords differ\. Try again\.\r?\nNew password: $/, at);
    pty.type(`${newPassword}\r`);
    await pty.waitFor(/Repeat the new password: $/, at);
    pty.type(`${newPassword}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain('Signed in to "tty-newpw"');
    expect(pty.output()).not.toContain(newPassword);

    const again = await box.run(['login', 'tty-newpw', '--password-stdin'], { input: `${newPassword}\n` });
    expect(again.code).toBe(0);
  });

  it('account add --client-secret-stdin at a terminal asks for the secret without echoing it', async () => {
    const pty = runInPty(
      [
        process.execPath,
        CLI,
        'account',
        'add',
        'tty-secret',
        '--region',
        world.region,
        '--user-pool-id',
        world.userPoolId,
        '--client-id',
        world.secretClientId,
        '--identity-pool-id',
        world.identityPoolId,
        '--client-secret-stdin',
      ],
      box.env,
    );
    await pty.waitFor(/Client secret: $/);
    pty.type(`${world.clientSecret}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain('Added account "tty-secret"');
    expect(pty.output()).not.toContain(world.clientSecret);
    expect(await new KeyringStore(box.home).get(secretKeys.clientSecret('tty-secret'))).toBe(world.clientSecret);
  });

  it('Ctrl-C at a prompt cancels cleanly with exit 130 and no stack', async () => {
    const user = await world.plainUser([]);
    await addAccount('tty-cancel', world, user.username);
    const pty = runInPty([process.execPath, CLI, 'login', 'tty-cancel'], box.env);
    await pty.waitFor(/Password for .*: $/);
    pty.type('half-typed\u0003');
    expect(await pty.exit).toBe(130);
    expect(pty.output()).toMatch(/cognito-broker: Sign-in cancelled\.\r?\n/);
    expect(pty.output()).not.toContain('half-typed');
    expect(pty.output()).not.toMatch(/^\s+at /m);
  });
});
