import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redirectUri, signedOutUri } from '../../main/core/federation/hosted-ui-urls.js';
import { freePort } from '../stand-ins/aws-json.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { startManagedLogin, type ManagedLoginServer } from '../stand-ins/managed-login-server.js';
import { seedWorld, type SeededUser, type World } from '../stand-ins/seed.js';
import { CLI, cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';
import { runInPty } from './pty-harness.js';

/**
 * Choice-based sign-in (USER_AUTH) through the built command against the real test backend and keychain:
 * the account settings, `login --method` and `--code-stdin` in scripts, the first-factor menu and "resend"
 * in a real pseudo-terminal, a passkey through managed login in the browser, and `passkeys list/delete`.
 */
let backend: Backend;
let world: World;
let classic: World;
let box: CliSandbox;
let login: ManagedLoginServer | undefined;
let serial = 0;
const RP = 'auth.example.com';

async function addAccount(name: string, w: World, extra: string[] = []): Promise<string> {
  const r = await addTestAccount(box, name, w, { extra });
  expect(r.stderr).toBe('');
  return r.stdout;
}

const mailUser = (groups: string[] = ['developers']): Promise<SeededUser> => world.plainUser(groups, { email: `cli-ua-${Date.now()}-${++serial}@example.com` });

beforeAll(async () => {
  backend = await startBackend();
  [world, classic] = await Promise.all([
    seedWorld(backend, { poolName: 'cli-user-auth', firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] }),
    seedWorld(backend, { poolName: 'cli-classic' }),
  ]);
  await backend
    .userPoolClient()
    .send(new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: RP, UserVerification: 'preferred' } }));
  box = await cliSandbox();
});

afterAll(async () => {
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  await login?.stop();
  await backend?.stop();
});

describe('account settings for choice-based sign-in', () => {
  it('add --auth-flow user-auth --first-factor, show them, and refuse a first factor without user-auth', async () => {
    const added = await addAccount('ua-settings', world, ['--auth-flow', 'user-auth', '--first-factor', 'email-code']);
    expect(added).toMatch(/^Added account "ua-settings" \(.*, choice-based sign-in\)\.$/m);
    const shown = await box.run(['account', 'show', 'ua-settings']);
    expect(shown.stdout).toMatch(/^Sign-in flow:\s+user-auth \(choice-based/m);
    expect(shown.stdout).toMatch(/^First factor:\s+Code by e-mail$/m);
    expect(JSON.parse((await box.run(['account', 'show', 'ua-settings', '--json'])).stdout)).toMatchObject({
      authFlow: 'user-auth',
      firstFactor: 'email-code',
    });

    const refused = await box.run(['account', 'update', 'ua-settings', '--auth-flow', 'srp', '--first-factor', 'sms-code']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--first-factor is for choice-based sign-in: also give --auth-flow user-auth\./);
    const bad = await box.run(['account', 'update', 'ua-settings', '--first-factor', 'carrier-pigeon']);
    expect(bad.stderr.split('\n')[0]).toBe('cognito-broker: --first-factor: password, email-code, sms-code, passkey.');

    expect((await box.run(['account', 'update', 'ua-settings', '--clear-first-factor'])).code).toBe(0);
    expect(JSON.parse((await box.run(['account', 'show', 'ua-settings', '--json'])).stdout).firstFactor).toBeUndefined();
    // Leaving choice-based sign-in drops the preference with it.
    expect((await box.run(['account', 'update', 'ua-settings', '--first-factor', 'sms-code'])).code).toBe(0);
    expect((await box.run(['account', 'update', 'ua-settings', '--auth-flow', 'srp'])).code).toBe(0);
    expect(JSON.parse((await box.run(['account', 'show', 'ua-settings', '--json'])).stdout)).toMatchObject({ authFlow: 'srp' });
    expect(JSON.parse((await box.run(['account', 'show', 'ua-settings', '--json'])).stdout).firstFactor).toBeUndefined();
  });
});

describe('login --method and --code-stdin in scripts', () => {
  it('--method email-code --code-stdin: the code is read from stdin when it is asked for', async () => {
    const user = await mailUser();
    await addAccount('ua-mail', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const r = await box.run(['login', 'ua-mail', '--method', 'email-code', '--code-stdin'], { input: `${backend.code}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Signed in to "ua-mail" as ${user.username}`);
  });

  it('--method password --password-stdin signs in over PASSWORD_SRP; the account preference applies without --method', async () => {
    const user = await mailUser();
    await addAccount('ua-pw', world, ['--auth-flow', 'user-auth', '--username', user.username, '--first-factor', 'password']);
    backend.resetCounts();
    const r = await box.run(['login', 'ua-pw', '--password-stdin'], { input: `${user.password}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
    const again = await box.run(['login', 'ua-pw', '--method', 'password', '--password-stdin'], { input: `${user.password}\n` });
    expect(again.code, again.stderr).toBe(0);
  });

  it('--code-stdin also answers an MFA code after the password, with the password on the line before', async () => {
    const user = await world.totpUser(['developers']);
    await addAccount('ua-totp', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const code = world.totpCode(user.totpSecret ?? '');
    const r = await box.run(['login', 'ua-totp', '--password-stdin', '--code-stdin'], { input: `${user.password}\n${code}\n` });
    expect(r.code, r.stderr).toBe(0);
  });

  it('without --method and without a terminal, the choice is refused naming the flag and what the pool offers', async () => {
    const user = await mailUser();
    await addAccount('ua-choice', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const r = await box.run(['login', 'ua-choice', '--non-interactive']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(
      'cognito-broker: Signing in to "ua-choice" needs a choice of how to sign in, and there is no terminal to ask on.\nPass --method password or email-code.\n',
    );
  });

  it('refusals: a method the user lacks, --method on an SRP account, both code flags, a client without ALLOW_USER_AUTH', async () => {
    const user = await mailUser();
    await addAccount('ua-refuse', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const sms = await box.run(['login', 'ua-refuse', '--method', 'sms-code', '--non-interactive']);
    expect(sms.stderr).toBe(
      'cognito-broker: The user pool does not offer sign-in with code by text message to this user.\nUse one it offers, for example `cognito-broker login ua-refuse --method password`.\n',
    );

    await addAccount('ua-srp', world, ['--username', user.username]);
    const srp = await box.run(['login', 'ua-srp', '--method', 'email-code']);
    expect(srp.stderr.split('\n')[0]).toBe('cognito-broker: --method is for accounts with choice-based sign-in, and "ua-srp" uses srp.');
    expect(srp.stderr).toContain('cognito-broker account update ua-srp --auth-flow user-auth');

    const both = await box.run(['login', 'ua-refuse', '--code-stdin', '--mfa-code-stdin'], { input: '123456\n' });
    expect(both.stderr.split('\n')[0]).toBe('cognito-broker: Give --code-stdin or --mfa-code-stdin, not both.');

    const old = await classic.plainUser(['developers']);
    await addAccount('ua-classic', classic, ['--auth-flow', 'user-auth', '--username', old.username]);
    const refused = await box.run(['login', 'ua-classic', '--method', 'password', '--password-stdin'], { input: `${old.password}\n` });
    expect(refused.stderr).toBe(
      'cognito-broker: The app client of account ua-classic does not allow choice-based sign-in (USER_AUTH).\n' +
        'Ask the administrator to enable ALLOW_USER_AUTH on the app client, or run `cognito-broker account update ua-classic --auth-flow srp`.\n',
    );
  });
});

describe('at a terminal', () => {
  it('shows the numbered menu of what the pool offers, then a code prompt where "resend" sends a new code', async () => {
    const user = await world.plainUser(['developers'], { email: `tty-ua-${Date.now()}@example.com`, phoneNumber: '+15550104321' });
    await addAccount('ua-tty', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    backend.resetCounts();
    const pty = runInPty([process.execPath, CLI, 'login', 'ua-tty'], box.env);
    await pty.waitFor(/How do you want to sign in\?\r?\n {2}1\) Password\r?\n {2}2\) Code by e-mail\r?\n {2}3\) Code by text message\r?\n\s*Choose 1-3: $/);
    pty.type('9\r');
    let at = pty.output().length;
    await pty.waitFor(/Type a number from 1 to 3\.\r?\n\s*Choose 1-3: $/, at);
    pty.type('3\r');
    at = pty.output().length;
    await pty.waitFor(/Code sent by text message to \+\*+\d{4} \(or "resend" for a new one\): $/, at);
    pty.type('resend\r');
    at = pty.output().length;
    await pty.waitFor(/A new code was sent to \+\*+\d{4}\.\r?\n[\s\S]*\(or "resend" for a new one\): $/, at);
    pty.type(`${backend.code}\r`);
    expect(await pty.exit).toBe(0);
    expect(pty.output()).toContain(`Signed in to "ua-tty" as ${user.username}`);
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(2);
  });
});

describe('passkeys', () => {
  it('without managed-login settings, a passkey sign-in says what to add and how', async () => {
    const user = await mailUser();
    await addAccount('ua-nopk', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const r = await box.run(['login', 'ua-nopk', '--method', 'passkey']);
    expect(r.stderr).toBe(
      "cognito-broker: Passkeys sign in through the user pool's managed login, and account ua-nopk has no managed-login settings.\n" +
        "Add the pool's managed-login domain: `cognito-broker account update ua-nopk --hosted-ui-domain <domain> --redirect-port <port>`.\n",
    );
  });

  it('login --method passkey completes through managed login in the browser (the PKCE loopback)', async () => {
    const user = await mailUser();
    await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Laptop' });
    const port = await freePort();
    const hostedUi = { redirectPort: port, redirectPath: '/callback', scopes: ['openid', 'email', 'profile'] };
    login = await startManagedLogin({
      userPoolEndpoint: backend.userPoolEndpoint,
      region: backend.region,
      clients: [{ clientId: world.clientId, callbackUrls: [redirectUri(hostedUi)], logoutUrls: [signedOutUri(hostedUi)] }],
    });
    await addAccount('ua-pk', world, ['--auth-flow', 'user-auth', '--username', user.username]);
    const update = await box.run(['account', 'update', 'ua-pk', '--hosted-ui-domain', login.domain, '--redirect-port', String(port)]);
    expect(update.code, update.stderr).toBe(0);
    backend.resetCounts();
    // The stand-in browser fills in managed login's form as a person would (its passkey step is the browser's business).
    const browser = `${process.execPath} ${join(__dirname, 'fixtures', 'form-browser.cjs')}`;
    const r = await box.run(['login', 'ua-pk', '--method', 'passkey'], {
      env: { BROWSER: browser, FORM_BROWSER_USERNAME: user.username, FORM_BROWSER_PASSWORD: user.password },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^Opened your browser to sign in\. If it did not open, go to:\n {2}.*\/oauth2\/authorize\?/);
    expect(r.stdout).toContain(`Signed in to "ua-pk" as ${user.username}`);
    expect(login.issuedCodes).toHaveLength(1);
    // Straight to the browser: the broker itself made no USER_AUTH call and answered no WEB_AUTHN challenge.
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH') ?? 0).toBe(0);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:WEB_AUTHN') ?? 0).toBe(0);

    // Listed and deleted with the session the browser gave.
    await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Phone', attachment: 'cross-platform' });
    const listed = JSON.parse((await box.run(['passkeys', 'list', 'ua-pk', '--json'])).stdout) as {
      credentialId: string;
      friendlyName?: string;
      relyingPartyId: string;
    }[];
    expect(listed.map((p) => p.friendlyName).sort()).toEqual(['Laptop', 'Phone']);
    expect(listed.every((p) => p.relyingPartyId === RP)).toBe(true);
    const text = await box.run(['passkeys', 'list', 'ua-pk']);
    expect(text.stdout).toContain(`${listed[0]?.credentialId}  `);
    expect(text.stdout).toContain(`for ${RP}`);

    const gone = listed.find((p) => p.friendlyName === 'Phone')?.credentialId ?? '';
    const deleted = await box.run(['passkeys', 'delete', 'ua-pk', gone]);
    expect(deleted.stdout).toBe(`Deleted the passkey ${gone} of "ua-pk".\n`);
    const left = JSON.parse((await box.run(['passkeys', 'list', 'ua-pk', '--json'])).stdout) as { friendlyName?: string }[];
    expect(left.map((p) => p.friendlyName)).toEqual(['Laptop']);
    const again = await box.run(['passkeys', 'delete', 'ua-pk', gone]);
    expect(again.stderr).toBe(
      'cognito-broker: This user has no passkey with that id.\nList the passkeys and their ids with `cognito-broker passkeys list ua-pk`.\n',
    );
  });

  it('passkeys list needs a signed-in session', async () => {
    const r = await box.run(['passkeys', 'list', 'ua-nopk']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not signed in/);
  });
});
