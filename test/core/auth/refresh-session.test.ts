import { CognitoIdentityProviderClient, GetTokensFromRefreshTokenCommand, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../../main/core/accounts/account.js';
import { operationUnknown, refreshSession } from '../../../main/core/auth/refresh-session.js';
import type { BrokerError } from '../../../main/core/errors.js';
import { DUMMY_CREDENTIALS, startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { secretHash } from '../../stand-ins/srp-server.js';

/**
 * The refresh order (main/core/auth/refresh-session.ts): GetTokensFromRefreshToken first, REFRESH_TOKEN_AUTH
 * only when the endpoint does not know that operation, never when it refused the token. Against the real
 * test backend, and against cognito-local itself (an emulator without GetTokensFromRefreshToken).
 */
let backend: Backend;
let plain: World;
let rotating: World;

beforeAll(async () => {
  backend = await startBackend();
  [plain, rotating] = await Promise.all([seedWorld(backend), seedWorld(backend, { refreshTokenRotation: { gracePeriodSeconds: 0 } })]);
});
afterAll(async () => {
  backend?.clearFaults();
  await backend?.stop();
});

function accountFor(world: World, endpoint = backend.userPoolEndpoint, clientId = world.clientId): Pick<Account, 'name' | 'region' | 'clientId' | 'endpoints'> {
  return { name: 'work', region: world.region, clientId, endpoints: { cognitoIdentityProvider: endpoint } };
}

async function signIn(world: World, withSecret = false): Promise<{ refreshToken: string; username: string }> {
  const user = await world.plainUser();
  const clientId = withSecret ? world.secretClientId : world.clientId;
  const out = await backend.userPoolClient().send(
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
  return { refreshToken: out.AuthenticationResult!.RefreshToken!, username: user.username };
}

async function failure(promise: Promise<unknown>): Promise<BrokerError> {
  try {
    await promise;
  } catch (error) {
    return error as BrokerError;
  }
  throw new Error('expected the call to fail');
}

describe('refreshSession', () => {
  it('asks GetTokensFromRefreshToken first and only that, on a client without rotation (no new refresh token)', async () => {
    const { refreshToken } = await signIn(plain);
    backend.resetCounts();
    const tokens = await refreshSession(accountFor(plain), refreshToken);
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.refreshToken).toBeUndefined();
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
  });

  it('returns the rotated refresh token of a rotating client', async () => {
    const { refreshToken } = await signIn(rotating);
    const tokens = await refreshSession(accountFor(rotating), refreshToken);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.refreshToken).not.toBe(refreshToken);
  });

  it('sends the client secret as ClientSecret', async () => {
    const { refreshToken, username } = await signIn(rotating, true);
    const account = accountFor(rotating, backend.userPoolEndpoint, rotating.secretClientId);
    const missing = await failure(refreshSession(account, refreshToken, { username }));
    expect(missing.code).toBe('auth-failed');
    expect(missing.message).toMatch(/client secret/);
    const tokens = await refreshSession(account, refreshToken, { clientSecret: rotating.clientSecret, username });
    expect(tokens.refreshToken).toBeTruthy();
  });

  it('falls back to REFRESH_TOKEN_AUTH when the endpoint does not know the operation (UnknownOperationException)', async () => {
    const { refreshToken } = await signIn(plain);
    backend.resetCounts();
    backend.inject('userPool', {
      operation: 'GetTokensFromRefreshToken',
      error: { type: 'UnknownOperationException', message: 'Unknown operation GetTokensFromRefreshToken' },
    });
    const tokens = await refreshSession(accountFor(plain), refreshToken);
    expect(tokens.idToken).toBeTruthy();
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
  });

  it('falls back against cognito-local itself, an emulator without GetTokensFromRefreshToken', async () => {
    const { refreshToken } = await signIn(plain);
    // cognito-local itself does not know the operation (the backend's front emulates it).
    const local = new CognitoIdentityProviderClient({
      region: plain.region,
      endpoint: backend.cognitoLocalEndpoint,
      credentials: DUMMY_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      const direct = await local.send(new GetTokensFromRefreshTokenCommand({ ClientId: plain.clientId, RefreshToken: refreshToken })).catch((e: unknown) => e);
      expect(operationUnknown(direct)).toBe(true);
    } finally {
      local.destroy();
    }
    const tokens = await refreshSession(accountFor(plain, backend.cognitoLocalEndpoint), refreshToken);
    expect(tokens.idToken).toBeTruthy();
    expect(tokens.accessToken).toBeTruthy();
  });

  it('never retries a refused token the other way: a rotated-out token is session-expired with one sentence to sign in again', async () => {
    const { refreshToken } = await signIn(rotating);
    await refreshSession(accountFor(rotating), refreshToken);
    backend.resetCounts();
    const error = await failure(refreshSession(accountFor(rotating), refreshToken));
    expect(error.code).toBe('session-expired');
    expect(error.describe()).toBe(
      'The saved sign-in of account work has been replaced by a newer one that this computer does not have, so run `cognito-broker login work` to sign in again.',
    );
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
  });

  it('an unknown or revoked token is session-expired, also without a fallback', async () => {
    backend.resetCounts();
    const error = await failure(refreshSession(accountFor(plain), 'not-a-refresh-token'));
    expect(error.code).toBe('session-expired');
    expect(error.hint).toContain('cognito-broker login work');
    expect(backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
  });
});

describe('operationUnknown', () => {
  const sdkError = (name: string, status: number, message = '') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  it('is true only for an endpoint that does not know the operation', () => {
    expect(operationUnknown(sdkError('UnknownOperationException', 400))).toBe(true);
    expect(operationUnknown(sdkError('Unsupported', 500, 'Cognito Local unsupported feature: GetTokensFromRefreshToken'))).toBe(true);
    expect(operationUnknown(sdkError('NotFound', 404))).toBe(true);
    expect(operationUnknown(sdkError('NotAuthorizedException', 400, 'Invalid Refresh Token.'))).toBe(false);
    expect(operationUnknown(sdkError('RefreshTokenReuseException', 400))).toBe(false);
    expect(operationUnknown(sdkError('InternalErrorException', 500, 'boom'))).toBe(false);
    expect(operationUnknown(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
  });
});
