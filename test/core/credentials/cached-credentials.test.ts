import { parseCachedCredentials } from '../../../main/core/credentials/cached-credentials.js';

/**
 * The hot path prints a cached `Expiration` as stored, to the AWS CLI and SDKs that parse it as ISO-8601:
 * anything else must read as "no cache" (the slow path then replaces it), never be printed.
 */
const base = {
  accessKeyId: 'AKIAEXAMPLE',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  roleArn: 'arn:aws:iam::123456789012:role/R',
  identityId: 'eu-west-1:x',
};
const read = (expiration: string) => parseCachedCredentials(JSON.stringify({ ...base, expiration }));

describe('cached credentials', () => {
  it('accepts the ISO-8601 forms AWS and the AWS CLI write', () => {
    for (const expiration of ['2026-12-06T10:00:00Z', '2026-12-06T10:00:00.123Z', '2026-12-06T10:00:00+00:00', '2026-12-06T11:00:00+01:00']) {
      expect(read(expiration)?.expiration, expiration).toBe(expiration);
    }
  });

  it('refuses an Expiration that Date.parse tolerates but is not ISO-8601, or is not a real time', () => {
    for (const expiration of [
      'Sun Dec 06 2026 10:00:00 GMT+0000',
      'Dec 6, 2026',
      '2026-12-06',
      '2026-12-06 10:00:00Z',
      '2026-12-06T10:00:00',
      '1798538400000',
      '2026-13-06T10:00:00Z',
      '2026-12-06T10:00:00Z\n{"x":1}',
      ' 2026-12-06T10:00:00Z',
    ]) {
      expect(read(expiration), JSON.stringify(expiration)).toBeUndefined();
    }
  });
});
