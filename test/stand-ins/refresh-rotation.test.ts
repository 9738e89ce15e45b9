import {
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from './backend.js';
import { seedWorld, type SeededUser, type World } from './seed.js';
import { secretHash } from './srp-server.js';

/**
 * Refresh-token rotation in the test backend, driven by the AWS SDK's own commands (an AWS-authored client):
 * GetTokensFromRefreshToken with rotation on and off, the grace period (including 0), REFRESH_TOKEN_AUTH
 * refused on a rotating client, ClientSecret, RevokeToken of a rotated token, and changing the setting with
 * UpdateUserPoolClient. See refresh-rotation.ts for the AWS pages each rule comes from.
 */
let backend: Backend;
let idp: CognitoIdentityProviderClient;
let plain: World;
let rotating: World;

beforeAll(async () => {
  backend = await startBackend();
  idp = backend.userPoolClient();
  [plain, rotating] = await Promise.all([seedWorld(backend), seedWorld(backend, { refreshTokenRotation: { gracePeriodSeconds: 1 } })]);
});

afterAll(async () => {
  await backend?.stop();
});

async function signIn(world: World, user: SeededUser, withSecret = false): Promise<{ refreshToken: string; accessToken: string }> {
  const clientId = withSecret ? world.secretClientId : world.clientId;
  const out = await idp.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: {
        USERNAME: user.username,
        PASSWORD: user.password,
        ...(withSecret ? { SECRET_HASH: secretHash(world.clientSecret, user.username, clientId) } : {}),
      },
    }),
  );
  return { refreshToken: out.AuthenticationResult!.RefreshToken!, accessToken: out.AuthenticationResult!.AccessToken! };
}

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).name;
  }
  return 'no error';
}

const refresh = (world: World, token: string) => idp.send(new GetTokensFromRefreshTokenCommand({ ClientId: world.clientId, RefreshToken: token }));

describe('app client without rotation', () => {
  it('GetTokensFromRefreshToken issues new ID and access tokens only; REFRESH_TOKEN_AUTH still works', async () => {
    const user = await plain.plainUser();
    const { refreshToken } = await signIn(plain, user);
    backend.resetCounts();
    const out = await refresh(plain, refreshToken);
    expect(out.AuthenticationResult?.IdToken).toBeTruthy();
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    // The same token again, and through InitiateAuth: nothing was rotated out.
    await refresh(plain, refreshToken);
    const again = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: plain.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    expect(again.AuthenticationResult?.IdToken).toBeTruthy();
    const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: plain.userPoolId, ClientId: plain.clientId }));
    expect(described.UserPoolClient?.RefreshTokenRotation).toBeUndefined();
  });

  it('an unknown refresh token is NotAuthorizedException', async () => {
    expect(await errorName(refresh(plain, 'not-a-refresh-token'))).toBe('NotAuthorizedException');
  });
});

describe('app client with rotation', () => {
  it('DescribeUserPoolClient reports the setting', async () => {
    const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: rotating.userPoolId, ClientId: rotating.clientId }));
    expect(described.UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 1 });
  });

  it('REFRESH_TOKEN_AUTH is refused', async () => {
    const { refreshToken } = await signIn(rotating, await rotating.plainUser());
    const error = await idp
      .send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: rotating.clientId, AuthParameters: { REFRESH_TOKEN: refreshToken } }))
      .catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe('InvalidParameterException');
    expect((error as Error).message).toBe('REFRESH_TOKEN_AUTH flow not enabled for this client');
  });

  it('GetTokensFromRefreshToken rotates; the old token works within the grace period, then RefreshTokenReuseException', async () => {
    const { refreshToken: first } = await signIn(rotating, await rotating.plainUser());
    const out = await refresh(rotating, first);
    const second = out.AuthenticationResult?.RefreshToken;
    expect(second).toBeTruthy();
    expect(second).not.toBe(first);
    // A client retrying inside the grace period (1 s) still gets tokens with the old one.
    const retry = await refresh(rotating, first);
    expect(retry.AuthenticationResult?.RefreshToken).toBeTruthy();
    await sleep(1_100);
    expect(await errorName(refresh(rotating, first))).toBe('RefreshTokenReuseException');
    // The new token keeps working, and rotates in turn.
    const third = (await refresh(rotating, second!)).AuthenticationResult?.RefreshToken;
    expect(third).toBeTruthy();
    expect(third).not.toBe(second);
  });

  it('a grace period of 0: the old token is invalid at once', async () => {
    const world = await seedWorld(backend, { refreshTokenRotation: { gracePeriodSeconds: 0 } });
    const { refreshToken } = await signIn(world, await world.plainUser());
    const rotated = (await refresh(world, refreshToken)).AuthenticationResult?.RefreshToken;
    expect(rotated).toBeTruthy();
    expect(await errorName(refresh(world, refreshToken))).toBe('RefreshTokenReuseException');
    expect((await refresh(world, rotated!)).AuthenticationResult?.IdToken).toBeTruthy();
  });

  it('a client with a secret: ClientSecret missing or wrong is NotAuthorizedException; right, it rotates', async () => {
    const { refreshToken } = await signIn(rotating, await rotating.plainUser(), true);
    const send = (secret?: string) =>
      idp.send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: rotating.secretClientId,
          RefreshToken: refreshToken,
          ...(secret === undefined ? {} : { ClientSecret: secret }),
        }),
      );
    expect(await errorName(send())).toBe('NotAuthorizedException');
    expect(await errorName(send(`${rotating.clientSecret}x`))).toBe('NotAuthorizedException');
    expect((await send(rotating.clientSecret)).AuthenticationResult?.RefreshToken).toBeTruthy();
  });

  it('a token minted for one app client is refused for another', async () => {
    const { refreshToken } = await signIn(rotating, await rotating.plainUser());
    const rotated = (await refresh(rotating, refreshToken)).AuthenticationResult!.RefreshToken!;
    const other = idp.send(
      new GetTokensFromRefreshTokenCommand({ ClientId: rotating.secretClientId, ClientSecret: rotating.clientSecret, RefreshToken: rotated }),
    );
    expect(await errorName(other)).toBe('NotAuthorizedException');
  });

  it('RevokeToken of a rotated token ends the sign-in: its tokens, the original one, and their access tokens', async () => {
    const { refreshToken: original } = await signIn(rotating, await rotating.plainUser());
    const out = await refresh(rotating, original);
    const rotated = out.AuthenticationResult!.RefreshToken!;
    const access = out.AuthenticationResult!.AccessToken!;
    await idp.send(new GetUserCommand({ AccessToken: access }));
    await idp.send(new RevokeTokenCommand({ ClientId: rotating.clientId, Token: rotated }));
    expect(await errorName(refresh(rotating, rotated))).toBe('NotAuthorizedException');
    expect(await errorName(refresh(rotating, original))).toBe('NotAuthorizedException');
    expect(await errorName(idp.send(new GetUserCommand({ AccessToken: access })))).toBe('NotAuthorizedException');
  });

  it('a rotated token runs out when the sign-in it came from does', async () => {
    const world = await seedWorld(backend, { refreshTokenRotation: { gracePeriodSeconds: 60 }, refreshTokenValiditySeconds: 2 });
    const { refreshToken } = await signIn(world, await world.plainUser());
    const rotated = (await refresh(world, refreshToken)).AuthenticationResult!.RefreshToken!;
    await sleep(2_200);
    const error = await refresh(world, rotated).catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe('NotAuthorizedException');
    expect((error as Error).message).toBe('Refresh Token has expired');
  });
});

describe('changing the setting with UpdateUserPoolClient', () => {
  it('turns rotation on and off, changes the grace period, and validates it', async () => {
    const world = await seedWorld(backend);
    const user = await world.plainUser();
    await world.setRefreshTokenRotation({ gracePeriodSeconds: 0 });
    const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: world.userPoolId, ClientId: world.clientId }));
    expect(described.UserPoolClient?.RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    const { refreshToken } = await signIn(world, user);
    const rotated = (await refresh(world, refreshToken)).AuthenticationResult!.RefreshToken!;

    // Off again: a token minted while it was on keeps working, through either operation, and no longer rotates.
    await world.setRefreshTokenRotation(null);
    expect((await refresh(world, rotated)).AuthenticationResult?.RefreshToken).toBeUndefined();
    const viaInitiate = await idp.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: world.clientId, AuthParameters: { REFRESH_TOKEN: rotated } }),
    );
    expect(viaInitiate.AuthenticationResult?.IdToken).toBeTruthy();

    const tooLong = idp.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: world.userPoolId,
        ClientId: world.clientId,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 },
      }),
    );
    expect(await errorName(tooLong)).toBe('InvalidParameterException');
  });
});
