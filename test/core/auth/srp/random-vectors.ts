import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { expect, vi } from 'vitest';
import { secretHash } from '../../../../main/core/auth/secret-hash.js';
import { startExchange } from '../../../../main/core/auth/srp/exchange.js';
import { N } from '../../../../main/core/auth/srp/group.js';
import { helperFor, helperKey, helperSignature, helperTimestamp, withTextbookModPow } from './aws-helper-oracle.js';

/**
 * Random SRP vectors and the user-SRP comparison the vector test files share (split in files so vitest can
 * run them side by side). SECRET_HASH is not the helper's business (amazon-cognito-identity-js has no client
 * secrets): cognito-srp-helper's createSecretHash is its oracle.
 */
const require = createRequire(import.meta.url);
const { createSecretHash } = require('cognito-srp-helper') as { createSecretHash: (user: string, clientId: string, secret: string) => string };

/** jsbn-free vector runs take ~40 ms of CPU each; on a busy shared machine a file of them needs minutes of wall time. */
export const VECTOR_TEST_TIMEOUT = 600_000;

export const hex = (bytes: number) => randomBytes(bytes).toString('hex');
export const pick = <T>(items: readonly T[]): T => items[randomInt(items.length)] as T;
const ALPHABET = ['a', 'Z', '7', '.', '-', '_', '@', '+', ' ', 'é', 'ß', 'Ω', '中', '🙂', ':', '"', '\\'];
export const text = (min: number, max: number) => Array.from({ length: randomInt(min, max + 1) }, () => pick(ALPHABET)).join('');
export const poolName = () => randomBytes(randomInt(3, 12)).toString('base64url');

/** A random number in hex, shaped to hit padHex's cases: leading zero bytes, top bit set, odd length. */
function shapedHex(bytes: number): string {
  const value = hex(bytes);
  switch (randomInt(6)) {
    case 0:
      return `00${value.slice(2)}`;
    case 1:
      return `8${value.slice(1)}`;
    case 2:
      return value.replace(/^0+/, '').slice(1) || '1';
    default:
      return value;
  }
}

/** B as Cognito sends it, now and then ≥ N (both sides then hash B as sent and use it mod N). */
function serverB(): string {
  const B = randomInt(20) === 0 ? N + BigInt(`0x${hex(8)}`) : BigInt(`0x${shapedHex(384)}`) % N;
  return (B === 0n ? 1n : B).toString(16);
}

function randomDate(): Date {
  return new Date(Date.UTC(randomInt(1999, 2100), randomInt(12), randomInt(1, 29), randomInt(24), randomInt(60), randomInt(60)));
}

/**
 * A challenge and the client's a and A. a is random and at most 504 bits, so a + u·x stays ~512 bits and the
 * thousand runs stay affordable; A is random and independent of a (both sides take the pair as given), so u
 * sees full-size values. A = g^a and full-size a are checked on the unswapped jsbn path.
 */
export function challengeVector() {
  return {
    aHex: hex(randomInt(1, 64)),
    AHex: BigInt(`0x${shapedHex(384)}`).toString(16),
    SRP_B: serverB(),
    SALT: shapedHex(randomInt(1, 17)),
    SECRET_BLOCK: randomBytes(randomInt(16, 600)).toString('base64'),
    now: randomDate(),
  };
}

/**
 * `count` user-SRP vectors: the PASSWORD_VERIFIER claim (key, signature, timestamp) against the helper, and
 * with a client secret the SECRET_HASH for InitiateAuth (typed name) and for the answer (USER_ID_FOR_SRP).
 * Needs fake Date timers (DateHelper reads the clock).
 */
export function checkUserVectors(count: number, withSecret: boolean): void {
  withTextbookModPow(() => {
    for (let i = 0; i < count; i += 1) {
      const v = challengeVector();
      const pool = poolName();
      const typed = pick([text(1, 20), `${text(1, 8)}@example.com`]);
      // Signing in with an alias: the proof and the later SECRET_HASH use USER_ID_FOR_SRP, not what was typed.
      const userId = randomInt(3) === 0 ? randomUUID() : typed;
      const password = text(0, 40);
      const clientId = randomBytes(13).toString('base64url');
      const clientSecret = withSecret ? randomBytes(randomInt(30, 60)).toString('base64url') : undefined;
      const context = JSON.stringify({ i, ...v, pool, typed, userId, password, clientId, clientSecret });

      const claim = startExchange(pool, { a: BigInt(`0x${v.aHex}`), A: BigInt(`0x${v.AHex}`) }).claim(userId, password, v, v.now);
      vi.setSystemTime(v.now);
      const timestamp = helperTimestamp();
      const key = helperKey(helperFor(pool, v.aHex, v.AHex), userId, password, v.SRP_B, v.SALT);
      expect(claim, context).toEqual({
        PASSWORD_CLAIM_SECRET_BLOCK: v.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: helperSignature(key, pool, userId, v.SECRET_BLOCK, timestamp),
        TIMESTAMP: timestamp,
      });
      if (clientSecret !== undefined) {
        expect(secretHash(typed, clientId, clientSecret), context).toBe(createSecretHash(typed, clientId, clientSecret));
        expect(secretHash(userId, clientId, clientSecret), context).toBe(createSecretHash(userId, clientId, clientSecret));
      }
    }
  });
}
