import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { checkUserVectors, VECTOR_TEST_TIMEOUT } from './random-vectors.js';

/** Half of the thousand user-SRP vectors against AWS's AuthenticationHelper: app clients with a secret. */
beforeAll(() => void vi.useFakeTimers({ toFake: ['Date'] }));
afterAll(() => void vi.useRealTimers());

describe('user SRP against AuthenticationHelper, client with a secret', () => {
  it(
    'gives the same key, PASSWORD_VERIFIER claim and SECRET_HASH (typed name and USER_ID_FOR_SRP) on 500 random vectors',
    () => checkUserVectors(500, true),
    VECTOR_TEST_TIMEOUT,
  );
});
