import { createServer } from 'node:net';
import { forgetServerClock, recordServerClockOffset } from '../../../main/core/aws/server-clock-observer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticator } from 'otplib';
import { startBackend, DUMMY_CREDENTIALS, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import type { Account } from '../../../main/core/accounts/account.js';
import { signIn, MAX_ANSWERS_PER_PROMPT } from '../../../main/core/auth/sign-in.js';
import { refreshSession, revokeRefreshToken } from '../../../main/core/auth/refresh-session.js';
import { decodeJwtPayload, verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import { scriptedPrompter } from './scripted-prompter.js';
import { rejection } from '../../support/rejection.js';

/**
 * Every sign-in path of the real state machine against the project's backend: cognito-local behind the
 * SRP-verifying front (real SRP proof checks, real TOTP, emulated SMS / e-mail / SELECT_MFA_TYPE /
 * MFA_SETUP as AWS documents them), tokens verified against the pool's real JWKS.
 */
let backend: Backend;
let world: World;
let strict: World;
const env: NodeJS.ProcessEnv = {};

const accountFor = (w: World, overrides: Partial<Account> = {}): Account => worldAccount(backend, w, overrides);

/** The current code of a TOTP secret, as an authenticator app would show it. */
function nextTotp(secret: string): string {
  return authenticator.generate(secret);
}

beforeAll(async () => {
  backend = await startBackend();
  [world, strict] = await Promise.all([seedWorld(backend), seedWorld(backend, { mfa: 'ON' })]);
});

afterAll(async () => {
  await backend?.stop();
});

describe('USER_SRP_AUTH (default)', () => {
  it('signs in with the right password through SRP only (no USER_PASSWORD_AUTH call)', async () => {
    const user = await world.plainUser(['developers']);
    backend.resetCounts();
    const prompter = scriptedPrompter({ password: [user.password] });
    const tokens = await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(prompter.asked).toEqual([{ prompt: { kind: 'password', username: user.username } }]);
    expect(tokens.username).toBe(user.username);
    expect(tokens.refreshToken).toBeTruthy();
    const claims = await verifyIdToken(accountFor(world), tokens.idToken, env);
    expect(claims['cognito:username']).toBe(user.username);
    expect(claims['cognito:groups']).toEqual(['developers']);
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:USER_PASSWORD_AUTH')).toBe(0);
  });

  it('asks the password again after a wrong one, with the reason, then signs in', async () => {
    const user = await world.plainUser();
    const prompter = scriptedPrompter({ password: ['wrong-password', user.password] });
    const tokens = await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    expect(prompter.asked).toHaveLength(2);
    expect(prompter.asked[1]?.retryReason).toMatch(/username or password is not right/);
  });

  it(`gives up after ${MAX_ANSWERS_PER_PROMPT} wrong passwords with a clear error`, async () => {
    const user = await world.plainUser();
    const prompter = scriptedPrompter({ password: ['wrong-password'] });
    const error = await rejection(signIn(accountFor(world), { username: user.username, prompter, env }));
    expect(error.code).toBe('wrong-password');
    expect(error.describe()).not.toContain('wrong-password');
    expect(prompter.asked).toHaveLength(MAX_ANSWERS_PER_PROMPT);
  });

  it('an empty password is asked again locally, without a call', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ password: ['', user.password] });
    await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(prompter.asked[1]?.retryReason).toBe('Enter your password.');
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH')).toBe(1);
  });

  it('asks for the username when neither the call nor the account gives one', async () => {
    const user = await world.plainUser();
    const prompter = scriptedPrompter({ username: [user.username], password: [user.password] });
    await signIn(accountFor(world), { prompter, env });
    expect(prompter.asked.map((a) => a.prompt.kind)).toEqual(['username', 'password']);
  });

  it('uses the account default username', async () => {
    const user = await world.plainUser();
    const tokens = await signIn(accountFor(world, { username: user.username }), { prompter: scriptedPrompter({ password: [user.password] }), env });
    expect(tokens.username).toBe(user.username);
  });

  it('signs in through an app client with a secret (SECRET_HASH with USER_ID_FOR_SRP)', async () => {
    const user = await world.plainUser();
    const account = accountFor(world, { clientId: world.secretClientId, hasClientSecret: true });
    const tokens = await signIn(account, {
      username: user.username,
      clientSecret: world.clientSecret,
      prompter: scriptedPrompter({ password: [user.password] }),
      env,
    });
    const claims = await verifyIdToken(account, tokens.idToken, env);
    expect(claims.aud).toBe(world.secretClientId);
  });

  it('says the client secret is missing or wrong instead of blaming the password', async () => {
    const user = await world.plainUser();
    const account = accountFor(world, { clientId: world.secretClientId, hasClientSecret: true });
    const prompter = scriptedPrompter({ password: [user.password] });
    const missing = await rejection(signIn(account, { username: user.username, prompter, env }));
    expect(missing.code).toBe('auth-failed');
    expect(missing.message).toMatch(/client secret/);
    const wrong = await rejection(
      signIn(account, { username: user.username, clientSecret: 'not-the-secret', prompter: scriptedPrompter({ password: [user.password] }), env }),
    );
    expect(wrong.message).toMatch(/client secret/);
    expect(wrong.describe()).not.toContain('not-the-secret');
  });

  it('reports an unknown user', async () => {
    const error = await rejection(signIn(accountFor(world), { username: 'nobody-here', prompter: scriptedPrompter({ password: ['x'] }), env }));
    expect(['user-not-found', 'wrong-password']).toContain(error.code);
  });
});

describe('USER_PASSWORD_AUTH (account opt-in)', () => {
  it('signs in with the password flow', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const tokens = await signIn(accountFor(world, { authFlow: 'password' }), {
      username: user.username,
      prompter: scriptedPrompter({ password: [user.password] }),
      env,
    });
    expect(tokens.username).toBe(user.username);
    expect(backend.counts.userPool.get('InitiateAuth:USER_PASSWORD_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH')).toBe(0);
  });

  it('refuses a wrong password', async () => {
    const user = await world.plainUser();
    const error = await rejection(
      signIn(accountFor(world, { authFlow: 'password' }), { username: user.username, prompter: scriptedPrompter({ password: ['nope'] }), env }),
    );
    expect(error.code).toBe('wrong-password');
  });

  it('works with a client secret', async () => {
    const user = await world.plainUser();
    const account = accountFor(world, { authFlow: 'password', clientId: world.secretClientId, hasClientSecret: true });
    const tokens = await signIn(account, {
      username: user.username,
      clientSecret: world.clientSecret,
      prompter: scriptedPrompter({ password: [user.password] }),
      env,
    });
    expect((await verifyIdToken(account, tokens.idToken, env)).aud).toBe(world.secretClientId);
  });
});

describe('MFA challenges', () => {
  it('SOFTWARE_TOKEN_MFA with a real TOTP code; a wrong code is asked again with the reason', async () => {
    const user = await world.totpUser();
    const prompter = scriptedPrompter({ password: [user.password], 'totp-code': ['000000', () => nextTotp(user.totpSecret!)] });
    const tokens = await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    const codeAsks = prompter.asked.filter((a) => a.prompt.kind === 'totp-code');
    expect(codeAsks).toHaveLength(2);
    expect(codeAsks[0]?.retryReason).toBeUndefined();
    expect(codeAsks[1]?.retryReason).toMatch(/code is not right/);
  });

  it('SMS_MFA shows the masked destination and takes the code', async () => {
    const user = await world.smsUser();
    const prompter = scriptedPrompter({ password: [user.password], 'sms-code': ['999999', backend.code] });
    await signIn(accountFor(world), { username: user.username, prompter, env });
    const ask = prompter.asked.find((a) => a.prompt.kind === 'sms-code');
    expect(ask?.prompt).toMatchObject({ kind: 'sms-code', destination: expect.stringMatching(/^\+\*+\d{4}$/) });
    expect(prompter.asked.filter((a) => a.prompt.kind === 'sms-code')[1]?.retryReason).toMatch(/not right/);
  });

  it('EMAIL_OTP shows the masked address and takes the code', async () => {
    const user = await world.emailUser();
    const prompter = scriptedPrompter({ password: [user.password], 'email-code': [backend.code] });
    const tokens = await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    const ask = prompter.asked.find((a) => a.prompt.kind === 'email-code');
    expect(ask?.prompt).toMatchObject({ kind: 'email-code', destination: expect.stringContaining('@') });
    expect((ask?.prompt as { destination: string }).destination).not.toBe(user.email);
  });

  it('SELECT_MFA_TYPE offers the factors, refuses an unknown choice locally, then runs the chosen one', async () => {
    const user = await world.multiFactorUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ password: [user.password], 'select-mfa': ['CARRIER_PIGEON', 'EMAIL_OTP'], 'email-code': [backend.code] });
    await signIn(accountFor(world), { username: user.username, prompter, env });
    const choose = prompter.asked.filter((a) => a.prompt.kind === 'select-mfa');
    expect(choose[0]?.prompt).toEqual({ kind: 'select-mfa', options: expect.arrayContaining(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']) });
    expect(choose[1]?.retryReason).toMatch(/Choose one of/);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SELECT_MFA_TYPE')).toBe(1);
    expect(prompter.asked.at(-1)?.prompt.kind).toBe('email-code');
  });

  it('MFA_SETUP enrols an authenticator app (otpauth URI, first code verified), and the next sign-in asks for TOTP', async () => {
    const user = await strict.mfaSetupUser();
    let secret = '';
    const prompter = scriptedPrompter({
      password: [user.password],
      'mfa-setup': [
        '000000',
        (prompt) => {
          if (prompt.kind !== 'mfa-setup') throw new Error('wrong prompt');
          secret = prompt.secret;
          return authenticator.generate(prompt.secret);
        },
      ],
    });
    const tokens = await signIn(accountFor(strict), { username: user.username, prompter, env, totpIssuer: 'Acme AWS' });
    expect(tokens.username).toBe(user.username);
    const setup = prompter.asked.find((a) => a.prompt.kind === 'mfa-setup')?.prompt as { otpauthUri: string; secret: string };
    expect(setup.otpauthUri).toBe(`otpauth://totp/Acme%20AWS:${encodeURIComponent(user.username)}?secret=${setup.secret}&issuer=Acme%20AWS`);
    expect(setup.secret).toMatch(/^[A-Z2-7]+=*$/);
    expect(prompter.asked.filter((a) => a.prompt.kind === 'mfa-setup')[1]?.retryReason).toMatch(/not right/);
    expect(prompter.infos.join(' ')).not.toContain(secret);

    const again = scriptedPrompter({ password: [user.password], 'totp-code': [() => nextTotp(secret)] });
    await signIn(accountFor(strict), { username: user.username, prompter: again, env });
    expect(again.asked.map((a) => a.prompt.kind)).toEqual(['password', 'totp-code']);
  });

  it('an expired code is reported as such, not as a wrong code', async () => {
    const user = await world.smsUser();
    backend.setCodeTtl(1);
    try {
      const prompter = scriptedPrompter({
        password: [user.password],
        'sms-code': [async () => (await new Promise((r) => setTimeout(r, 1_500)), backend.code)],
      });
      const error = await rejection(signIn(accountFor(world), { username: user.username, prompter, env }));
      expect(error.code).toBe('code-expired');
      expect(prompter.asked.filter((a) => a.prompt.kind === 'sms-code')).toHaveLength(1);
    } finally {
      backend.setCodeTtl(180);
    }
  });

  it('an expired challenge session ends the sign-in with a clear error', async () => {
    const user = await world.smsUser();
    backend.setSessionTtl(1);
    try {
      const prompter = scriptedPrompter({
        password: [user.password],
        'sms-code': [async () => (await new Promise((r) => setTimeout(r, 1_500)), backend.code)],
      });
      const error = await rejection(signIn(accountFor(world), { username: user.username, prompter, env }));
      expect(error.code).toBe('session-expired');
      expect(error.hint).toMatch(/again/);
    } finally {
      backend.setSessionTtl(180);
    }
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  it('asks for a new password (with the pool policy when it can be read), then the new password works', async () => {
    const user = await world.newPasswordUser();
    const newPassword = 'Brand-new-Passw0rd!';
    const withCreds = { AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey };
    const prompter = scriptedPrompter({ password: [user.password], 'new-password': ['short', newPassword] });
    const tokens = await signIn(accountFor(world), { username: user.username, prompter, env: withCreds });
    expect(tokens.username).toBe(user.username);
    const asks = prompter.asked.filter((a) => a.prompt.kind === 'new-password');
    expect(asks[0]?.prompt).toMatchObject({
      kind: 'new-password',
      requiredAttributes: [],
      policy: expect.objectContaining({ minimumLength: expect.any(Number) }),
    });
    expect(asks[1]?.retryReason).toMatch(/password needs/);
    expect(asks[1]?.retryReason).not.toContain('short');

    const next = await signIn(accountFor(world), { username: user.username, prompter: scriptedPrompter({ password: [newPassword] }), env });
    expect(next.username).toBe(user.username);
  });

  it('without credentials for DescribeUserPool the policy is simply unknown, and the server still judges', async () => {
    const user = await world.newPasswordUser();
    const prompter = scriptedPrompter({ password: [user.password], 'new-password': ['Another-Passw0rd!'] });
    await signIn(accountFor(world), { username: user.username, prompter, env });
    expect(prompter.asked.find((a) => a.prompt.kind === 'new-password')?.prompt).toEqual({ kind: 'new-password', requiredAttributes: [] });
  });
});

describe('refresh and revoke', () => {
  it('refreshes with GetTokensFromRefreshToken (exactly one call) and the new ID token verifies', async () => {
    const user = await world.plainUser();
    const tokens = await signIn(accountFor(world), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
    backend.resetCounts();
    const refreshed = await refreshSession(accountFor(world), tokens.refreshToken!, { env });
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(refreshed.username).toBe(user.username);
    expect((await verifyIdToken(accountFor(world), refreshed.idToken, env))['cognito:username']).toBe(user.username);
  });

  it('refreshes through a client with a secret, hashing the pool username', async () => {
    const user = await world.plainUser();
    const account = accountFor(world, { clientId: world.secretClientId, hasClientSecret: true });
    const tokens = await signIn(account, {
      username: user.username,
      clientSecret: world.clientSecret,
      prompter: scriptedPrompter({ password: [user.password] }),
      env,
    });
    const refreshed = await refreshSession(account, tokens.refreshToken!, { clientSecret: world.clientSecret, username: tokens.username, env });
    expect(decodeJwtPayload(refreshed.idToken).aud).toBe(world.secretClientId);
  });

  it('a revoked refresh token gives session-expired with the login hint', async () => {
    const user = await world.plainUser();
    const tokens = await signIn(accountFor(world), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
    await revokeRefreshToken(accountFor(world), tokens.refreshToken!, undefined, { env });
    const error = await rejection(refreshSession(accountFor(world), tokens.refreshToken!, { env }));
    expect(error.code).toBe('session-expired');
    expect(error.hint).toContain('cognito-broker login work');
    expect(error.describe()).not.toContain(tokens.refreshToken!.slice(0, 12));
  });
});

describe('revoke through a client with a secret', () => {
  it('revokes with the client secret; the refresh token is dead afterwards', async () => {
    const user = await world.plainUser();
    const account = accountFor(world, { clientId: world.secretClientId, hasClientSecret: true });
    const tokens = await signIn(account, {
      username: user.username,
      clientSecret: world.clientSecret,
      prompter: scriptedPrompter({ password: [user.password] }),
      env,
    });
    backend.resetCounts();
    await revokeRefreshToken(account, tokens.refreshToken!, world.clientSecret, { env });
    expect(backend.counts.userPool.get('RevokeToken')).toBe(1);
    const error = await rejection(refreshSession(account, tokens.refreshToken!, { clientSecret: world.clientSecret, username: tokens.username, env }));
    expect(error.code).toBe('session-expired');
  });
});

describe('token verification', () => {
  it('rejects a token whose signature was tampered with, and one for another app client', async () => {
    const user = await world.plainUser();
    const tokens = await signIn(accountFor(world), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
    const [h, p, s] = tokens.idToken.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...decodeJwtPayload(tokens.idToken), 'cognito:groups': ['admins'] })).toString('base64url');
    expect((await rejection(verifyIdToken(accountFor(world), `${h}.${forged}.${s}`, env))).code).toBe('token-invalid');
    expect((await rejection(verifyIdToken(accountFor(world, { clientId: world.secretClientId }), `${h}.${p}.${s}`, env))).code).toBe('token-invalid');
  });

  it('rejects an access token presented as an ID token', async () => {
    const user = await world.plainUser();
    const tokens = await signIn(accountFor(world), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
    expect((await rejection(verifyIdToken(accountFor(world), tokens.accessToken, env))).code).toBe('token-invalid');
  });

  it('reports an expired ID token as an expired session', async () => {
    const short = await seedWorld(backend, { idTokenValiditySeconds: 1 });
    const user = await short.plainUser();
    const tokens = await signIn(accountFor(short), { username: user.username, prompter: scriptedPrompter({ password: [user.password] }), env });
    await new Promise((r) => setTimeout(r, 2_100));
    // Expiry is judged by AWS's clock with a 2-minute tolerance (token-clock.ts): one second past `exp` is
    // still inside it, three minutes past is not. The server's clock is taken to run 3 minutes ahead here
    // rather than waiting 3 minutes.
    expect((await verifyIdToken(accountFor(short), tokens.idToken, env)).sub).toBe(user.sub);
    recordServerClockOffset(3 * 60_000);
    try {
      const error = await rejection(verifyIdToken(accountFor(short), tokens.idToken, env));
      expect(error.code).toBe('session-expired');
    } finally {
      forgetServerClock();
    }
  });
});

describe('unreachable endpoint', () => {
  it('a closed port is a network error naming the endpoint', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const account = accountFor(world, { endpoints: { cognitoIdentityProvider: endpoint } });
    const error = await rejection(signIn(account, { username: 'someone', prompter: scriptedPrompter({ password: ['x'] }), env }));
    expect(error.code).toBe('network');
    expect(error.message).toContain(endpoint);
    const refresh = await rejection(refreshSession(account, 'some-refresh-token', { env }));
    expect(refresh.code).toBe('network');
  });
});
