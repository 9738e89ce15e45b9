import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { secretKeys } from '../../main/core/keychain/secret-store.js';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { generatePassword, roleArn, seedWorld, type World } from '../stand-ins/seed.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount, type AddTestAccountOptions } from '../support/test-account.js';

/**
 * `login`, `status`, `roles` and `logout` through the built command against the real test backend
 * (cognito-local behind the project's front with a verifying SRP server, and the identity-pool server) and
 * the real keychain. Every output of every run is scanned for the passwords, codes, tokens and keys used.
 */
let backend: Backend;
let world: World;
let box: CliSandbox;
let store: KeyringStore;
/** Everything secret the runs may have seen; checked against every output in afterAll. */
const secrets: string[] = [];

async function addAccount(name: string, options: AddTestAccountOptions): Promise<void> {
  const r = await addTestAccount(box, name, world, options);
  expect(r.stderr).toBe('');
}

async function rememberSession(account: string): Promise<void> {
  for (const key of [secretKeys.refreshToken(account), secretKeys.session(account)]) {
    const value = await store.get(key);
    if (!value) continue;
    secrets.push(value);
    if (key === secretKeys.session(account)) {
      const session = JSON.parse(value) as { idToken: string; accessToken: string };
      secrets.push(session.idToken, session.accessToken);
    }
  }
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  box = await cliSandbox();
  store = new KeyringStore(box.home);
  secrets.push(world.clientSecret);
});

afterAll(async () => {
  for (const issued of backend?.issued ?? []) secrets.push(issued.secretAccessKey, issued.sessionToken);
  box?.assertNoSecrets(secrets);
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  // The sandbox's clean-up leaves nothing of these sessions in the real keychain.
  if (store) for (const name of ['pw-acct', 'totp-acct', 'secret-acct', 'newpw-acct']) expect(await store.keysOf(name)).toEqual([]);
  await backend?.stop();
});

describe('login over SRP with --password-stdin, then status, roles and logout', () => {
  let user: Awaited<ReturnType<World['plainUser']>>;

  it('signs in without sending the password and prints who, groups, role and expiry', async () => {
    user = await world.plainUser(['admins', 'developers']);
    secrets.push(user.password);
    await addAccount('srp-acct', { username: user.username });
    backend.resetCounts();
    const r = await box.run(['login', 'srp-acct', '--password-stdin'], { input: `${user.password}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Signed in to "srp-acct" as ${user.username}`);
    expect(r.stdout).toContain('Groups: admins, developers');
    expect(r.stdout).toContain(`Role: ${roleArn('BrokerAdmin')}`);
    expect(r.stdout).toMatch(/Credentials valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ minutes\)\./);
    const counts = backend.counts.userPool.snapshot();
    expect(counts['InitiateAuth:USER_SRP_AUTH']).toBe(1);
    expect(counts['RespondToAuthChallenge:PASSWORD_VERIFIER']).toBe(1);
    expect(counts['InitiateAuth:USER_PASSWORD_AUTH']).toBeUndefined();
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    await rememberSession('srp-acct');
  });

  it('status shows the session in words and, with --json, ISO times and the role reasoning', async () => {
    const text = await box.run(['status', 'srp-acct']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^srp-acct: signed in as ${user.username}`));
    expect(text.stdout).toMatch(/^\s+Identity:\s+us-east-1:[0-9a-f-]+$/m);
    // The ID token names groups, never their precedence (only admin calls return it): said so, not "none".
    expect(text.stdout).toMatch(/^\s+Groups:\s+admins, developers \(precedence not told by the pool\)$/m);
    expect(text.stdout).toMatch(new RegExp(`^\\s+Roles:\\s+.*${roleArn('BrokerAdmin')} \\(preferred\\)`, 'm'));
    expect(text.stdout).toMatch(/^\s+Active role:\s+arn:aws:iam::123456789012:role\/BrokerAdmin — .+$/m);
    expect(text.stdout).toMatch(/^\s+Credentials:\s+valid until .* UTC \(in \d+ minutes\)$/m);
    expect(text.stdout).toMatch(/^\s+Session:\s+refresh token valid until .* \(in 29 days\)/m);

    const json = JSON.parse((await box.run(['status', 'srp-acct', '--json'])).stdout);
    expect(json).toMatchObject({ account: 'srp-acct', state: 'signed-in', signedIn: true, username: user.username, activeRoleArn: roleArn('BrokerAdmin') });
    expect(json.groups.map((g: { name: string }) => g.name)).toEqual(['admins', 'developers']);
    expect(json.roles.map((r: { arn: string }) => r.arn).sort()).toEqual([roleArn('BrokerAdmin'), roleArn('BrokerDeveloper')]);
    expect(new Date(json.credentialsExpireAt).toISOString()).toBe(json.credentialsExpireAt);
    expect(Date.parse(json.refreshTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(typeof json.activeRoleReason).toBe('string');

    const all = JSON.parse((await box.run(['status', '--json'])).stdout);
    expect(Array.isArray(all)).toBe(true);
    expect(all.map((s: { account: string }) => s.account)).toContain('srp-acct');
  });

  it('roles lists the allowed roles with preferred, default and active marked', async () => {
    const r = await box.run(['roles', 'srp-acct']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^ROLE\s+GROUPS\s+MARKS$/);
    expect(r.stdout).toMatch(new RegExp(`^${roleArn('BrokerAdmin')}\\s+.*preferred, active$`, 'm'));
    expect(r.stdout).toMatch(new RegExp(`^${roleArn('BrokerDeveloper')}\\s+\\S+$`, 'm'));
    expect(r.stdout).toContain('Your groups: admins, developers (the ID token does not say which group grants which role).\n');
    expect(r.stdout).toMatch(/^Active: arn:aws:iam::123456789012:role\/BrokerAdmin \(.+\)\.$/m);
    const json = JSON.parse((await box.run(['roles', 'srp-acct', '--json'])).stdout);
    expect(json.roles).toContainEqual(expect.objectContaining({ arn: roleArn('BrokerAdmin'), preferred: true, active: true, default: false }));
  });

  it('logout revokes the refresh token (a later refresh with it fails) and deletes the keychain entries', async () => {
    const refreshToken = await store.get(secretKeys.refreshToken('srp-acct'));
    expect(refreshToken).toBeTruthy();
    const r = await box.run(['logout', 'srp-acct']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Signed out of "srp-acct": the refresh token was revoked, \d+ keychain entries deleted\.$/m);
    expect(await store.keysOf('srp-acct')).toEqual([]);
    const refresh = backend
      .userPoolClient()
      .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken ?? '' } }));
    await expect(refresh).rejects.toMatchObject({ name: 'NotAuthorizedException' });

    const status = await box.run(['status', 'srp-acct']);
    expect(status.stdout).toBe('srp-acct: not signed in\n  Sign in with: cognito-broker login srp-acct\n');
    const roles = await box.run(['roles', 'srp-acct']);
    expect(roles.code).toBe(1);
    expect(roles.stderr).toBe('cognito-broker: Account "srp-acct" is not signed in, so its roles are not known.\nRun `cognito-broker login srp-acct`.\n');
  });
});

describe('other sign-in paths', () => {
  it('uses USER_PASSWORD_AUTH for an account with --auth-flow password, endpoints from the environment', async () => {
    const user = await world.plainUser(['readonly']);
    secrets.push(user.password);
    const r0 = await box.run([
      'account',
      'add',
      'pw-acct',
      '--region',
      world.region,
      '--user-pool-id',
      world.userPoolId,
      '--client-id',
      world.clientId,
      '--identity-pool-id',
      world.identityPoolId,
      '--auth-flow',
      'password',
    ]);
    expect(r0.code).toBe(0);
    backend.resetCounts();
    const r = await box.run(['login', 'pw-acct', '--username', user.username, '--password-stdin'], { input: `${user.password}\n`, env: backend.env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Role: ${roleArn('BrokerReadOnly')}`);
    expect(backend.counts.userPool.get('InitiateAuth:USER_PASSWORD_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH')).toBe(0);
    await rememberSession('pw-acct');
  });

  it('answers SOFTWARE_TOKEN_MFA from --mfa-code-stdin', async () => {
    const user = await world.totpUser(['developers']);
    secrets.push(user.password, user.totpSecret ?? '');
    await addAccount('totp-acct', { username: user.username });
    const code = authenticator.generate(user.totpSecret ?? '');
    const r = await box.run(['login', 'totp-acct', '--password-stdin', '--mfa-code-stdin'], { input: `${user.password}\n${code}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Role: ${roleArn('BrokerDeveloper')}`);
    await rememberSession('totp-acct');

    // No code and no terminal: a clear sentence naming the flag, not a hang.
    const missing = await box.run(['login', 'totp-acct', '--password-stdin'], { input: `${user.password}\n` });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'cognito-broker: Signing in to "totp-acct" needs a code from the authenticator app, and there is no terminal to ask on.\n' +
        'Pipe it in with --mfa-code-stdin, or run `cognito-broker login totp-acct` in a terminal.\n',
    );
  });

  it('answers SMS_MFA and EMAIL_OTP codes from --mfa-code-stdin', async () => {
    for (const [kind, make] of [
      ['sms', () => world.smsUser(['developers'])],
      ['email', () => world.emailUser(['developers'])],
    ] as const) {
      const user = await make();
      secrets.push(user.password);
      await addAccount(`${kind}-acct`, { username: user.username });
      const r = await box.run(['login', `${kind}-acct`, '--password-stdin', '--mfa-code-stdin'], { input: `${user.password}\n${backend.code}\n` });
      expect(r.stderr, kind).toBe('');
      expect(r.code).toBe(0);
      await rememberSession(`${kind}-acct`);
    }
  });

  it('answers SELECT_MFA_TYPE from --mfa-type, then the chosen challenge from --mfa-code-stdin', async () => {
    const user = await world.multiFactorUser(['readonly']);
    secrets.push(user.password, user.totpSecret ?? '');
    await addAccount('multi-acct', { username: user.username });
    const missing = await box.run(['login', 'multi-acct', '--password-stdin'], { input: `${user.password}\n` });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^cognito-broker: Signing in to "multi-acct" needs a choice of second factor, and there is no terminal to ask on\.\nPass --mfa-type .*totp/,
    );
    const r = await box.run(['login', 'multi-acct', '--password-stdin', '--mfa-type', 'totp', '--mfa-code-stdin'], {
      input: `${user.password}\n${authenticator.generate(user.totpSecret ?? '')}\n`,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await rememberSession('multi-acct');
  });

  it('refuses a wrong TOTP code with a sentence and a non-zero exit', async () => {
    const user = await world.totpUser([]);
    secrets.push(user.password, user.totpSecret ?? '');
    await addAccount('totp-wrong', { username: user.username });
    const good = authenticator.generate(user.totpSecret ?? '');
    const wrong = good === '000000' ? '111111' : '000000';
    const r = await box.run(['login', 'totp-wrong', '--password-stdin', '--mfa-code-stdin'], { input: `${user.password}\n${wrong}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(r.stderr).toMatch(/^cognito-broker: .*code/i);
    expect(r.stderr).not.toContain(wrong);
  });

  it('completes NEW_PASSWORD_REQUIRED from --new-password-stdin, and the new password then works', async () => {
    const user = await world.newPasswordUser(['developers']);
    const newPassword = generatePassword();
    secrets.push(user.password, newPassword);
    await addAccount('newpw-acct', { username: user.username });
    const r = await box.run(['login', 'newpw-acct', '--password-stdin', '--new-password-stdin'], { input: `${user.password}\n${newPassword}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Signed in to "newpw-acct"');
    await rememberSession('newpw-acct');

    const again = await box.run(['login', 'newpw-acct', '--password-stdin'], { input: `${newPassword}\n` });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    await rememberSession('newpw-acct');
  });

  it('asks for --new-password-stdin when the pool demands a new password and none was given', async () => {
    const user = await world.newPasswordUser([]);
    secrets.push(user.password);
    await addAccount('newpw-missing', { username: user.username });
    const r = await box.run(['login', 'newpw-missing', '--password-stdin'], { input: `${user.password}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'cognito-broker: Signing in to "newpw-missing" needs a new password, and there is no terminal to ask on.\n' +
        'Pipe the current and the new password in, one per line, with --password-stdin --new-password-stdin, or run `cognito-broker login newpw-missing` in a terminal.\n',
    );
  });

  it('signs in with an app client secret kept in the keychain', async () => {
    const user = await world.plainUser(['developers']);
    secrets.push(user.password);
    await addAccount('secret-acct', {
      clientId: world.secretClientId,
      username: user.username,
      extra: ['--client-secret-stdin'],
      input: `${world.clientSecret}\n`,
    });
    const r = await box.run(['login', 'secret-acct', '--password-stdin'], { input: `${user.password}\n` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await rememberSession('secret-acct');
  });

  it('says the password is wrong in one sentence (NotAuthorized), exit 1, no stack, nothing stored', async () => {
    const user = await world.plainUser([]);
    const wrong = generatePassword();
    secrets.push(user.password, wrong);
    await addAccount('wrong-pw', { username: user.username });
    const r = await box.run(['login', 'wrong-pw', '--password-stdin'], { input: `${wrong}\n` });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^cognito-broker: The username or password is not right\./);
    expect(r.stderr.split('\n')[1]).toBe('Check the username and the password given on stdin, or run `cognito-broker login wrong-pw` in a terminal.');
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    expect(await store.get(secretKeys.refreshToken('wrong-pw'))).toBeNull();

    const debug = await box.run(['login', 'wrong-pw', '--password-stdin', '--debug'], { input: `${wrong}\n` });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);
  });

  it('fails at once, naming --password-stdin, when no password can be asked for', async () => {
    const r = await box.run(['login', 'wrong-pw']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^cognito-broker: Signing in to "wrong-pw" needs the password of .+, and there is no terminal to ask on\.\nPipe it in with --password-stdin/,
    );
  });

  it('refuses a role the token does not allow, listing the allowed ones', async () => {
    const user = await world.plainUser(['readonly']);
    secrets.push(user.password);
    await addAccount('role-acct', { username: user.username });
    const r = await box.run(['login', 'role-acct', '--password-stdin', '--role', roleArn('BrokerAdmin')], { input: `${user.password}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(roleArn('BrokerReadOnly'));
    expect(r.stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(2);
    await rememberSession('role-acct');
  });

  it('rejects malformed login flags before any network call', async () => {
    backend.resetCounts();
    const code = await box.run(['login', 'role-acct', '--mfa-code-stdin'], { input: 'abc\n' });
    expect(code.code).toBe(2);
    expect(code.stderr.split('\n')[0]).toBe('cognito-broker: --mfa-code-stdin: the code is digits only, such as 123456.');
    // A code in argv is refused before anything else, with the way that keeps it out of the process list.
    const inArgv = await box.run(['login', 'role-acct', '--mfa-code', '123456']);
    expect(inArgv.code).toBe(2);
    expect(inArgv.stderr).toBe(
      'cognito-broker: --mfa-code is no longer accepted: a code in the command line can be read by every user of this computer.\n' +
        'Leave it out and type the code when asked, or pipe it in with --mfa-code-stdin (the line after the passwords).\n',
    );
    const type = await box.run(['login', 'role-acct', '--mfa-type', 'pigeon']);
    expect(type.stderr.split('\n')[0]).toBe('cognito-broker: --mfa-type: totp, sms or email.');
    const empty = await box.run(['login', 'role-acct', '--password-stdin'], { input: '' });
    expect(empty.stderr.split('\n')[0]).toBe('cognito-broker: Nothing was read from stdin, where the password was expected.');
    expect(backend.counts.userPool.snapshot()).toEqual({});
  });
});
