import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretHash } from 'cognito-srp-helper';
import { secretHash } from '../../../main/core/auth/secret-hash.js';

describe('secretHash', () => {
  it('is Base64(HMAC-SHA256(secret, username + clientId))', () => {
    const expected = createHmac('sha256', 's3cr3t')
      .update('alice' + 'client123')
      .digest('base64');
    expect(secretHash('alice', 'client123', 's3cr3t')).toBe(expected);
  });

  it('agrees with cognito-srp-helper (an independent implementation)', () => {
    for (const [user, client, secret] of [
      ['bob', '1example23456789', 'abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop'],
      ['7d8e0b1c-aaaa-bbbb-cccc-0123456789ab', 'cid', 'üñíçødé secret'],
    ] as const) {
      expect(secretHash(user, client, secret)).toBe(createSecretHash(user, client, secret));
    }
  });

  it('depends on the username, so the SRP user id and the typed alias give different hashes', () => {
    expect(secretHash('alice@example.com', 'c', 's')).not.toBe(secretHash('0f1e2d3c-sub', 'c', 's'));
  });
});
