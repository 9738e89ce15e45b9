import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import { BrokerError } from '../../../main/core/errors.js';

/**
 * The verifier against JWKS served over real loopback HTTP, with tokens signed here by keys the test owns.
 * Issuers as AWS issues them: exactly ORIGINAL `https://cognito-idp.<region>.amazonaws.com/<poolId>` and
 * UPDATED `https://issuer-cognito-idp.<region>.amazonaws.com/<poolId>` of the pool's primary Region, whatever
 * endpoint the account calls (which only says where the keys are fetched); an emulator's own issuer only with
 * the account's explicit `issuer`. Also: audience, token_use, exp required, the JWKS cache, an unreachable key
 * server, and no key fetched for a token of another issuer.
 */
interface KeyServer {
  server: Server;
  base: string;
  requests: number;
}

const POOL = 'eu-west-1_Verif1';
const ORIGINAL = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const UPDATED = `https://issuer-cognito-idp.eu-west-1.amazonaws.com/${POOL}`;
const CLIENT = 'client-abc';
const key = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
let front: KeyServer;
let emulator: KeyServer;

function jwk(publicKey: KeyObject, kid: string) {
  return { ...(publicKey.export({ format: 'jwk' }) as Record<string, string>), kid, alg: 'RS256', use: 'sig' };
}

async function keyServer(keys: object[]): Promise<KeyServer> {
  const ks = { base: '', requests: 0 } as KeyServer;
  ks.server = createServer((req, res) => {
    if (req.url === `/${POOL}/.well-known/jwks.json`) {
      ks.requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => ks.server.listen(0, '127.0.0.1', r));
  ks.base = `http://127.0.0.1:${(ks.server.address() as { port: number }).port}`;
  return ks;
}

function sign(claims: Record<string, unknown>, privateKey: KeyObject = key.privateKey, kid = 'k1'): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', kid, typ: 'JWT' })}.${enc(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

function claims(iss: string, extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return { sub: 'sub-1', 'cognito:username': 'alice', iss, aud: CLIENT, token_use: 'id', iat: now, exp: now + 600, ...extra };
}

const account = (endpoint?: string, extra: { issuer?: string; region?: string; userPoolId?: string } = {}) => ({
  name: 'work',
  region: 'eu-west-1',
  userPoolId: POOL,
  clientId: CLIENT,
  ...(endpoint === undefined ? {} : { endpoints: { cognitoIdentityProvider: endpoint } }),
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<BrokerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  front = await keyServer([jwk(key.publicKey, 'k1')]);
  emulator = await keyServer([jwk(key.publicKey, 'k1')]);
});

afterAll(async () => {
  await Promise.all([front, emulator].map((ks) => new Promise((r) => ks?.server.close(r))));
});

describe('verifyIdToken', () => {
  it("accepts AWS's ORIGINAL issuer with the keys from the account's endpoint, and caches the JWKS", async () => {
    const first = await verifyIdToken(account(front.base), sign(claims(ORIGINAL)), {});
    expect(first['cognito:username']).toBe('alice');
    await verifyIdToken(account(front.base), sign(claims(ORIGINAL, { sub: 'sub-2' })), {});
    expect(front.requests).toBe(1);
  });

  it('accepts the UPDATED issuer of the same pool', async () => {
    expect((await verifyIdToken(account(front.base), sign(claims(UPDATED)), {})).iss).toBe(UPDATED);
  });

  it("takes the issuer's Region from the pool id, not from the account (a replica in another Region)", async () => {
    expect((await verifyIdToken(account(front.base, { region: 'eu-central-1' }), sign(claims(ORIGINAL)), {})).sub).toBe('sub-1');
    const replicaIssuer = `https://cognito-idp.eu-central-1.amazonaws.com/${POOL}`;
    expect((await refusal(verifyIdToken(account(front.base, { region: 'eu-central-1' }), sign(claims(replicaIssuer)), {}))).code).toBe('token-invalid');
  });

  it('an endpoint reached through another host name (FIPS, PrivateLink, a proxy) changes where keys come from, not whom we trust', async () => {
    const otherName = `http://localhost:${new URL(front.base).port}`;
    expect((await verifyIdToken(account(otherName), sign(claims(ORIGINAL, { sub: 'sub-3' })), {})).sub).toBe('sub-3');
    // The endpoint's own address is never an accepted issuer.
    expect((await refusal(verifyIdToken(account(otherName), sign(claims(`${otherName}/${POOL}`)), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(`${front.base}/${POOL}`)), {}))).code).toBe('token-invalid');
  });

  it('refuses a token of another pool, Region or issuer before any key is fetched', async () => {
    const before = { front: front.requests, emulator: emulator.requests };
    const others = [
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other',
      'https://issuer-cognito-idp.us-east-1.amazonaws.com/' + POOL,
      `https://cognito-idp.eu-west-1.amazonaws.com.attacker.example/${POOL}`,
      `https://attacker.example/${POOL}`,
      `${emulator.base}/${POOL}`,
    ];
    for (const iss of others) {
      const error = await refusal(verifyIdToken(account(emulator.base), sign(claims(iss)), {}));
      expect(error.code).toBe('token-invalid');
      expect(error.message).toContain(POOL);
    }
    expect({ front: front.requests, emulator: emulator.requests }).toEqual(before);
  });

  it("trusts an emulator's own issuer only when the account names it, and says how to when it does not", async () => {
    const emulatorIssuer = `${emulator.base}/${POOL}`;
    const hinted = await refusal(verifyIdToken(account(emulator.base), sign(claims(emulatorIssuer)), {}));
    expect(hinted.hint).toContain(`--issuer ${emulatorIssuer}`);
    expect((await verifyIdToken(account(emulator.base, { issuer: emulatorIssuer }), sign(claims(emulatorIssuer)), {})).iss).toBe(emulatorIssuer);
    // With an explicit issuer, AWS's own are no longer accepted for that account.
    expect((await refusal(verifyIdToken(account(emulator.base, { issuer: emulatorIssuer }), sign(claims(ORIGINAL)), {}))).code).toBe('token-invalid');
  });

  it('an emulator pool id without a Region and without an issuer setting is a configuration error that names the setting', async () => {
    const error = await refusal(verifyIdToken(account(emulator.base, { userPoolId: 'local_abc' }), sign(claims(`${emulator.base}/local_abc`)), {}));
    expect(error.code).toBe('config-invalid');
    expect(error.hint).toContain('--issuer');
  });

  it('with the AWS endpoint, the keys come from the issuer itself', async () => {
    // No endpoint configured: the keys would be fetched from AWS, which a loopback test must not reach, so a
    // token of another issuer is refused before that and a right one is not tried here.
    expect((await refusal(verifyIdToken(account(), sign(claims(`${front.base}/${POOL}`)), {}))).code).toBe('token-invalid');
  });

  it('refuses a token signed by another key, for another client, of another use, or without exp', async () => {
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(ORIGINAL), otherKey.privateKey), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(ORIGINAL, { aud: 'someone-else' })), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(ORIGINAL, { token_use: 'access' })), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(ORIGINAL, { exp: undefined })), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), 'not-a-jwt', {}))).code).toBe('token-invalid');
  });

  it('an expired token means the session expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const error = await refusal(verifyIdToken(account(front.base), sign(claims(ORIGINAL, { iat: past - 60, exp: past })), {}));
    expect(error.code).toBe('session-expired');
    expect(error.hint).toContain('cognito-broker login work');
  });

  it('an unreachable key server is a network error', async () => {
    const dead = await keyServer([]);
    const base = dead.base;
    await new Promise((r) => dead.server.close(r));
    const error = await refusal(verifyIdToken(account(base), sign(claims(ORIGINAL)), {}));
    expect(error.code).toBe('network');
  });
});
