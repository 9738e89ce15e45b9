import {
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  AdminGetUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { createSrpSession, signSrpSession, wrapAuthChallenge, wrapInitiateAuth } from 'cognito-srp-helper';
import { authenticator } from 'otplib';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { secretHash } from './srp-server.js';
import { clientAllowsFlow, maskEmail, maskPhone } from './user-pool-front.js';

/**
 * The user-pool front: every challenge a sign-in can meet (real TOTP through cognito-local, emulated SMS,
 * e-mail OTP, SELECT_MFA_TYPE, MFA_SETUP, NEW_PASSWORD_REQUIRED), expired sessions and codes, AWS's error
 * names where cognito-local differs, and the call counters.
 */
let backend: Backend;
let world: World;
let mfaOnWorld: World;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  backend = await startBackend();
  idp = backend.userPoolClient();
  [world, mfaOnWorld] = await Promise.all([seedWorld(backend), seedWorld(backend, { mfa: 'ON' })]);
});

afterAll(async () => {
  await backend?.stop();
});

/** USER_SRP_AUTH up to whatever follows the password (tokens or the next challenge). */
async function srpSignIn(w: World, username: string, password: string): Promise<InitiateAuthCommandOutput> {
  const session = createSrpSession(username, password, w.userPoolId, false);
  const init = await idp.send(
    new InitiateAuthCommand(
      wrapInitiateAuth(session, { ClientId: w.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: username } }),
    ),
  );
  return idp.send(
    new RespondToAuthChallengeCommand(
      wrapAuthChallenge(signSrpSession(session, init), {
        ClientId: w.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: username },
      }),
    ),
  );
}

function respond(w: World, user: SeededUser, challenge: InitiateAuthCommandOutput, responses: Record<string, string>) {
  return idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: w.clientId,
      ChallengeName: challenge.ChallengeName,
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: user.username, ...responses },
    }),
  );
}

describe('password sign-in errors like AWS', () => {
  it('wrong password on USER_PASSWORD_AUTH → NotAuthorizedException (cognito-local says InvalidPasswordException)', async () => {
    const user = await world.plainUser();
    await expect(
      idp.send(
        new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: world.clientId, AuthParameters: { USERNAME: user.username, PASSWORD: 'nope' } }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('unknown user → UserNotFoundException (client without PreventUserExistenceErrors)', async () => {
    await expect(srpSignIn(world, 'nobody-here', 'whatever')).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('disabled user → NotAuthorizedException "User is disabled."', async () => {
    const user = await world.plainUser();
    await idp.send(new AdminDisableUserCommand({ UserPoolId: world.userPoolId, Username: user.username }));
    await expect(srpSignIn(world, user.username, user.password)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
  });

  it('finds an app client created behind its back in cognito-local, past the first page of pools', async () => {
    const direct = backend.userPoolClient();
    const local = new (await import('@aws-sdk/client-cognito-identity-provider')).CognitoIdentityProviderClient({
      region: backend.region,
      endpoint: backend.cognitoLocalEndpoint,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    const { CreateUserPoolCommand, CreateUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    try {
      for (let i = 0; i < 61; i++) await local.send(new CreateUserPoolCommand({ PoolName: `filler-${i}` }));
      const { UserPool } = await local.send(new CreateUserPoolCommand({ PoolName: 'late' }));
      const { UserPoolClient } = await local.send(
        new CreateUserPoolClientCommand({
          UserPoolId: UserPool!.Id!,
          ClientName: 'direct',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      );
      await expect(
        direct.send(
          new InitiateAuthCommand({
            AuthFlow: 'USER_PASSWORD_AUTH',
            ClientId: UserPoolClient!.ClientId!,
            AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'UserNotFoundException',
      });
    } finally {
      local.destroy();
    }
  });

  it('a flow the app client does not allow → InvalidParameterException (AWS default list when none is set)', async () => {
    const user = await world.plainUser();
    const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: world.userPoolId, ClientName: 'default-flows' }));
    await expect(
      idp.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: UserPoolClient!.ClientId!,
          AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'USER_PASSWORD_AUTH flow not enabled for this client',
    });
    const srpOff = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: world.userPoolId,
        ClientName: 'password-only',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const session = createSrpSession(user.username, user.password, world.userPoolId, false);
    await expect(
      idp.send(
        new InitiateAuthCommand(
          wrapInitiateAuth(session, {
            ClientId: srpOff.UserPoolClient!.ClientId!,
            AuthFlow: 'USER_SRP_AUTH',
            AuthParameters: { CHALLENGE_NAME: 'SRP_A', USERNAME: user.username },
          }),
        ),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_SRP_AUTH is not enabled for the client.' });
    expect(clientAllowsFlow(undefined, 'USER_SRP_AUTH')).toBe(true);
    expect(clientAllowsFlow(['USER_PASSWORD_AUTH'], 'USER_SRP_AUTH')).toBe(true);
    expect(clientAllowsFlow(['USER_PASSWORD_AUTH'], 'USER_PASSWORD_AUTH')).toBe(true);
    expect(clientAllowsFlow(['ADMIN_NO_SRP_AUTH'], 'USER_PASSWORD_AUTH')).toBe(false);
  });

  it('unknown app client → ResourceNotFoundException', async () => {
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: 'nosuchclient', AuthParameters: { USERNAME: 'x', SRP_A: 'abc' } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('SOFTWARE_TOKEN_MFA (real TOTP in cognito-local)', () => {
  it('right code → tokens; wrong code → CodeMismatchException', async () => {
    const user = await world.totpUser();
    expect(user.totpSecret).toMatch(/^[A-Z2-7]+=*$/);
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    await expect(
      respond(world, user, first, { SOFTWARE_TOKEN_MFA_CODE: '000000' === authenticator.generate(user.totpSecret!) ? '111111' : '000000' }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const done = await respond(world, user, first, { SOFTWARE_TOKEN_MFA_CODE: authenticator.generate(user.totpSecret!) });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('SMS_MFA and EMAIL_OTP (emulated)', () => {
  it('SMS_MFA with a masked destination; wrong code → CodeMismatchException; the fixed code → tokens', async () => {
    const user = await world.smsUser(undefined, { phoneNumber: '+15550001234' });
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('SMS_MFA');
    expect(first.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' });
    await expect(respond(world, user, first, { SMS_MFA_CODE: '999999' })).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const done = await respond(world, user, first, { SMS_MFA_CODE: backend.code });
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('EMAIL_OTP with a masked destination → tokens with the fixed code', async () => {
    const user = await world.emailUser(undefined, { email: 'jane.doe@example.com' });
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('EMAIL_OTP');
    expect(first.ChallengeParameters).toMatchObject({ CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'j***@e***' });
    const done = await respond(world, user, first, { EMAIL_OTP_CODE: backend.code });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('masks like AWS', () => {
    expect(maskPhone('+447700900123')).toBe('+********0123');
    expect(maskEmail('bob@corp.example')).toBe('b***@c***');
  });
});

describe('SELECT_MFA_TYPE', () => {
  it('offers every enabled factor; each answer leads to its challenge and to tokens', async () => {
    const user = await world.multiFactorUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('SELECT_MFA_TYPE');
    expect(JSON.parse(first.ChallengeParameters!.MFAS_CAN_CHOOSE!)).toEqual(expect.arrayContaining(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']));

    const sms = await respond(world, user, first, { ANSWER: 'SMS_MFA' });
    expect(sms.ChallengeName).toBe('SMS_MFA');
    expect((await respond(world, user, sms, { SMS_MFA_CODE: backend.code })).AuthenticationResult?.IdToken).toBeTruthy();

    const again = await srpSignIn(world, user.username, user.password);
    const totp = await respond(world, user, again, { ANSWER: 'SOFTWARE_TOKEN_MFA' });
    expect(totp.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect(
      (await respond(world, user, totp, { SOFTWARE_TOKEN_MFA_CODE: authenticator.generate(user.totpSecret!) })).AuthenticationResult?.IdToken,
    ).toBeTruthy();

    const third = await srpSignIn(world, user.username, user.password);
    const email = await respond(world, user, third, { ANSWER: 'EMAIL_OTP' });
    expect(email.ChallengeName).toBe('EMAIL_OTP');
    expect((await respond(world, user, email, { EMAIL_OTP_CODE: backend.code })).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('a preferred factor is asked directly; AdminGetUser reports the factors', async () => {
    const user = await world.createUser({ mfa: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'], preferredMfa: 'SMS_MFA' });
    expect((await srpSignIn(world, user.username, user.password)).ChallengeName).toBe('SMS_MFA');
    const described = await idp.send(new AdminGetUserCommand({ UserPoolId: world.userPoolId, Username: user.username }));
    expect(described.UserMFASettingList).toEqual(expect.arrayContaining(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']));
    expect(described.PreferredMfaSetting).toBe('SMS_MFA');
  });
});

describe('MFA settings the front keeps', () => {
  it('a pool with MFA OFF asks for no factor, even from a user with one', async () => {
    const off = await seedWorld(backend, { mfa: 'OFF' });
    const user = await off.smsUser();
    expect((await srpSignIn(off, user.username, user.password)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('AdminSetUserMFAPreference turns TOTP off (cognito-local cannot) and back on is refused without a verified token', async () => {
    const user = await world.totpUser();
    await idp.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: world.userPoolId,
        Username: user.username,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    expect((await srpSignIn(world, user.username, user.password)).AuthenticationResult?.IdToken).toBeTruthy();
    expect((await idp.send(new AdminGetUserCommand({ UserPoolId: world.userPoolId, Username: user.username }))).UserMFASettingList ?? []).not.toContain(
      'SOFTWARE_TOKEN_MFA',
    );
    await idp.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: world.userPoolId,
        Username: user.username,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    expect((await srpSignIn(world, user.username, user.password)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const plain = await world.plainUser();
    await expect(
      idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: world.userPoolId, Username: plain.username, SoftwareTokenMfaSettings: { Enabled: true } })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('SMS cannot be enabled for a user without a phone number', async () => {
    const plain = await world.plainUser();
    await expect(
      idp.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: world.userPoolId, Username: plain.username, SMSMfaSettings: { Enabled: true } })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});

describe('password policy (cognito-local does not apply it)', () => {
  it("a new password that breaks the policy → InvalidPasswordException with AWS's reason, and the old password still works", async () => {
    const user = await world.newPasswordUser();
    const first = await srpSignIn(world, user.username, user.password);
    await expect(respond(world, user, first, { NEW_PASSWORD: 'short' })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    await expect(world.createUser({ password: 'nouppercase-1!' })).rejects.toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });
    const plain = await world.plainUser();
    const { AuthenticationResult } = await srpSignIn(world, plain.username, plain.password);
    await expect(
      idp.send(
        new ChangePasswordCommand({ AccessToken: AuthenticationResult!.AccessToken, PreviousPassword: plain.password, ProposedPassword: 'NoSymbols123' }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidPasswordException',
    });
    expect((await srpSignIn(world, plain.username, plain.password)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('a pool with a relaxed policy accepts what it allows', async () => {
    const relaxed = await seedWorld(backend, {
      passwordPolicy: { MinimumLength: 6, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false },
    });
    const user = await relaxed.plainUser(undefined, { password: 'simple' });
    expect((await srpSignIn(relaxed, user.username, 'simple')).AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  it('admin-created user signs in with SRP, sets a new password, and the new one works with SRP', async () => {
    const user = await world.newPasswordUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const newPassword = 'Brand-new-Pw-42!';
    const done = await respond(world, user, first, { NEW_PASSWORD: newPassword });
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    expect((await srpSignIn(world, user.username, newPassword)).AuthenticationResult?.IdToken).toBeTruthy();
    await expect(srpSignIn(world, user.username, user.password)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});

describe('MFA_SETUP (pool MFA ON, user without a factor)', () => {
  it('the pool reports MFA ON', async () => {
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: mfaOnWorld.userPoolId }))).UserPool?.MfaConfiguration).toBe('ON');
    expect((await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: mfaOnWorld.userPoolId }))).MfaConfiguration).toBe('ON');
  });

  it('enrols TOTP with the Session, then signs in with SOFTWARE_TOKEN_MFA', async () => {
    const user = await mfaOnWorld.mfaSetupUser();
    const first = await srpSignIn(mfaOnWorld, user.username, user.password);
    expect(first.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(first.ChallengeParameters!.MFAS_CAN_SETUP!)).toContain('SOFTWARE_TOKEN_MFA');
    const associated = await idp.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
    expect(associated.SecretCode).toMatch(/^[A-Z2-7]+=*$/);
    const code = authenticator.generate(associated.SecretCode!);
    await expect(
      idp.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: code === '000000' ? '111111' : '000000' })),
    ).rejects.toMatchObject({
      name: 'EnableSoftwareTokenMFAException',
    });
    const verified = await idp.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: code, FriendlyDeviceName: 'laptop' }));
    expect(verified.Status).toBe('SUCCESS');
    const done = await idp.send(
      new RespondToAuthChallengeCommand({
        ClientId: mfaOnWorld.clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: user.username },
      }),
    );
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    const next = await srpSignIn(mfaOnWorld, user.username, user.password);
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('MFA_SETUP answered before the token is verified → NotAuthorizedException', async () => {
    const user = await mfaOnWorld.mfaSetupUser();
    const first = await srpSignIn(mfaOnWorld, user.username, user.password);
    await expect(
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: mfaOnWorld.clientId,
          ChallengeName: 'MFA_SETUP',
          Session: first.Session,
          ChallengeResponses: { USERNAME: user.username },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});

describe('expired sessions and codes', () => {
  it('a challenge session past its lifetime → NotAuthorizedException "Invalid session for the user, session is expired."', async () => {
    const user = await world.smsUser();
    const first = await srpSignIn(world, user.username, user.password);
    backend.expireSessions();
    await expect(respond(world, user, first, { SMS_MFA_CODE: backend.code })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('the sessionTtlSeconds lifetime applies to new sessions', async () => {
    const user = await world.smsUser();
    const first = await srpSignIn(world, user.username, user.password);
    backend.setSessionTtl(0);
    try {
      const again = await respond(world, user, first, { SMS_MFA_CODE: '000001' }).catch((e: Error) => e);
      expect(again).toMatchObject({ name: 'CodeMismatchException' });
      const second = await srpSignIn(world, user.username, user.password).catch((e: Error) => e);
      expect(second).toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
    } finally {
      backend.setSessionTtl(180);
    }
  });

  it('an SMS code past its lifetime → ExpiredCodeException', async () => {
    const user = await world.smsUser();
    const first = await srpSignIn(world, user.username, user.password);
    backend.expireCodes();
    await expect(respond(world, user, first, { SMS_MFA_CODE: backend.code })).rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('a made-up session → NotAuthorizedException', async () => {
    await expect(
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: world.clientId,
          ChallengeName: 'SMS_MFA',
          Session: 'made-up',
          ChallengeResponses: { USERNAME: 'x', SMS_MFA_CODE: '1' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});

describe('refresh, revoke, change password, counters', () => {
  it('counts exactly one REFRESH_TOKEN_AUTH per refresh; RevokeToken makes the refresh token fail', async () => {
    const user = await world.plainUser();
    const signedIn = await srpSignIn(world, user.username, user.password);
    const refreshToken = signedIn.AuthenticationResult!.RefreshToken!;
    backend.resetCounts();
    const refreshed = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    expect(refreshed.AuthenticationResult?.IdToken).toBeTruthy();
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth')).toBe(1);
    await idp.send(new RevokeTokenCommand({ ClientId: world.clientId, Token: refreshToken }));
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(backend.counts.userPool.get('RevokeToken')).toBe(1);
  });

  it('refresh on a client with a secret needs SECRET_HASH', async () => {
    const user = await world.plainUser();
    const hash = secretHash(world.clientSecret, user.username, world.secretClientId);
    const signedIn = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.secretClientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: user.password, SECRET_HASH: hash },
      }),
    );
    const refreshToken = signedIn.AuthenticationResult!.RefreshToken!;
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.secretClientId, AuthParameters: { REFRESH_TOKEN: refreshToken } })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const ok = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: world.secretClientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: hash },
      }),
    );
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('ChangePassword: wrong previous password → NotAuthorizedException; the new password then works with SRP', async () => {
    const user = await world.plainUser();
    const { AuthenticationResult } = await srpSignIn(world, user.username, user.password);
    await expect(
      idp.send(new ChangePasswordCommand({ AccessToken: AuthenticationResult!.AccessToken, PreviousPassword: 'wrong', ProposedPassword: 'Another-Pw-7!' })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
    await idp.send(
      new ChangePasswordCommand({ AccessToken: AuthenticationResult!.AccessToken, PreviousPassword: user.password, ProposedPassword: 'Another-Pw-7!' }),
    );
    expect((await srpSignIn(world, user.username, 'Another-Pw-7!')).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('counts SRP sign-ins by flow and challenge', async () => {
    const user = await world.plainUser();
    backend.resetCounts();
    await srpSignIn(world, user.username, user.password);
    expect(backend.counts.userPool.snapshot()).toMatchObject({
      'InitiateAuth:USER_SRP_AUTH': 1,
      'RespondToAuthChallenge:PASSWORD_VERIFIER': 1,
      InitiateAuth: 1,
      RespondToAuthChallenge: 1,
    });
  });
});

describe('tokens checked like AWS (cognito-local does not)', () => {
  it('an access token from a revoked refresh token → "Access Token has been revoked"; the refresh token → "Refresh Token has been revoked"', async () => {
    const user = await world.plainUser();
    const { AuthenticationResult: tokens } = await srpSignIn(world, user.username, user.password);
    expect((await idp.send(new GetUserCommand({ AccessToken: tokens!.AccessToken }))).Username).toBe(user.username);
    const refreshed = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: tokens!.RefreshToken! } }),
    );
    await idp.send(new RevokeTokenCommand({ ClientId: world.clientId, Token: tokens!.RefreshToken! }));
    for (const accessToken of [tokens!.AccessToken, refreshed.AuthenticationResult!.AccessToken]) {
      await expect(idp.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token has been revoked',
      });
    }
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: tokens!.RefreshToken! } })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it("GlobalSignOut and AdminUserGlobalSignOut revoke every token of the user, not other users' tokens", async () => {
    const user = await world.plainUser();
    const other = await world.plainUser();
    const a = (await srpSignIn(world, user.username, user.password)).AuthenticationResult!;
    const b = (await srpSignIn(world, user.username, user.password)).AuthenticationResult!;
    const o = (await srpSignIn(world, other.username, other.password)).AuthenticationResult!;
    await idp.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken }));
    await expect(idp.send(new GetUserCommand({ AccessToken: b.AccessToken }))).rejects.toMatchObject({ message: 'Access Token has been revoked' });
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: b.RefreshToken! } })),
    ).rejects.toMatchObject({
      message: 'Refresh Token has been revoked',
    });
    expect((await idp.send(new GetUserCommand({ AccessToken: o.AccessToken }))).Username).toBe(other.username);
    const fresh = (await srpSignIn(world, user.username, user.password)).AuthenticationResult!;
    expect((await idp.send(new GetUserCommand({ AccessToken: fresh.AccessToken }))).Username).toBe(user.username);
    await idp.send(new AdminUserGlobalSignOutCommand({ UserPoolId: world.userPoolId, Username: user.username }));
    await expect(idp.send(new GetUserCommand({ AccessToken: fresh.AccessToken }))).rejects.toMatchObject({ message: 'Access Token has been revoked' });
  });

  it('a forged access token → "Invalid Access Token"; an ID token in its place too', async () => {
    const user = await world.plainUser();
    const tokens = (await srpSignIn(world, user.username, user.password)).AuthenticationResult!;
    const [h, p, sig] = tokens.AccessToken!.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    payload.username = 'someone-else';
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    await expect(idp.send(new GetUserCommand({ AccessToken: forged }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
    await expect(idp.send(new GetUserCommand({ AccessToken: tokens.IdToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid Access Token',
    });
  });

  it('expired access and refresh tokens → "Access Token has expired" / "Refresh Token has expired"', async () => {
    const shortLived = await seedWorld(backend, { accessTokenValiditySeconds: 1, refreshTokenValiditySeconds: 1 });
    const user = await shortLived.plainUser();
    const tokens = (await srpSignIn(shortLived, user.username, user.password)).AuthenticationResult!;
    await new Promise((r) => setTimeout(r, 2100));
    await expect(idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has expired',
    });
    await expect(
      idp.send(
        new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: shortLived.clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
    });
  });
});

describe('refresh and revoke after a challenge sign-in (cognito-local stores no refresh token from RespondToAuthChallenge)', () => {
  type Result = NonNullable<InitiateAuthCommandOutput['AuthenticationResult']>;

  function claims(token: string | undefined): Record<string, unknown> {
    return JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  }

  /** Answers the last challenge with the counters reset: one client call, the front's own cognito-local call uncounted. */
  async function finalAnswer(send: () => Promise<InitiateAuthCommandOutput>): Promise<Result> {
    backend.resetCounts();
    const done = await send();
    expect(backend.counts.userPool.snapshot()).toMatchObject({ RespondToAuthChallenge: 1 });
    expect(backend.counts.userPool.get('AdminInitiateAuth')).toBe(0);
    expect(backend.counts.userPool.get('InitiateAuth')).toBe(0);
    expect(done.AuthenticationResult?.RefreshToken).toBeTruthy();
    return done.AuthenticationResult!;
  }

  /** REFRESH_TOKEN_AUTH works (counted once, role claims kept, the user's own tokens); RevokeToken then ends it like AWS. */
  async function refreshThenRevoke(w: World, user: SeededUser, tokens: Result): Promise<void> {
    const developerRole = w.groups.find((g) => g.name === 'developers')!.roleArn;
    expect(claims(tokens.IdToken)['cognito:roles']).toEqual([developerRole]);
    expect((await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe(user.username);
    backend.resetCounts();
    const refreshed = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: w.clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } }),
    );
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth')).toBe(1);
    expect(claims(refreshed.AuthenticationResult?.IdToken)).toMatchObject({ 'cognito:username': user.username, 'cognito:preferred_role': developerRole });
    expect(claims(refreshed.AuthenticationResult?.AccessToken).username).toBe(user.username);
    await idp.send(new RevokeTokenCommand({ ClientId: w.clientId, Token: tokens.RefreshToken! }));
    await expect(
      idp.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: w.clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! } })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
    for (const accessToken of [tokens.AccessToken, refreshed.AuthenticationResult!.AccessToken]) {
      await expect(idp.send(new GetUserCommand({ AccessToken: accessToken }))).rejects.toMatchObject({ message: 'Access Token has been revoked' });
    }
  }

  it('SOFTWARE_TOKEN_MFA', async () => {
    const user = await world.totpUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = await finalAnswer(() => respond(world, user, first, { SOFTWARE_TOKEN_MFA_CODE: authenticator.generate(user.totpSecret!) }));
    await refreshThenRevoke(world, user, tokens);
  });

  it('SMS_MFA', async () => {
    const user = await world.smsUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('SMS_MFA');
    await refreshThenRevoke(world, user, await finalAnswer(() => respond(world, user, first, { SMS_MFA_CODE: backend.code })));
  });

  it('EMAIL_OTP', async () => {
    const user = await world.emailUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('EMAIL_OTP');
    await refreshThenRevoke(world, user, await finalAnswer(() => respond(world, user, first, { EMAIL_OTP_CODE: backend.code })));
  });

  it('SELECT_MFA_TYPE, with each answer (a TOTP user who picks SMS or e-mail too)', async () => {
    const user = await world.multiFactorUser();
    for (const [factor, response] of [
      ['SOFTWARE_TOKEN_MFA', () => ({ SOFTWARE_TOKEN_MFA_CODE: authenticator.generate(user.totpSecret!) })],
      ['SMS_MFA', () => ({ SMS_MFA_CODE: backend.code })],
      ['EMAIL_OTP', () => ({ EMAIL_OTP_CODE: backend.code })],
    ] as const) {
      const first = await srpSignIn(world, user.username, user.password);
      expect(first.ChallengeName).toBe('SELECT_MFA_TYPE');
      const next = await respond(world, user, first, { ANSWER: factor });
      expect(next.ChallengeName).toBe(factor);
      await refreshThenRevoke(world, user, await finalAnswer(() => respond(world, user, next, response())));
    }
  });

  it('MFA_SETUP', async () => {
    const user = await mfaOnWorld.mfaSetupUser();
    const first = await srpSignIn(mfaOnWorld, user.username, user.password);
    expect(first.ChallengeName).toBe('MFA_SETUP');
    const associated = await idp.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
    const verified = await idp.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: authenticator.generate(associated.SecretCode!) }));
    const tokens = await finalAnswer(() =>
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: mfaOnWorld.clientId,
          ChallengeName: 'MFA_SETUP',
          Session: verified.Session,
          ChallengeResponses: { USERNAME: user.username },
        }),
      ),
    );
    await refreshThenRevoke(mfaOnWorld, user, tokens);
  });

  it('NEW_PASSWORD_REQUIRED', async () => {
    const user = await world.newPasswordUser();
    const first = await srpSignIn(world, user.username, user.password);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    await refreshThenRevoke(world, user, await finalAnswer(() => respond(world, user, first, { NEW_PASSWORD: 'Brand-new-Pw-43!' })));
  });

  it("a TOTP user whose TOTP an administrator turned off (the front skips cognito-local's TOTP step)", async () => {
    const user = await world.totpUser();
    await idp.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: world.userPoolId,
        Username: user.username,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    const signedIn = await srpSignIn(world, user.username, user.password);
    expect(signedIn.ChallengeName).toBeUndefined();
    await refreshThenRevoke(world, user, signedIn.AuthenticationResult!);
  });
});

describe('ForgotPassword / ConfirmForgotPassword like AWS', () => {
  it('on a client with a secret: a correct SECRET_HASH sends the code and resets the password; a missing or wrong one is refused', async () => {
    const user = await world.plainUser(undefined, { email: 'forgot.secret@example.org' });
    const hash = secretHash(world.clientSecret, user.username, world.secretClientId);
    await expect(idp.send(new ForgotPasswordCommand({ ClientId: world.secretClientId, Username: user.username }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${world.secretClientId} is configured with secret but SECRET_HASH was not received`,
    });
    await expect(
      idp.send(
        new ForgotPasswordCommand({
          ClientId: world.secretClientId,
          Username: user.username,
          SecretHash: secretHash('not-the-secret', user.username, world.secretClientId),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${world.secretClientId}`,
    });
    const sent = await idp.send(new ForgotPasswordCommand({ ClientId: world.secretClientId, Username: user.username, SecretHash: hash }));
    expect(sent.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL', Destination: 'f***@e***' });

    const reset = { ClientId: world.secretClientId, Username: user.username, ConfirmationCode: backend.code, Password: 'Reset-Secret-Pw-7!' };
    await expect(idp.send(new ConfirmForgotPasswordCommand(reset))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${world.secretClientId} is configured with secret but SECRET_HASH was not received`,
    });
    await idp.send(new ConfirmForgotPasswordCommand({ ...reset, SecretHash: hash }));
    const signedIn = await idp.send(
      new InitiateAuthCommand({
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.secretClientId,
        AuthParameters: { USERNAME: user.username, PASSWORD: 'Reset-Secret-Pw-7!', SECRET_HASH: hash },
      }),
    );
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    // The front learnt the new password: SRP works with it.
    expect((await srpSignIn(world, user.username, 'Reset-Secret-Pw-7!')).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('a user with neither an e-mail address nor a phone number → InvalidParameterException like AWS (cognito-local: HTTP 500 Unsupported), with or without a secret', async () => {
    const noContact = await world.plainUser();
    const refused = {
      name: 'InvalidParameterException',
      message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
    };
    await expect(idp.send(new ForgotPasswordCommand({ ClientId: world.clientId, Username: noContact.username }))).rejects.toMatchObject(refused);
    await expect(
      idp.send(
        new ForgotPasswordCommand({
          ClientId: world.secretClientId,
          Username: noContact.username,
          SecretHash: secretHash(world.clientSecret, noContact.username, world.secretClientId),
        }),
      ),
    ).rejects.toMatchObject(refused);
    // The secret is checked first, as on AWS.
    await expect(idp.send(new ForgotPasswordCommand({ ClientId: world.secretClientId, Username: noContact.username }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    });
  });
});
