import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAtTokenEndpoint } from '../../../main/core/federation/oauth-token-client.js';
import { startBackend, type Backend } from '../../stand-ins/backend.js';
import { seedWorld, type World } from '../../stand-ins/seed.js';
import { startManagedLogin, type ManagedLoginServer } from '../../stand-ins/managed-login-server.js';

/**
 * The managed login's token endpoint with refresh-token rotation: its refresh_token grant hands out a new
 * refresh token that refreshAtTokenEndpoint returns (for the caller to store), and the old one then ends.
 */
let backend: Backend;
let rotating: World;
let plain: World;
let login: ManagedLoginServer;

beforeAll(async () => {
  backend = await startBackend();
  [rotating, plain] = await Promise.all([seedWorld(backend, { refreshTokenRotation: { gracePeriodSeconds: 0 } }), seedWorld(backend)]);
  login = await startManagedLogin({
    userPoolEndpoint: backend.userPoolEndpoint,
    region: backend.region,
    clients: [rotating, plain].map((w) => ({ clientId: w.clientId, callbackUrls: ['http://localhost:1/callback'], logoutUrls: ['http://localhost:1/'] })),
  });
});
afterAll(async () => {
  await login?.stop();
  await backend?.stop();
});

async function refreshTokenOf(world: World): Promise<string> {
  const user = await world.plainUser();
  const out = await backend.userPoolClient().send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: world.clientId,
      AuthParameters: { USERNAME: user.username, PASSWORD: user.password },
    }),
  );
  return out.AuthenticationResult!.RefreshToken!;
}

describe('refresh_token grant', () => {
  it('a rotating client: a new refresh token comes back, and the old one is refused afterwards', async () => {
    const client = { domain: login.domain, clientId: rotating.clientId };
    const first = await refreshTokenOf(rotating);
    const renewed = await refreshAtTokenEndpoint(client, first);
    expect(renewed.idToken).toBeTruthy();
    expect(renewed.refreshToken).toBeTruthy();
    expect(renewed.refreshToken).not.toBe(first);
    const old = await refreshAtTokenEndpoint(client, first).catch((e: unknown) => e as Error);
    expect((old as Error).message).toContain('invalid_grant');
    expect((await refreshAtTokenEndpoint(client, renewed.refreshToken!)).refreshToken).toBeTruthy();
  });

  it('a client without rotation: new ID and access tokens only (keep the refresh token)', async () => {
    const client = { domain: login.domain, clientId: plain.clientId };
    const token = await refreshTokenOf(plain);
    const renewed = await refreshAtTokenEndpoint(client, token);
    expect(renewed.idToken).toBeTruthy();
    expect(renewed.refreshToken).toBeUndefined();
  });
});
