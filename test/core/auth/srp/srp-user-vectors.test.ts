import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSrp, srpPoolName } from '../../../../main/core/auth/srp.js';
import { helperFor, helperKey, helperSignature, largeA } from './aws-helper-oracle.js';
import { challengeVector, checkUserVectors, pick, poolName, VECTOR_TEST_TIMEOUT } from './random-vectors.js';

/**
 * The other half of the thousand user-SRP vectors (clients without a secret), and the full path through
 * startSrp against the helper's own jsbn arithmetic: full-size random a, A = g^a, nothing swapped.
 */
beforeAll(() => void vi.useFakeTimers({ toFake: ['Date'] }));
afterAll(() => void vi.useRealTimers());

describe('user SRP against AuthenticationHelper, client without a secret', () => {
  it('gives the same key and PASSWORD_VERIFIER claim on 500 random vectors', () => checkUserVectors(500, false), VECTOR_TEST_TIMEOUT);

  it(
    "matches the helper's own jsbn arithmetic through startSrp, A = g^a included (full-size a, nothing swapped)",
    () => {
      for (let i = 0; i < 3; i += 1) {
        const pool = `${pick(['eu-west-1', 'us-east-1', 'local'])}_${poolName()}`;
        const srp = startSrp('typed-name', 'Pässword-1', pool);
        const helper = helperFor(srpPoolName(pool), srp.session.smallA);
        expect(srp.srpA).toBe(largeA(helper));
        const v = challengeVector();
        const userId = randomUUID();
        vi.setSystemTime(v.now);
        const claim = srp.passwordClaim({ SRP_B: v.SRP_B, SALT: v.SALT, SECRET_BLOCK: v.SECRET_BLOCK, USER_ID_FOR_SRP: userId });
        const key = helperKey(helper, userId, 'Pässword-1', v.SRP_B, v.SALT);
        expect(claim.PASSWORD_CLAIM_SIGNATURE).toBe(helperSignature(key, srpPoolName(pool), userId, v.SECRET_BLOCK, claim.TIMESTAMP));
      }
    },
    VECTOR_TEST_TIMEOUT,
  );
});
