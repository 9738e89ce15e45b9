import {
  AdminForgetDeviceCommand,
  AdminListDevicesCommand,
  ConfirmDeviceCommand,
  DescribeUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { deviceSecret, type DeviceSecret } from '../../main/core/auth/srp/device-verifier.js';
import { startDeviceSrp } from '../../main/core/auth/srp/device-srp.js';
import { startExchange } from '../../main/core/auth/srp/exchange.js';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { poolNameOf, secretHash } from './srp-server.js';
import { decodeJwtPayload } from './token-ledger.js';

/**
 * Remembered devices on the backend, with the AWS SDK v3 as the client and the broker's own SRP (identical to
 * identity-js's, see srp-oracle.test.ts) computing the client side: each rule of points 28-34 of
 * user-pool-front.ts and each refusal.
 */
let backend: Backend;
let idp: CognitoIdentityProviderClient;
/** Always remembered, and a remembered device stands in for SMS / TOTP. */
let always: World;
/** The user opts in, and MFA is asked even on a remembered device. */
let optIn: World;
/** No DeviceConfiguration: no device tracking. */
let off: World;
/** Choice-based sign-in (USER_AUTH: password or e-mail code), always remembering devices. */
let choice: World;

beforeAll(async () => {
  backend = await startBackend();
  idp = backend.userPoolClient();
  [always, optIn, off, choice] = await Promise.all([
    seedWorld(backend, { deviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false } }),
    seedWorld(backend, { deviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true } }),
    seedWorld(backend),
    seedWorld(backend, { firstFactors: ['PASSWORD', 'EMAIL_OTP'], deviceConfiguration: { ChallengeRequiredOnNewDevice: true } }),
  ]);
});

afterAll(async () => {
  await backend?.stop();
});

interface Remembered {
  key: string;
  groupKey: string;
  secret: DeviceSecret;
}

function passwordSignIn(w: World, user: SeededUser, deviceKey?: string): Promise<InitiateAuthCommandOutput> {
  return idp.send(
    new InitiateAuthCommand({
      ClientId: w.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
    }),
  );
}

/** USER_SRP_AUTH with the broker's SRP; DEVICE_KEY in both requests, as identity-js sends it. */
async function srpSignIn(w: World, user: SeededUser, deviceKey?: string) {
  const exchange = startExchange(poolNameOf(w.userPoolId));
  const device: Record<string, string> = deviceKey ? { DEVICE_KEY: deviceKey } : {};
  const init = await idp.send(
    new InitiateAuthCommand({ ClientId: w.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: user.username, SRP_A: exchange.srpA, ...device } }),
  );
  const userId = init.ChallengeParameters!.USER_ID_FOR_SRP!;
  const answer = (responses: Record<string, string>) =>
    idp.send(
      new RespondToAuthChallengeCommand({
        ClientId: w.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: init.Session,
        ChallengeResponses: { USERNAME: userId, ...exchange.claim(userId, user.password, init.ChallengeParameters!), ...responses },
      }),
    );
  return { answer, result: () => answer(device) };
}

/** What a client does with NewDeviceMetadata: a verifier made locally, then ConfirmDevice. */
async function confirm(tokens: AuthenticationResultType, name = 'test computer'): Promise<Remembered & { necessary: boolean }> {
  const { DeviceKey: key, DeviceGroupKey: groupKey } = tokens.NewDeviceMetadata!;
  const secret = deviceSecret(groupKey!, key!);
  const answer = await idp.send(
    new ConfirmDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: key, DeviceSecretVerifierConfig: secret.verifierConfig, DeviceName: name }),
  );
  return { key: key!, groupKey: groupKey!, secret, necessary: answer.UserConfirmationNecessary === true };
}

/** DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER with the device's password (or a wrong one). */
async function deviceAuth(w: World, user: SeededUser, challenge: { Session?: string }, device: Remembered, devicePassword = device.secret.devicePassword) {
  const exchange = startDeviceSrp({ deviceKey: device.key, deviceGroupKey: device.groupKey, devicePassword });
  const srp = await idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: w.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: user.username, DEVICE_KEY: device.key, SRP_A: exchange.srpA },
    }),
  );
  expect(srp.ChallengeName).toBe('DEVICE_PASSWORD_VERIFIER');
  expect(Object.keys(srp.ChallengeParameters ?? {}).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
  return idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: w.clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: srp.Session,
      ChallengeResponses: { USERNAME: user.username, ...exchange.passwordClaim(srp.ChallengeParameters!) },
    }),
  );
}

function smsAnswer(w: World, user: SeededUser, challenge: { Session?: string }) {
  return idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: w.clientId,
      ChallengeName: 'SMS_MFA',
      Session: challenge.Session,
      ChallengeResponses: { USERNAME: user.username, SMS_MFA_CODE: backend.code },
    }),
  );
}

const claims = (token: string | undefined) => decodeJwtPayload(token) ?? {};

describe('the pool setting', () => {
  it('DescribeUserPool reports the DeviceConfiguration; none means no device tracking', async () => {
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: optIn.userPoolId }));
    expect(described.UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: true });
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: off.userPoolId }))).UserPool?.DeviceConfiguration).toBeUndefined();

    const user = await off.plainUser();
    const tokens = (await passwordSignIn(off, user)).AuthenticationResult!;
    expect(tokens.NewDeviceMetadata).toBeUndefined();
    expect(claims(tokens.AccessToken).device_key).toBeUndefined();
    // A DEVICE_KEY means nothing to a pool that tracks no devices.
    expect((await passwordSignIn(off, user, `${backend.region}_00000000-0000-4000-8000-000000000000`)).AuthenticationResult?.AccessToken).toBeDefined();
  });

  it('backend.setDeviceConfiguration turns tracking on and off and keeps the pool’s MFA setting', async () => {
    const w = await seedWorld(backend, { mfa: 'OPTIONAL' });
    const user = await w.plainUser();
    await backend.setDeviceConfiguration(w.userPoolId, { ChallengeRequiredOnNewDevice: true });
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: w.userPoolId }));
    expect(described.UserPool?.DeviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true });
    expect(described.UserPool?.MfaConfiguration).toBe('OPTIONAL');
    expect((await passwordSignIn(w, user)).AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeDefined();
    await backend.setDeviceConfiguration(w.userPoolId, null);
    expect((await passwordSignIn(w, user)).AuthenticationResult?.NewDeviceMetadata).toBeUndefined();
  });
});

describe('a new device', () => {
  it('every sign-in without a device gets NewDeviceMetadata <region>_<uuid>, and its access token the device_key claim', async () => {
    const user = await always.plainUser();
    const byPassword = (await passwordSignIn(always, user)).AuthenticationResult!;
    const bySrp = (await (await srpSignIn(always, user)).result()).AuthenticationResult!;
    for (const tokens of [byPassword, bySrp]) {
      expect(tokens.NewDeviceMetadata?.DeviceKey).toMatch(
        new RegExp(`^${backend.region}_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`),
      );
      expect(tokens.NewDeviceMetadata?.DeviceGroupKey).toBeTruthy();
      expect(claims(tokens.AccessToken).device_key).toBe(tokens.NewDeviceMetadata?.DeviceKey);
      // The re-signed token is still one the pool accepts.
      expect((await idp.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username).toBe(user.username);
    }
    expect(byPassword.NewDeviceMetadata?.DeviceKey).not.toBe(bySrp.NewDeviceMetadata?.DeviceKey);
    expect(byPassword.NewDeviceMetadata?.DeviceGroupKey).toBe(bySrp.NewDeviceMetadata?.DeviceGroupKey);
  });
});

describe('the device operations', () => {
  it('ConfirmDevice remembers at once when the pool always remembers; GetDevice and ListDevices show it', async () => {
    const user = await always.plainUser();
    const tokens = (await passwordSignIn(always, user)).AuthenticationResult!;
    const device = await confirm(tokens, 'laptop');
    expect(device.necessary).toBe(false);
    const got = (await idp.send(new GetDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key }))).Device!;
    expect(got.DeviceKey).toBe(device.key);
    expect(got.DeviceAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'device_name', Value: 'laptop' },
        { Name: 'dev:device_remembered_status', Value: 'remembered' },
      ]),
    );
    expect(got.DeviceCreateDate).toBeInstanceOf(Date);
    expect(got.DeviceLastModifiedDate).toBeInstanceOf(Date);
    const listed = await idp.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken }));
    expect(listed.Devices?.map((d) => d.DeviceKey)).toEqual([device.key]);
    const admin = await idp.send(new AdminListDevicesCommand({ UserPoolId: always.userPoolId, Username: user.username }));
    expect(admin.Devices?.map((d) => d.DeviceKey)).toEqual([device.key]);
  });

  it('with DeviceOnlyRememberedOnUserPrompt the user must confirm: not_remembered until UpdateDeviceStatus', async () => {
    const user = await optIn.plainUser();
    const tokens = (await passwordSignIn(optIn, user)).AuthenticationResult!;
    const device = await confirm(tokens);
    expect(device.necessary).toBe(true);
    const status = async () =>
      (await idp.send(new GetDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key }))).Device?.DeviceAttributes?.find(
        (a) => a.Name === 'dev:device_remembered_status',
      )?.Value;
    expect(await status()).toBe('not_remembered');
    await idp.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: 'remembered' }));
    expect(await status()).toBe('remembered');
    await expect(
      idp.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: 'forever' as never })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses an unknown key, another user’s device, an unconfirmed one and a revoked access token', async () => {
    const [alice, bob] = await Promise.all([always.plainUser(), always.plainUser()]);
    const aliceTokens = (await passwordSignIn(always, alice)).AuthenticationResult!;
    const bobTokens = (await passwordSignIn(always, bob)).AuthenticationResult!;
    const aliceDevice = await confirm(aliceTokens);
    const notFound = { name: 'ResourceNotFoundException', message: 'Device does not exist.' };
    await expect(
      idp.send(new GetDeviceCommand({ AccessToken: aliceTokens.AccessToken, DeviceKey: `${backend.region}_00000000-0000-4000-8000-000000000000` })),
    ).rejects.toMatchObject(notFound);
    await expect(idp.send(new GetDeviceCommand({ AccessToken: bobTokens.AccessToken, DeviceKey: aliceDevice.key }))).rejects.toMatchObject(notFound);
    await expect(idp.send(new ForgetDeviceCommand({ AccessToken: bobTokens.AccessToken, DeviceKey: aliceDevice.key }))).rejects.toMatchObject(notFound);
    // Bob's NewDeviceMetadata was never confirmed: not a tracked device.
    await expect(
      idp.send(new GetDeviceCommand({ AccessToken: bobTokens.AccessToken, DeviceKey: bobTokens.NewDeviceMetadata!.DeviceKey })),
    ).rejects.toMatchObject(notFound);
    await idp.send(new GlobalSignOutCommand({ AccessToken: aliceTokens.AccessToken }));
    await expect(idp.send(new GetDeviceCommand({ AccessToken: aliceTokens.AccessToken, DeviceKey: aliceDevice.key }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
  });
});

describe('signing in with a tracked device', () => {
  it('after the password (SRP or plain): DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, then tokens naming the device', async () => {
    const user = await always.plainUser();
    const device = await confirm((await passwordSignIn(always, user)).AuthenticationResult!);

    backend.resetCounts();
    const afterSrp = await (await srpSignIn(always, user, device.key)).result();
    expect(afterSrp.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(afterSrp.AuthenticationResult).toBeUndefined();
    const tokens = (await deviceAuth(always, user, afterSrp, device)).AuthenticationResult!;
    expect(tokens.NewDeviceMetadata).toBeUndefined();
    expect(claims(tokens.AccessToken).device_key).toBe(device.key);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_SRP_AUTH')).toBe(1);
    expect(backend.counts.userPool.get('RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER')).toBe(1);

    const afterPassword = await passwordSignIn(always, user, device.key);
    expect(afterPassword.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect((await deviceAuth(always, user, afterPassword, device)).AuthenticationResult?.AccessToken).toBeDefined();

    const got = await idp.send(new GetDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key }));
    expect(got.Device?.DeviceLastAuthenticatedDate).toBeInstanceOf(Date);
  });

  it('on an app client with a secret, both device answers need SECRET_HASH', async () => {
    const user = await always.plainUser();
    const hash = secretHash(always.clientSecret, user.username, always.secretClientId);
    const signIn = (deviceKey?: string) =>
      idp.send(
        new InitiateAuthCommand({
          ClientId: always.secretClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: user.username, PASSWORD: user.password, SECRET_HASH: hash, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
        }),
      );
    const device = await confirm((await signIn()).AuthenticationResult!);
    const exchange = startDeviceSrp({ deviceKey: device.key, deviceGroupKey: device.groupKey, devicePassword: device.secret.devicePassword });
    const respond = (challenge: InitiateAuthCommandOutput, name: string, responses: Record<string, string>) =>
      idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: always.secretClientId,
          ChallengeName: name as 'DEVICE_SRP_AUTH',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: user.username, DEVICE_KEY: device.key, ...responses },
        }),
      );
    await expect(respond(await signIn(device.key), 'DEVICE_SRP_AUTH', { SRP_A: exchange.srpA })).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: `Client ${always.secretClientId} is configured with secret but SECRET_HASH was not received`,
    });
    const srp = await respond(await signIn(device.key), 'DEVICE_SRP_AUTH', { SRP_A: exchange.srpA, SECRET_HASH: hash });
    const done = await respond(srp, 'DEVICE_PASSWORD_VERIFIER', { ...exchange.passwordClaim(srp.ChallengeParameters!), SECRET_HASH: hash });
    expect(claims(done.AuthenticationResult?.AccessToken).device_key).toBe(device.key);
  });

  it('the device challenge session expires like the others', async () => {
    const user = await always.plainUser();
    const device = await confirm((await passwordSignIn(always, user)).AuthenticationResult!);
    const challenge = await passwordSignIn(always, user, device.key);
    backend.expireSessions();
    await expect(deviceAuth(always, user, challenge, device)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });

  it('a wrong device secret fails the proof', async () => {
    const user = await always.plainUser();
    const device = await confirm((await passwordSignIn(always, user)).AuthenticationResult!);
    const challenge = await passwordSignIn(always, user, device.key);
    await expect(deviceAuth(always, user, challenge, device, 'not-the-device-password')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('a forgotten or unknown key is "Device does not exist." where the password is proven; without the key the same answer goes on', async () => {
    const user = await always.plainUser();
    const tokens = (await passwordSignIn(always, user)).AuthenticationResult!;
    const device = await confirm(tokens);
    await idp.send(new ForgetDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key }));
    const notFound = { name: 'ResourceNotFoundException', message: 'Device does not exist.' };

    const srp = await srpSignIn(always, user, device.key);
    await expect(srp.result()).rejects.toMatchObject(notFound);
    // What identity-js does next: the same PASSWORD_VERIFIER, DEVICE_KEY null. The session is still good.
    const retried = await srp.answer({ DEVICE_KEY: null as unknown as string });
    expect(retried.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).toBeDefined();
    expect(retried.AuthenticationResult?.NewDeviceMetadata?.DeviceKey).not.toBe(device.key);

    await expect(passwordSignIn(always, user, `${backend.region}_00000000-0000-4000-8000-000000000000`)).rejects.toMatchObject(notFound);
  });

  it('AdminForgetDevice ends tracking too', async () => {
    const user = await always.plainUser();
    const device = await confirm((await passwordSignIn(always, user)).AuthenticationResult!);
    await idp.send(new AdminForgetDeviceCommand({ UserPoolId: always.userPoolId, Username: user.username, DeviceKey: device.key }));
    await expect(passwordSignIn(always, user, device.key)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('MFA and remembered devices', () => {
  it('a remembered device stands in for SMS when ChallengeRequiredOnNewDevice is true', async () => {
    const user = await always.smsUser();
    const first = await passwordSignIn(always, user);
    expect(first.ChallengeName).toBe('SMS_MFA');
    const device = await confirm((await smsAnswer(always, user, first)).AuthenticationResult!);

    backend.resetCounts();
    const second = await (await srpSignIn(always, user, device.key)).result();
    expect(second.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect((await deviceAuth(always, user, second, device)).AuthenticationResult?.AccessToken).toBeDefined();
    expect(backend.counts.userPool.get('RespondToAuthChallenge:SMS_MFA')).toBe(0);
  });

  it('a remembered device stands in for TOTP too', async () => {
    const user = await always.totpUser();
    const first = await passwordSignIn(always, user);
    expect(first.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const tokens = (
      await idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: always.clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: first.Session,
          ChallengeResponses: { USERNAME: user.username, SOFTWARE_TOKEN_MFA_CODE: always.totpCode(user.totpSecret!) },
        }),
      )
    ).AuthenticationResult!;
    const device = await confirm(tokens);
    const second = await passwordSignIn(always, user, device.key);
    expect(second.ChallengeName).toBe('DEVICE_SRP_AUTH');
    const signedIn = (await deviceAuth(always, user, second, device)).AuthenticationResult!;
    expect(claims(signedIn.AccessToken).device_key).toBe(device.key);
    // The tokens of a skipped TOTP step come from a sign-in cognito-local stored: they refresh.
    expect(
      (await idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: always.clientId, RefreshToken: signedIn.RefreshToken, DeviceKey: device.key })))
        .AuthenticationResult?.AccessToken,
    ).toBeDefined();
  });

  it('a not_remembered device still meets the SMS code, then DEVICE_SRP_AUTH', async () => {
    const user = await always.smsUser();
    const tokens = (await smsAnswer(always, user, await passwordSignIn(always, user))).AuthenticationResult!;
    const device = await confirm(tokens);
    await idp.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: 'not_remembered' }));
    const second = await passwordSignIn(always, user, device.key);
    expect(second.ChallengeName).toBe('SMS_MFA');
    const afterCode = await smsAnswer(always, user, second);
    expect(afterCode.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(claims((await deviceAuth(always, user, afterCode, device)).AuthenticationResult?.AccessToken).device_key).toBe(device.key);
  });

  it('with ChallengeRequiredOnNewDevice false, even a remembered device meets the SMS code first', async () => {
    const user = await optIn.smsUser();
    const tokens = (await smsAnswer(optIn, user, await passwordSignIn(optIn, user))).AuthenticationResult!;
    const device = await confirm(tokens);
    await idp.send(new UpdateDeviceStatusCommand({ AccessToken: tokens.AccessToken, DeviceKey: device.key, DeviceRememberedStatus: 'remembered' }));
    const second = await passwordSignIn(optIn, user, device.key);
    expect(second.ChallengeName).toBe('SMS_MFA');
    expect((await smsAnswer(optIn, user, second)).ChallengeName).toBe('DEVICE_SRP_AUTH');
  });

  it('a remembered device does not stand in for an e-mail factor (AWS names SMS and TOTP)', async () => {
    const user = await always.emailUser();
    const first = await passwordSignIn(always, user);
    expect(first.ChallengeName).toBe('EMAIL_OTP');
    const tokens = (
      await idp.send(
        new RespondToAuthChallengeCommand({
          ClientId: always.clientId,
          ChallengeName: 'EMAIL_OTP',
          Session: first.Session,
          ChallengeResponses: { USERNAME: user.username, EMAIL_OTP_CODE: backend.code },
        }),
      )
    ).AuthenticationResult!;
    const device = await confirm(tokens);
    expect((await passwordSignIn(always, user, device.key)).ChallengeName).toBe('EMAIL_OTP');
  });
});

describe('refreshing on a tracked pool', () => {
  async function refresh(w: World, refreshToken: string, deviceKey?: string) {
    return idp.send(
      new InitiateAuthCommand({
        ClientId: w.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) },
      }),
    );
  }
  const invalid = { name: 'NotAuthorizedException', message: 'Invalid Refresh Token' };

  it('REFRESH_TOKEN_AUTH needs the confirmed device key of the sign-in', async () => {
    const user = await always.plainUser();
    const tokens = (await passwordSignIn(always, user)).AuthenticationResult!;
    const key = tokens.NewDeviceMetadata!.DeviceKey!;
    // Not confirmed yet: refused even with the key.
    await expect(refresh(always, tokens.RefreshToken!, key)).rejects.toMatchObject(invalid);
    await confirm(tokens);
    await expect(refresh(always, tokens.RefreshToken!)).rejects.toMatchObject(invalid);
    await expect(refresh(always, tokens.RefreshToken!, `${backend.region}_00000000-0000-4000-8000-000000000000`)).rejects.toMatchObject(invalid);
    const refreshed = (await refresh(always, tokens.RefreshToken!, key)).AuthenticationResult!;
    expect(claims(refreshed.AccessToken).device_key).toBe(key);
  });

  it('GetTokensFromRefreshToken needs DeviceKey likewise', async () => {
    const user = await always.plainUser();
    const tokens = (await passwordSignIn(always, user)).AuthenticationResult!;
    const device = await confirm(tokens);
    await expect(idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: always.clientId, RefreshToken: tokens.RefreshToken }))).rejects.toMatchObject(
      invalid,
    );
    const refreshed = await idp.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: always.clientId, RefreshToken: tokens.RefreshToken, DeviceKey: device.key }),
    );
    expect(claims(refreshed.AuthenticationResult?.AccessToken).device_key).toBe(device.key);
  });

  it('a device-tracked sign-in through DEVICE_PASSWORD_VERIFIER refreshes with its key', async () => {
    const user = await always.plainUser();
    const device = await confirm((await passwordSignIn(always, user)).AuthenticationResult!);
    const tokens = (await deviceAuth(always, user, await passwordSignIn(always, user, device.key), device)).AuthenticationResult!;
    await expect(refresh(always, tokens.RefreshToken!)).rejects.toMatchObject(invalid);
    expect((await refresh(always, tokens.RefreshToken!, device.key)).AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe('choice-based sign-in (USER_AUTH) on a tracked pool', () => {
  const userAuth = (user: SeededUser, params: Record<string, string>) =>
    idp.send(new InitiateAuthCommand({ ClientId: choice.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: user.username, ...params } }));

  it('PASSWORD: a new device gets NewDeviceMetadata; a tracked one goes through DEVICE_SRP_AUTH', async () => {
    const user = await choice.plainUser();
    const first = await userAuth(user, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: user.password });
    const device = await confirm(first.AuthenticationResult!);
    const second = await userAuth(user, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: user.password, DEVICE_KEY: device.key });
    expect(second.ChallengeName).toBe('DEVICE_SRP_AUTH');
    expect(claims((await deviceAuth(choice, user, second, device)).AuthenticationResult?.AccessToken).device_key).toBe(device.key);
  });

  it('EMAIL_OTP: the code sign-in gets NewDeviceMetadata too', async () => {
    const user = await choice.plainUser([], { email: `devices-${Date.now()}@example.com` });
    const challenge = await userAuth(user, { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(challenge.ChallengeName).toBe('EMAIL_OTP');
    const answer = await idp.send(
      new RespondToAuthChallengeCommand({
        ClientId: choice.clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: user.username, EMAIL_OTP_CODE: backend.code },
      }),
    );
    const key = answer.AuthenticationResult?.NewDeviceMetadata?.DeviceKey;
    expect(key).toMatch(new RegExp(`^${backend.region}_`));
    expect(claims(answer.AuthenticationResult?.AccessToken).device_key).toBe(key);
  });
});
