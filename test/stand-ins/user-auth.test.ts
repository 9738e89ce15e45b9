import {
  CreateUserPoolCommand,
  DeleteWebAuthnCredentialCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createSrpSession, signSrpSession, wrapAuthChallenge } from 'cognito-srp-helper';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { secretHash } from './srp-server.js';
import { clientAllowsFlow } from './user-pool-front.js';

/**
 * Choice-based sign-in (USER_AUTH) on the backend, through the AWS SDK: the app client's ALLOW_USER_AUTH, the
 * pool's first factors, SELECT_CHALLENGE and its AvailableChallenges, each first factor, one-time codes
 * (masking, wrong, expired, a new code by starting again), MFA after a password only, passwordless users, and
 * passkeys (WebAuthnConfiguration, ListWebAuthnCredentials, DeleteWebAuthnCredential, the WEB_AUTHN challenge).
 */
let backend: Backend;
let world: World;
let classic: World;
let mfaOnWorld: World;
let idp: CognitoIdentityProviderClient;
const RP = 'auth.example.com';

beforeAll(async () => {
  backend = await startBackend();
  idp = backend.userPoolClient();
  [world, classic, mfaOnWorld] = await Promise.all([
    seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] }),
    seedWorld(backend),
    seedWorld(backend, { mfa: 'ON', firstFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] }),
  ]);
  await idp.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId, WebAuthnConfiguration: { RelyingPartyId: RP, UserVerification: 'preferred' } }),
  );
});

afterAll(async () => {
  await backend?.stop();
});

function userAuth(w: World, username: string, params: Record<string, string> = {}, clientId = w.clientId): Promise<InitiateAuthCommandOutput> {
  return idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, ...params } }));
}

function answer(w: World, user: { username: string }, challenge: { ChallengeName?: string; Session?: string }, responses: Record<string, string>) {
  return idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: w.clientId,
      ChallengeName: challenge.ChallengeName as 'SELECT_CHALLENGE',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: user.username, ...responses },
    }),
  );
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to fail');
}

const withPhone = (): Promise<SeededUser> => world.plainUser(undefined, { email: `p${Date.now()}@example.com`, phoneNumber: '+15550101234' });

describe('the app client and the pool decide whether USER_AUTH runs and what it offers', () => {
  it('clientAllowsFlow: USER_AUTH only with ALLOW_USER_AUTH (not by default, not in a legacy list)', () => {
    expect(clientAllowsFlow(undefined, 'USER_AUTH')).toBe(false);
    expect(clientAllowsFlow(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], 'USER_AUTH')).toBe(false);
    expect(clientAllowsFlow(['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], 'USER_AUTH')).toBe(true);
    expect(clientAllowsFlow(['USER_PASSWORD_AUTH'], 'USER_AUTH')).toBe(false);
  });

  it('refuses USER_AUTH on an app client without ALLOW_USER_AUTH', async () => {
    const user = await classic.plainUser();
    const error = await failure(userAuth(classic, user.username));
    expect(error).toEqual({ name: 'InvalidParameterException', message: 'USER_AUTH flow not enabled for this client' });
  });

  it('keeps the first factors: DescribeUserPool reports them, UpdateUserPool without them goes back to PASSWORD', async () => {
    const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: world.userPoolId }));
    expect(UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);
    const pool = await idp.send(
      new CreateUserPoolCommand({ PoolName: 'first-factors', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }),
    );
    expect(pool.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP']);
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool.UserPool!.Id! }));
    const after = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool.UserPool!.Id! }));
    expect(after.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(['PASSWORD']);
  });

  it('refuses first factors without PASSWORD or with an unknown value', async () => {
    const noPassword = await failure(
      idp.send(new CreateUserPoolCommand({ PoolName: 'bad-1', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['EMAIL_OTP'] } } })),
    );
    expect(noPassword.name).toBe('InvalidParameterException');
    const unknown = await failure(
      idp.send(new CreateUserPoolCommand({ PoolName: 'bad-2', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'TOTP' as 'PASSWORD'] } } })),
    );
    expect(unknown.name).toBe('InvalidParameterException');
  });
});

describe('SELECT_CHALLENGE lists what this user can use', () => {
  it('password, SRP, e-mail and SMS codes for a user with both addresses; no passkey choice without a passkey', async () => {
    const user = await withPhone();
    const init = await userAuth(world, user.username);
    expect(init.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(init.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    expect(init.Session).toBeTruthy();
  });

  it('no SMS_OTP without a phone number, no EMAIL_OTP without an e-mail address', async () => {
    const mailOnly = await world.plainUser(undefined, { email: `m${Date.now()}@example.com` });
    expect((await userAuth(world, mailOnly.username)).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const neither = await world.plainUser();
    expect((await userAuth(world, neither.username)).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('WEB_AUTHN once the user has a passkey; no password factors for a passwordless user', async () => {
    const user = await world.passwordlessUser();
    expect((await userAuth(world, user.username)).AvailableChallenges).toEqual(['EMAIL_OTP']);
    await backend.addPasskey(world.userPoolId, user.username);
    expect((await userAuth(world, user.username)).AvailableChallenges).toEqual(['EMAIL_OTP', 'WEB_AUTHN']);
  });

  it('only the password factors where MFA is required, or for a user with an MFA factor', async () => {
    const required = await mfaOnWorld.plainUser(undefined, { email: `r${Date.now()}@example.com` });
    expect((await userAuth(mfaOnWorld, required.username)).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    const withMfa = await world.emailUser();
    expect((await userAuth(world, withMfa.username)).AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('an unavailable PREFERRED_CHALLENGE is answered with SELECT_CHALLENGE', async () => {
    const user = await world.plainUser();
    const init = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(init.ChallengeName).toBe('SELECT_CHALLENGE');
    expect(init.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
  });

  it('an ANSWER outside AvailableChallenges is refused; the selection is counted like any challenge', async () => {
    const user = await world.plainUser();
    const init = await userAuth(world, user.username);
    backend.resetCounts();
    const error = await failure(answer(world, user, init, { ANSWER: 'EMAIL_OTP' }));
    expect(error.name).toBe('InvalidParameterException');
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SELECT_CHALLENGE')).toBe(1);
  });
});

describe('password factors', () => {
  it('PREFERRED_CHALLENGE PASSWORD signs in in one call; a wrong password is NotAuthorizedException', async () => {
    const user = await world.plainUser();
    const done = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: user.password });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(done.AuthenticationResult?.RefreshToken).toBeTruthy();
    const wrong = await failure(userAuth(world, user.username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Wrong-password-1!' }));
    expect(wrong).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('SELECT_CHALLENGE → PASSWORD_SRP with SRP_A → PASSWORD_VERIFIER → tokens', async () => {
    const user = await world.plainUser();
    const init = await userAuth(world, user.username);
    const srp = createSrpSession(user.username, user.password, world.userPoolId, false);
    const verifier = await answer(world, user, init, { ANSWER: 'PASSWORD_SRP', SRP_A: srp.largeA });
    expect(verifier.ChallengeName).toBe('PASSWORD_VERIFIER');
    const done = await idp.send(
      new RespondToAuthChallengeCommand(
        wrapAuthChallenge(signSrpSession(srp, verifier), {
          ClientId: world.clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: verifier.Session,
          ChallengeResponses: { USERNAME: user.username },
        }),
      ),
    );
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('MFA follows the password factor exactly as in the other flows', async () => {
    const user = await world.emailUser();
    const init = await userAuth(world, user.username);
    const mfa = await answer(world, user, init, { ANSWER: 'PASSWORD', PASSWORD: user.password });
    expect(mfa.ChallengeName).toBe('EMAIL_OTP');
    const done = await answer(world, user, mfa, { EMAIL_OTP_CODE: backend.code });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('checks SECRET_HASH on an app client with a secret', async () => {
    const user = await world.plainUser();
    const missing = await failure(userAuth(world, user.username, {}, world.secretClientId));
    expect(missing.name).toBe('NotAuthorizedException');
    const hash = secretHash(world.clientSecret, user.username, world.secretClientId);
    const init = await userAuth(world, user.username, { SECRET_HASH: hash }, world.secretClientId);
    expect(init.ChallengeName).toBe('SELECT_CHALLENGE');
  });
});

describe('one-time codes', () => {
  it('EMAIL_OTP: masked destination, a wrong code keeps the session, the right one signs in without MFA', async () => {
    const user = await world.plainUser(undefined, { email: 'jane.doe@example.com' });
    const code = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(code.ChallengeName).toBe('EMAIL_OTP');
    expect(code.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'j***@e***' });
    const wrong = await failure(answer(world, user, code, { EMAIL_OTP_CODE: '000000' }));
    expect(wrong.name).toBe('CodeMismatchException');
    const done = await answer(world, user, code, { EMAIL_OTP_CODE: backend.code });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('SMS_OTP through SELECT_CHALLENGE, answered as SMS_OTP_CODE', async () => {
    const user = await withPhone();
    const init = await userAuth(world, user.username);
    const code = await answer(world, user, init, { ANSWER: 'SMS_OTP' });
    expect(code.ChallengeName).toBe('SMS_OTP');
    expect(code.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    const done = await answer(world, user, code, { SMS_OTP_CODE: backend.code });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('an expired code is ExpiredCodeException; starting InitiateAuth again sends a new code that works', async () => {
    const user = await world.passwordlessUser();
    const first = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    backend.expireCodes();
    const expired = await failure(answer(world, user, first, { EMAIL_OTP_CODE: backend.code }));
    expect(expired.name).toBe('ExpiredCodeException');
    const again = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(again.Session).not.toBe(first.Session);
    const done = await answer(world, user, again, { EMAIL_OTP_CODE: backend.code });
    // The tokens of a passwordless sign-in refresh like any others.
    const refreshed = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: world.clientId,
        AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult!.RefreshToken! },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});

describe('passkeys', () => {
  it('GetUserPoolMfaConfig reports the WebAuthnConfiguration set by SetUserPoolMfaConfig', async () => {
    const config = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: world.userPoolId }));
    expect(config.WebAuthnConfiguration).toEqual({ RelyingPartyId: RP, UserVerification: 'preferred' });
  });

  it('lists the signed-in user passkeys page by page, with the pool relying party, and deletes one', async () => {
    const user = await world.plainUser();
    const a = await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Laptop', attachment: 'platform' });
    const b = await backend.addPasskey(world.userPoolId, user.username, { friendlyName: 'Key', attachment: 'cross-platform', transports: ['usb'] });
    const signedIn = await userAuth(world, user.username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: user.password });
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    const page1 = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken, MaxResults: 1 }));
    expect(page1.Credentials).toHaveLength(1);
    expect(page1.Credentials![0]).toMatchObject({
      CredentialId: a.credentialId,
      FriendlyCredentialName: 'Laptop',
      RelyingPartyId: RP,
      AuthenticatorAttachment: 'platform',
    });
    expect(page1.Credentials?.[0]?.CreatedAt).toBeInstanceOf(Date);
    expect(page1.NextToken).toBeTruthy();
    const page2 = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken, MaxResults: 1, NextToken: page1.NextToken }));
    expect(page2.Credentials?.map((c) => c.CredentialId)).toEqual([b.credentialId]);
    expect(page2.NextToken).toBeUndefined();

    const unknown = await failure(idp.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: 'no-such-credential' })));
    expect(unknown.name).toBe('ResourceNotFoundException');
    await idp.send(new DeleteWebAuthnCredentialCommand({ AccessToken, CredentialId: a.credentialId }));
    const left = await idp.send(new ListWebAuthnCredentialsCommand({ AccessToken }));
    expect(left.Credentials?.map((c) => c.CredentialId)).toEqual([b.credentialId]);
  });

  it('a pool that names no relying party: its passkeys belong to its managed-login (prefix) domain', async () => {
    const config = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: classic.userPoolId }));
    expect(config.WebAuthnConfiguration).toEqual({ UserVerification: 'preferred' });
    const user = await classic.plainUser();
    const passkey = await backend.addPasskey(classic.userPoolId, user.username);
    const [region, id] = classic.userPoolId.split('_');
    expect(passkey.relyingPartyId).toBe(`${id!.toLowerCase()}.auth.${region}.amazoncognito.com`);
  });

  it('checks the access token like the other token calls', async () => {
    const error = await failure(idp.send(new ListWebAuthnCredentialsCommand({ AccessToken: 'not-a-token' })));
    expect(error.name).toBe('NotAuthorizedException');
  });

  it('WEB_AUTHN: the challenge carries the request options; an assertion the backend cannot verify is refused', async () => {
    const user = await world.passwordlessUser();
    const passkey = await backend.addPasskey(world.userPoolId, user.username);
    const init = await userAuth(world, user.username);
    const challenge = await answer(world, user, init, { ANSWER: 'WEB_AUTHN' });
    expect(challenge.ChallengeName).toBe('WEB_AUTHN');
    const options = JSON.parse(challenge.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!) as {
      rpId: string;
      challenge: string;
      allowCredentials: { id: string; type: string }[];
    };
    expect(options.rpId).toBe(RP);
    expect(options.challenge).toBeTruthy();
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: passkey.credentialId, type: 'public-key' })]);
    const refused = await failure(answer(world, user, challenge, { CREDENTIAL: JSON.stringify({ id: passkey.credentialId, response: {} }) }));
    expect(refused.name).toBe('NotAuthorizedException');
  });
});
