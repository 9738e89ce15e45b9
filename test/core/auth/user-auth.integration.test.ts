import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { worldAccount } from '../../stand-ins/world-account.js';
import type { Account } from '../../../main/core/accounts/account.js';
import { signIn } from '../../../main/core/auth/sign-in.js';
import { MAX_NEW_CODES } from '../../../main/core/auth/sign-in/one-time-codes.js';
import { SEND_NEW_CODE } from '../../../main/contract/sign-in-method.js';
import { scriptedPrompter } from './scripted-prompter.js';
import { rejection } from '../../support/rejection.js';

/**
 * Choice-based sign-in (AuthFlow USER_AUTH) through the real state machine against the project's backend,
 * which emulates USER_AUTH, SELECT_CHALLENGE, the one-time codes and passkeys as AWS documents them.
 */
let backend: Backend;
let world: World;
let classic: World;
const env: NodeJS.ProcessEnv = {};

const userAuth = (w: World, overrides: Partial<Account> = {}): Account => worldAccount(backend, w, { authFlow: 'user-auth', ...overrides });

let serial = 0;
const unique = () => `ua${Date.now()}${++serial}@example.com`;
/** A user with a password and an e-mail address (EMAIL_OTP needs one). */
const mailUser = () => world.plainUser(undefined, { email: unique() });
const phoneUser = () => world.plainUser(undefined, { email: unique(), phoneNumber: '+15550101234' });

beforeAll(async () => {
  backend = await startBackend();
  [world, classic] = await Promise.all([seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] }), seedWorld(backend)]);
  const idp = backend.userPoolClient();
  // Passkeys belong to the pool's relying party (WebAuthnConfiguration.RelyingPartyId).
  await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: world.userPoolId,
      WebAuthnConfiguration: { RelyingPartyId: 'auth.example.com', UserVerification: 'preferred' },
    }),
  );
});

afterAll(async () => {
  await backend?.stop();
});

describe('USER_AUTH with a preferred first factor', () => {
  it("'password' goes through PASSWORD_SRP: SRP_A up front, then PASSWORD_VERIFIER (the password never sent)", async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ password: [user.password] });
    const tokens = await signIn(userAuth(world, { firstFactor: 'password' }), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    expect(prompter.asked.map((a) => a.prompt.kind)).toEqual(['password']);
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:USER_SRP_AUTH') ?? 0).toBe(0);
  });

  it('a wrong password is asked again with the reason, each try a new USER_AUTH start', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ password: ['Not-the-password-1', user.password] });
    await signIn(userAuth(world, { firstFactor: 'password' }), { username: user.username, prompter, env });
    expect(prompter.asked[1]?.retryReason).toMatch(/not right/);
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(2);
  });

  it("the sign-in's method overrides the account's preference: an e-mail code with the masked address", async () => {
    const user = await mailUser();
    const prompter = scriptedPrompter({ 'email-code': ['000000', backend.code] });
    const tokens = await signIn(userAuth(world, { firstFactor: 'password' }), { username: user.username, method: 'email-code', prompter, env });
    expect(tokens.username).toBe(user.username);
    const asks = prompter.asked.filter((a) => a.prompt.kind === 'email-code');
    expect(asks[0]?.prompt).toMatchObject({ kind: 'email-code', canResend: true, destination: expect.stringContaining('@') });
    expect((asks[0]?.prompt as { destination: string }).destination).not.toBe(user.email);
    expect(asks[1]?.retryReason).toMatch(/not right/);
    expect(prompter.asked.some((a) => a.prompt.kind === 'password')).toBe(false);
  });

  it('an SMS code (SMS_OTP, answered as SMS_OTP_CODE) with the masked number', async () => {
    const user = await phoneUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ 'sms-code': [backend.code] });
    await signIn(userAuth(world, { firstFactor: 'sms-code' }), { username: user.username, prompter, env });
    expect(prompter.asked[0]?.prompt).toMatchObject({ kind: 'sms-code', canResend: true, destination: expect.stringMatching(/^\+\*+\d{4}$/) });
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SMS_OTP')).toBe(1);
  });

  it(`a new code starts USER_AUTH again with the same preference (at most ${MAX_NEW_CODES} times), and says where it went`, async () => {
    const user = await mailUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ 'email-code': [SEND_NEW_CODE, backend.code] });
    await signIn(userAuth(world, { firstFactor: 'email-code' }), { username: user.username, prompter, env });
    expect(backend.counts.userPool.get('InitiateAuth:USER_AUTH')).toBe(2);
    expect(prompter.infos.join('\n')).toMatch(/A new code was sent to .*@/);
    expect(prompter.asked.filter((a) => a.prompt.kind === 'email-code')[1]?.retryReason).toBeUndefined();

    const greedy = scriptedPrompter({ 'email-code': [SEND_NEW_CODE] });
    const error = await rejection(signIn(userAuth(world, { firstFactor: 'email-code' }), { username: user.username, prompter: greedy, env }));
    expect(error.code).toBe('too-many-requests');
    expect(greedy.asked).toHaveLength(MAX_NEW_CODES + 1);
  });

  it('an expired code is said to be expired, and a new code then signs in', async () => {
    const user = await mailUser();
    let expired = false;
    const prompter = scriptedPrompter({
      'email-code': [
        () => {
          backend.expireCodes();
          expired = true;
          return backend.code;
        },
        SEND_NEW_CODE,
        backend.code,
      ],
    });
    await signIn(userAuth(world, { firstFactor: 'email-code' }), { username: user.username, prompter, env });
    expect(expired).toBe(true);
    expect(prompter.asked[1]?.retryReason).toMatch(/expired/);
  });
});

describe('SELECT_CHALLENGE', () => {
  it('shows the factors the pool offers this user (password once), refuses an unknown choice locally, runs the chosen one', async () => {
    const user = await phoneUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ 'select-factor': ['carrier-pigeon', 'sms-code'], 'sms-code': [backend.code] });
    await signIn(userAuth(world), { username: user.username, prompter, env });
    const choose = prompter.asked.filter((a) => a.prompt.kind === 'select-factor');
    expect(choose[0]?.prompt).toEqual({ kind: 'select-factor', options: ['password', 'email-code', 'sms-code'] });
    expect(choose[1]?.retryReason).toMatch(/Choose one of/);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SELECT_CHALLENGE')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SMS_OTP')).toBe(1);
  });

  it('choosing the password answers SELECT_CHALLENGE with PASSWORD_SRP and SRP_A; a wrong one starts over', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const prompter = scriptedPrompter({ 'select-factor': ['password'], password: ['Not-the-password-1', user.password] });
    const tokens = await signIn(userAuth(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SELECT_CHALLENGE')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:PASSWORD_VERIFIER')).toBe(2);
    expect(prompter.asked.filter((a) => a.prompt.kind === 'password')[1]?.retryReason).toMatch(/not right/);
  });

  it('a passwordless user offered a single factor is not asked to choose', async () => {
    const user = await world.passwordlessUser();
    const prompter = scriptedPrompter({ 'email-code': [backend.code] });
    const tokens = await signIn(userAuth(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    expect(prompter.asked.map((a) => a.prompt.kind)).toEqual(['email-code']);
  });

  it('an account preference the user cannot use falls back to the choice, saying so', async () => {
    const user = await mailUser();
    const prompter = scriptedPrompter({ 'select-factor': ['email-code'], 'email-code': [backend.code] });
    await signIn(userAuth(world, { firstFactor: 'sms-code' }), { username: user.username, prompter, env });
    expect(prompter.infos.join('\n')).toMatch(/code by text message is not offered/i);
    expect(prompter.asked[0]?.prompt).toEqual({ kind: 'select-factor', options: ['password', 'email-code'] });
  });

  it('a method the pool does not offer this user is refused with the ones it does', async () => {
    const user = await world.plainUser();
    const error = await rejection(signIn(userAuth(world), { username: user.username, method: 'sms-code', prompter: scriptedPrompter({}), env }));
    expect(error.code).toBe('auth-challenge');
    expect(error.message).toMatch(/does not offer sign-in with code by text message/);
    expect(error.hint).toContain('cognito-broker login work --method password');
  });
});

describe('MFA after a password, as with the other flows', () => {
  it("a user with e-mail MFA is offered only the password; the e-mail code that follows is MFA (no 'new code')", async () => {
    const user = await world.emailUser();
    const prompter = scriptedPrompter({ password: [user.password], 'email-code': [backend.code] });
    const tokens = await signIn(userAuth(world), { username: user.username, prompter, env });
    expect(tokens.username).toBe(user.username);
    expect(prompter.asked.map((a) => a.prompt.kind)).toEqual(['password', 'email-code']);
    expect(prompter.asked[1]?.prompt).not.toHaveProperty('canResend');
  });

  it('TOTP after the password', async () => {
    const user = await world.totpUser();
    const prompter = scriptedPrompter({ password: [user.password], 'totp-code': [() => world.totpCode(user.totpSecret ?? '')] });
    await signIn(userAuth(world, { firstFactor: 'password' }), { username: user.username, prompter, env });
    expect(prompter.asked.map((a) => a.prompt.kind)).toEqual(['password', 'totp-code']);
  });
});

describe('passkeys', () => {
  it('a passkey asked for up front goes straight to managed login: no USER_AUTH call, no username asked', async () => {
    backend.resetCounts();
    const browserTokens = { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', username: 'from-browser' };
    const prompter = scriptedPrompter({});
    for (const [account, method] of [
      [userAuth(world), 'passkey'],
      [userAuth(world, { firstFactor: 'passkey' }), undefined],
    ] as const) {
      const tokens = await signIn(account, { prompter, env, ...(method ? { method } : {}), browserSignIn: () => Promise.resolve(browserTokens) });
      expect(tokens).toBe(browserTokens);
    }
    expect(prompter.asked).toEqual([]);
    expect(backend.counts.userPool.get('InitiateAuth') ?? 0).toBe(0);
  });

  it('choosing a passkey hands the sign-in to managed login in the browser', async () => {
    const user = await mailUser();
    await backend.addPasskey(world.userPoolId, user.username);
    const browserTokens = { idToken: 'id', accessToken: 'access', refreshToken: 'refresh', username: user.username };
    let opened = 0;
    const prompter = scriptedPrompter({ 'select-factor': ['passkey'] });
    const tokens = await signIn(userAuth(world), {
      username: user.username,
      prompter,
      env,
      browserSignIn: () => {
        opened += 1;
        return Promise.resolve(browserTokens);
      },
    });
    expect(tokens).toBe(browserTokens);
    expect(opened).toBe(1);
    expect(prompter.asked[0]?.prompt).toEqual({ kind: 'select-factor', options: ['password', 'email-code', 'passkey'] });
    expect(prompter.infos.join('\n')).toMatch(/browser/);
  });

  it('an account without managed-login settings is told passkeys need them, and how to add them', async () => {
    const user = await world.plainUser();
    const error = await rejection(signIn(userAuth(world), { username: user.username, method: 'passkey', prompter: scriptedPrompter({}), env }));
    expect(error.code).toBe('auth-challenge');
    expect(error.message).toMatch(/managed login/);
    expect(error.hint).toContain('cognito-broker account update work --hosted-ui-domain');
  });
});

describe('refusals', () => {
  it('a first factor asked for on an account of another flow is refused before any call', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    const error = await rejection(signIn(worldAccount(backend, world), { username: user.username, method: 'email-code', prompter: scriptedPrompter({}), env }));
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toBe('Choosing how to sign in is for accounts with choice-based sign-in, and work uses srp.');
    expect(error.hint).toContain('cognito-broker account update work --auth-flow user-auth');
    expect(backend.counts.userPool.get('InitiateAuth') ?? 0).toBe(0);
  });

  it('an app client without ALLOW_USER_AUTH is one sentence naming it, with the way back to SRP', async () => {
    const user = await classic.plainUser();
    const error = await rejection(signIn(userAuth(classic), { username: user.username, prompter: scriptedPrompter({}), env }));
    expect(error.code).toBe('auth-failed');
    expect(error.message).toBe('The app client of account work does not allow choice-based sign-in (USER_AUTH).');
    expect(error.hint).toContain('ALLOW_USER_AUTH');
    expect(error.hint).toContain('cognito-broker account update work --auth-flow srp');
  });
});
