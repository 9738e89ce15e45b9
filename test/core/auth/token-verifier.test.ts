import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyIdToken } from '../../../main/core/auth/token-verifier.js';
import { BrokerError } from '../../../main/core/errors.js';

/**
 * The verifier against JWKS served over real loopback HTTP, with tokens signed here by keys the test owns:
 * signature, issuer (exactly `<endpoint>/<poolId>`: another loopback server's issuer is refused too), audience,
 * token_use, the JWKS cache, and an unreachable key server.
 */
interface KeyServer {
  server: Server;
  base: string;
  requests: number;
}

const POOL = 'local_Verif1';
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

const account = (endpoint?: string) => ({
  name: 'work',
  region: 'us-east-1',
  userPoolId: POOL,
  clientId: CLIENT,
  ...(endpoint === undefined ? {} : { endpoints: { cognitoIdentityProvider: endpoint } }),
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
  it('accepts a token signed by the pool key with issuer <endpoint>/<poolId>, and caches the JWKS', async () => {
    const token = sign(claims(`${front.base}/${POOL}`));
    const first = await verifyIdToken(account(front.base), token, {});
    expect(first['cognito:username']).toBe('alice');
    await verifyIdToken(account(front.base), sign(claims(`${front.base}/${POOL}`, { sub: 'sub-2' })), {});
    expect(front.requests).toBe(1);
  });

  it('refuses a token whose issuer is another loopback server, even one serving the same pool and key', async () => {
    const token = sign(claims(`${emulator.base}/${POOL}`));
    expect((await refusal(verifyIdToken(account(front.base), token, {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(`http://localhost:${new URL(front.base).port}/${POOL}`)), {}))).code).toBe('token-invalid');
    expect(emulator.requests).toBe(0);
  });

  it('refuses an issuer that names another pool or another host', async () => {
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(`${front.base}/local_Other`)), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(`${emulator.base}/local_Other`)), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(`https://attacker.example/${POOL}`)), {}))).code).toBe('token-invalid');
  });

  it('with the AWS endpoint, only the AWS issuer is trusted whatever the token claims', async () => {
    const error = await refusal(verifyIdToken(account(), sign(claims(`${front.base}/${POOL}`)), {}));
    expect(error.code).toBe('token-invalid');
    expect(front.requests).toBe(1);
  });

  it('refuses a token signed by another key, for another client, or of another use', async () => {
    const iss = `${front.base}/${POOL}`;
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(iss), otherKey.privateKey), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(iss, { aud: 'someone-else' })), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), sign(claims(iss, { token_use: 'access' })), {}))).code).toBe('token-invalid');
    expect((await refusal(verifyIdToken(account(front.base), 'not-a-jwt', {}))).code).toBe('token-invalid');
  });

  it('an expired token means the session expired', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const error = await refusal(verifyIdToken(account(front.base), sign(claims(`${front.base}/${POOL}`, { iat: past - 60, exp: past })), {}));
    expect(error.code).toBe('session-expired');
    expect(error.hint).toContain('cognito-broker login work');
  });

  it('an unreachable key server is a network error', async () => {
    const dead = await keyServer([]);
    const base = dead.base;
    await new Promise((r) => dead.server.close(r));
    const error = await refusal(verifyIdToken(account(base), sign(claims(`${base}/${POOL}`)), {}));
    expect(error.code).toBe('network');
  });
});
