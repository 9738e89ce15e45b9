import { createHmac, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { startSrp } from '../../../main/core/auth/srp.js';

/**
 * The SRP arithmetic the broker uses (cognito-srp-helper) checked against AWS's own reference implementation,
 * amazon-cognito-identity-js's AuthenticationHelper, for the same private value, server values and password.
 */
const require = createRequire(import.meta.url);
interface BigIntegerLike {
  toString(radix: number): string;
  equals(other: BigIntegerLike): boolean;
}
type BigIntegerCtor = new (value: string, radix: number) => BigIntegerLike;
interface Helper {
  smallAValue: BigIntegerLike;
  largeAValue?: BigIntegerLike;
  N: BigIntegerLike & { subtract(o: BigIntegerLike): BigIntegerLike };
  getLargeAValue(cb: (err: unknown, a: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(user: string, password: string, b: BigIntegerLike, salt: BigIntegerLike, cb: (err: unknown, hkdf: Uint8Array) => void): void;
}
const { AuthenticationHelper } = require('amazon-cognito-identity-js') as { AuthenticationHelper: new (poolName: string) => Helper };
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger') as { default: BigIntegerCtor }).default;

function oracle(poolName: string, smallA: string) {
  const helper = new AuthenticationHelper(poolName);
  helper.smallAValue = new BigInteger(smallA, 16);
  helper.largeAValue = undefined;
  return helper;
}

async function oracleSignature(
  helper: Helper,
  poolName: string,
  userId: string,
  password: string,
  challenge: { SRP_B: string; SALT: string; SECRET_BLOCK: string },
  timestamp: string,
): Promise<string> {
  await new Promise<void>((resolve, reject) => helper.getLargeAValue((err) => (err ? reject(err) : resolve())));
  const hkdf = await new Promise<Uint8Array>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(userId, password, new BigInteger(challenge.SRP_B, 16), new BigInteger(challenge.SALT, 16), (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(challenge.SECRET_BLOCK, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return createHmac('sha256', Buffer.from(hkdf)).update(message).digest('base64');
}

function randomChallenge(userId: string) {
  // Any B in [1, N) and any salt: the client side is deterministic given a, B, salt, user id and password.
  return {
    SRP_B: randomBytes(384).toString('hex').replace(/^0+/, '').slice(0, 760),
    SALT: randomBytes(16).toString('hex'),
    SECRET_BLOCK: randomBytes(64).toString('base64'),
    USER_ID_FOR_SRP: userId,
  };
}

describe('SRP arithmetic against amazon-cognito-identity-js (oracle)', () => {
  const cases = [
    { pool: 'eu-west-1_AbCdEf123', typed: 'alice', userId: 'alice', password: 'Correct-horse-1' },
    // Signing in with an alias: the proof must use USER_ID_FOR_SRP, not what was typed.
    { pool: 'local_7Xy9', typed: 'bob@example.com', userId: '6b0f3a2e-1111-2222-3333-444455556666', password: 'pässwörd with spaces & symbols!' },
  ];

  for (const c of cases) {
    it(`computes the same A and password signature (${c.typed})`, async () => {
      const srp = startSrp(c.typed, c.password, c.pool);
      const poolName = c.pool.split('_')[1] as string;
      const helper = oracle(poolName, srp.session.smallA);
      const challenge = randomChallenge(c.userId);
      const claim = srp.passwordClaim(challenge);

      const expected = await oracleSignature(helper, poolName, c.userId, c.password, challenge, claim.TIMESTAMP);
      expect(helper.largeAValue?.equals(new BigInteger(srp.srpA, 16))).toBe(true);
      expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(expected);
      expect(claim.PASSWORD_CLAIM_SECRET_BLOCK).toBe(challenge.SECRET_BLOCK);
      // Cognito's timestamp format: "Sat Nov 21 05:40:01 UTC 2026" (day without padding).
      expect(claim.TIMESTAMP).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    });
  }

  it('gives a different signature for a wrong password', async () => {
    const srp = startSrp('carol', 'right-password', 'local_pool1');
    const helper = oracle('pool1', srp.session.smallA);
    const challenge = randomChallenge('carol');
    const claim = srp.passwordClaim(challenge);
    const wrong = await oracleSignature(helper, 'pool1', 'carol', 'wrong-password', challenge, claim.TIMESTAMP);
    expect(claim.PASSWORD_CLAIM_SIGNATURE).not.toBe(wrong);
  });

  it('refuses a server value B of zero', () => {
    const srp = startSrp('dave', 'pw', 'local_pool1');
    expect(() => srp.passwordClaim({ SRP_B: '000', SALT: 'ab', SECRET_BLOCK: 'AA==', USER_ID_FOR_SRP: 'dave' })).toThrow();
  });
});
