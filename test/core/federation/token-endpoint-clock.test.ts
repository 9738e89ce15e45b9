import { beforeEach, describe, expect, it } from 'vitest';
import { forgetServerClock, latestServerClockOffset } from '../../../main/core/aws/server-clock-observer.js';
import { refreshAtTokenEndpoint } from '../../../main/core/federation/oauth-token-client.js';

/** An unsigned JWT-shaped string: the token endpoint client only decodes `cognito:username` from it. */
function fakeIdToken(): string {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ 'cognito:username': 'alice' })}.sig`;
}

describe("the managed login's token endpoint teaches the server's clock", () => {
  beforeEach(() => forgetServerClock());

  it('a token answer from a server 10 minutes ahead sets the offset its tokens are then judged with', async () => {
    const fetch = (async () =>
      new Response(JSON.stringify({ id_token: fakeIdToken(), access_token: 'a' }), {
        status: 200,
        headers: { 'content-type': 'application/json', date: new Date(Date.now() + 10 * 60_000).toUTCString() },
      })) as typeof globalThis.fetch;
    await refreshAtTokenEndpoint({ domain: 'https://login.example.com', clientId: 'c', fetch }, 'r');
    expect(Math.abs((latestServerClockOffset() as number) - 10 * 60_000)).toBeLessThan(2_000);
  });

  it('an answer without a Date header leaves the clock as it was', async () => {
    const fetch = (async () => new Response(JSON.stringify({ id_token: fakeIdToken(), access_token: 'a' }), { status: 200 })) as typeof globalThis.fetch;
    await refreshAtTokenEndpoint({ domain: 'https://login.example.com', clientId: 'c', fetch }, 'r');
    expect(latestServerClockOffset()).toBeUndefined();
  });
});
