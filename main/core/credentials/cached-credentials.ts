import type { AwsCredentials } from './aws-credentials.js';
import { REFRESH_WINDOW_MS } from './aws-credentials.js';
import { remainingMs } from '../aws/server-clock.js';
import { parseStoredObject } from '../keychain/stored-json.js';

/**
 * Cached credentials are kept in the keychain as the JSON of AwsCredentials. Checked by hand, not with a
 * schema library: this runs on the credential-process hot path, which must load nothing it does not need.
 * Anything malformed reads as "no cache" so the slow path replaces it.
 */
/** `2026-12-06T10:00:00Z`, with optional fractional seconds and a `Z` or `±hh:mm` offset. */
const ISO_8601_UTC = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function parseCachedCredentials(text: string | null): AwsCredentials | undefined {
  const c = parseStoredObject(text);
  if (!c) return undefined;
  const fields = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration', 'roleArn', 'identityId'] as const;
  for (const field of fields) if (typeof c[field] !== 'string') return undefined;
  // Strict ISO-8601 (what AWS returns and the AWS CLI and SDKs parse): `Expiration` is printed as stored on
  // the hot path, so anything Date.parse merely tolerates ("Dec 6 2026", "2026-12-06") is no cache at all.
  if (!ISO_8601_UTC.test(c.expiration as string) || Number.isNaN(Date.parse(c.expiration as string))) return undefined;
  // An unreadable offset is dropped, not fatal: the credentials are then judged by this machine's clock.
  if (c.clockOffsetMs !== undefined && !Number.isFinite(c.clockOffsetMs)) delete c.clockOffsetMs;
  return c as unknown as AwsCredentials;
}

/**
 * True when the credentials have at least botocore's advisory window (15 min) left by the server's clock
 * (the offset kept with them), and have not expired by this machine's clock either: the AWS CLI and SDKs
 * that receive them judge `Expiration` by this clock and refuse credentials they see as expired, so handing
 * such a set out would only make them call again. With the clock up to 15 minutes ahead that second check
 * never decides; beyond that, every call refreshes, and status and the window say the clock is off.
 */
export function isFresh(credentials: AwsCredentials, now: number = Date.now()): boolean {
  const expiresAt = Date.parse(credentials.expiration);
  return remainingMs(expiresAt, credentials.clockOffsetMs, now) >= REFRESH_WINDOW_MS && expiresAt > now;
}

export function serializeCredentials(credentials: AwsCredentials): string {
  const { accessKeyId, secretAccessKey, sessionToken, expiration, roleArn, identityId, clockOffsetMs } = credentials;
  return JSON.stringify({
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration,
    roleArn,
    identityId,
    ...(clockOffsetMs === undefined ? {} : { clockOffsetMs }),
  });
}
