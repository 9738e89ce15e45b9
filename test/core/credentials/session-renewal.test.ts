import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOf } from '../../../main/core/app/user-session.js';
import { defaultSessionAuth } from '../../../main/core/credentials/default-session-auth.js';
import { brokerWorld, makeStale, type BrokerWorld } from '../../support/broker-world.js';

/**
 * Self-service calls renew the access token outside credential fetching. On an app client with refresh-token
 * rotation (grace period 0, the strictest) they must store the rotated refresh token, or the next refresh of
 * anything fails: checked here through the app's accessTokenOf, then a credential refresh with what it stored.
 */
describe('renewing the session for a self-service call, with rotation', () => {
  let w: BrokerWorld;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'renewal' });
    await w.world.setRefreshTokenRotation({ gracePeriodSeconds: 0 });
    await w.broker.login(w.account, w.prompter());
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('stores the rotated refresh token, so the next refresh still works', async () => {
    const key = `${w.account.name}/session`;
    const session = JSON.parse((await w.store.get(key))!) as Record<string, unknown>;
    // An access token that has run out (only its exp is read before renewing).
    const expired = `e30.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url')}.sig`;
    await w.store.set(key, JSON.stringify({ ...session, accessToken: expired }));
    const before = await w.store.get(`${w.account.name}/refresh-token`);
    w.backend.resetCounts();

    const accessToken = await accessTokenOf(w.account, { home: w.home, store: w.store, auth: defaultSessionAuth, env: {} });
    expect(accessToken).not.toBe(expired);
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(await w.store.get(`${w.account.name}/refresh-token`)).not.toBe(before);

    await makeStale(w, 'default');
    expect((await w.broker.getCredentials(w.account)).source).toBe('refresh');
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(2);
  });

  it('a sign-out while the renewal waits for the user pool wins: no refresh token is stored after it', async () => {
    const key = `${w.account.name}/session`;
    await w.broker.login(w.account, w.prompter());
    const session = JSON.parse((await w.store.get(key))!) as Record<string, unknown>;
    const expired = `e30.${Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url')}.sig`;
    await w.store.set(key, JSON.stringify({ ...session, accessToken: expired }));
    // The user pool rotates the token at once and answers late: the sign-out lands in between.
    w.backend.inject('userPool', { operation: 'GetTokensFromRefreshToken', delayAnswerMs: 800 });
    const calls = w.backend.counts.userPool.get('GetTokensFromRefreshToken');
    const renewal = accessTokenOf(w.account, { home: w.home, store: w.store, auth: defaultSessionAuth, env: {} }).catch((error: unknown) => error);
    while (w.backend.counts.userPool.get('GetTokensFromRefreshToken') === calls) await new Promise((r) => setTimeout(r, 5));
    await w.broker.logout(w.account);
    await renewal;
    expect(await w.store.keysOf(w.account.name)).toEqual([]);
  });
});
