import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { identityPoolClient, userPoolClient } from '../../../main/core/aws/clients.js';
import { forgetServerClock, latestServerClockOffset, serverClockOffsetOf } from '../../../main/core/aws/server-clock-observer.js';

const MIN = 60_000;

/**
 * A loopback server whose clock is `shiftMs` off this one's: its `Date` header says so, as an AWS endpoint's
 * would to a laptop with a wrong clock. Answers GetId, and refuses InitiateAuth as AWS would.
 */
describe('the SDK clients learn the server clock from Date headers (unsigned calls)', () => {
  let server: Server;
  let endpoint: string;
  let shiftMs = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.sendDate = false;
        res.setHeader('date', new Date(Date.now() + shiftMs).toUTCString());
        res.setHeader('content-type', 'application/x-amz-json-1.1');
        if (String(req.headers['x-amz-target']).endsWith('.GetId')) {
          res.end(JSON.stringify({ IdentityId: 'eu-west-1:0000' }));
        } else {
          res.statusCode = 400;
          res.setHeader('x-amzn-errortype', 'NotAuthorizedException');
          res.end(JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => forgetServerClock());

  const account = () => ({ region: 'eu-west-1', endpoints: { cognitoIdentity: endpoint, cognitoIdentityProvider: endpoint } });

  for (const shift of [10 * MIN, -10 * MIN, 0]) {
    it(`an answer from a server ${shift / MIN} min off: the offset is kept with the output and as the latest`, async () => {
      shiftMs = shift;
      const client = identityPoolClient(account());
      try {
        const out = await client.send(new GetIdCommand({ IdentityPoolId: 'eu-west-1:pool', Logins: {} }));
        const offset = serverClockOffsetOf(out);
        expect(offset).toBeDefined();
        // One-second resolution of the header, plus the loopback round trip.
        expect(Math.abs((offset as number) - shift)).toBeLessThan(1_500);
        expect(latestServerClockOffset()).toBe(offset);
        // The SDK's own offset stays 0 for unsigned calls: that is why the broker reads the header itself.
        expect(client.config.systemClockOffset ?? 0).toBe(0);
      } finally {
        client.destroy();
      }
    });
  }

  it('an error answer teaches the clock too (a refused sign-in under a wrong clock still warns)', async () => {
    shiftMs = -7 * MIN;
    const client = userPoolClient(account());
    try {
      await expect(
        client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } })),
      ).rejects.toThrow(/Incorrect/);
      expect(Math.abs((latestServerClockOffset() as number) + 7 * MIN)).toBeLessThan(1_500);
    } finally {
      client.destroy();
    }
  });

  it('nothing is learned before any answer, and outputs that were not answers have no offset', () => {
    expect(latestServerClockOffset()).toBeUndefined();
    expect(serverClockOffsetOf({})).toBeUndefined();
    expect(serverClockOffsetOf(undefined)).toBeUndefined();
  });
});
