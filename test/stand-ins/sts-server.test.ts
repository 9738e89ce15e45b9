import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startStsServer, type StsServer } from './sts-server.js';

/**
 * The STS stand-in on the wire: the AWS query protocol and XML documented in the STS API reference, read by
 * the real @aws-sdk/client-sts, and each refusal IAM gives.
 */
let sts: StsServer;
let privateKey: KeyObject;
let jwk: Record<string, unknown>;
const POOL = 'eu-west-1:11111111-2222-3333-4444-555555555555';
const ROLE = 'arn:aws:iam::123456789012:role/Long';

function token(claims: Record<string, unknown>, key: KeyObject = privateKey, kid = 'test-kid'): string {
  const header = Buffer.from(JSON.stringify({ kid, typ: 'JWS', alg: 'RS512' })).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({
      sub: 'eu-west-1:identity',
      aud: POOL,
      amr: ['authenticated'],
      iss: 'https://cognito-identity.amazonaws.com',
      iat: now,
      exp: now + 600,
      ...claims,
    }),
  ).toString('base64url');
  return `${header}.${payload}.${sign('sha512', Buffer.from(`${header}.${payload}`), key).toString('base64url')}`;
}

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  privateKey = pair.privateKey;
  jwk = { ...(pair.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: 'test-kid', alg: 'RS512', use: 'sig' };
  sts = await startStsServer({ openIdJwk: () => jwk, roles: [{ arn: ROLE, maxSessionDuration: 7200, trustedIdentityPools: [POOL] }] });
});

afterAll(async () => {
  await sts?.stop();
});

function client(): STSClient {
  return new STSClient({ region: 'eu-west-1', endpoint: sts.endpoint, maxAttempts: 1 });
}

async function post(form: Record<string, string>): Promise<{ status: number; body: string }> {
  const res = await fetch(sts.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.text() };
}

const base = { Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'session-1' };

describe('STS stand-in: AssumeRoleWithWebIdentity', () => {
  it('answers the AWS SDK with credentials for the asked duration', async () => {
    const c = client();
    const out = await c.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'broker', WebIdentityToken: token({}), DurationSeconds: 7200 }),
    );
    c.destroy();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.Expiration?.getTime()).toBe(sts.issued.at(-1)!.expiration.getTime());
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(7200_000 - 5000);
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/Long/broker');
    expect(out.SubjectFromWebIdentityToken).toBe('eu-west-1:identity');
    expect(out.Audience).toBe(POOL);
    expect(out.Provider).toBe('cognito-identity.amazonaws.com');
  });

  it('defaults to one hour and writes the documented XML', async () => {
    const { status, body } = await post({ ...base, WebIdentityToken: token({}) });
    expect(status).toBe(200);
    expect(body).toMatch(/^<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><AssumeRoleWithWebIdentityResult>/);
    expect(body).toMatch(/<Expiration>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expiration>/);
    expect(sts.issued.at(-1)!.durationSeconds).toBe(3600);
  });

  it.each([
    [
      'a duration above the role maximum',
      { DurationSeconds: '7201' },
      {},
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    ],
    ['a duration outside 900..43200', { DurationSeconds: '600' }, {}, 'ValidationError', 'Member must have value between 900 and 43200'],
    [
      'another identity pool',
      {},
      { aud: 'eu-west-1:99999999-0000-0000-0000-000000000000' },
      'AccessDenied',
      'Not authorized to perform sts:AssumeRoleWithWebIdentity',
    ],
    ['an unauthenticated identity', {}, { amr: ['unauthenticated'] }, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
    ['an unknown role', { RoleArn: 'arn:aws:iam::123456789012:role/Other' }, {}, 'AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
    ['an expired token', {}, { exp: Math.floor(Date.now() / 1000) - 10 }, 'ExpiredTokenException', 'Token expired'],
    ['another issuer', {}, { iss: 'https://evil.example' }, 'InvalidIdentityToken', 'issuer'],
    ['a bad session name', { RoleSessionName: 'has:colon' }, {}, 'ValidationError', 'roleSessionName'],
  ])('refuses %s', async (_what, params, claims, code, message) => {
    const { status, body } = await post({ ...base, WebIdentityToken: token(claims), ...params });
    expect(status).toBe(code === 'AccessDenied' ? 403 : 400);
    expect(body).toContain(`<Error><Type>Sender</Type><Code>${code}</Code><Message>`);
    expect(body).toContain(message.replace(/'/g, '&apos;'));
  });

  it('refuses a token signed by another key, and the SDK surfaces the error name', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const c = client();
    const error = await c
      .send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'broker', WebIdentityToken: token({}, other) }))
      .catch((e: Error) => e);
    c.destroy();
    expect((error as Error).name).toBe('InvalidIdentityTokenException');
  });
});
