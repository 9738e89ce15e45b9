import type { AwsCredentials } from './aws-credentials.js';
import { REFRESH_WINDOW_MS } from './aws-credentials.js';

/**
 * Cached credentials are kept in the keychain as the JSON of AwsCredentials. Checked by hand, not with a
 * schema library: this runs on the credential-process hot path, which must load nothing it does not need.
 * Anything malformed reads as "no cache" so the slow path replaces it.
 */
export function parseCachedCredentials(text: string | null): AwsCredentials | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const c = value as Record<string, unknown>;
  const fields = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration', 'roleArn', 'identityId'] as const;
  for (const field of fields) if (typeof c[field] !== 'string') return undefined;
  if (Number.isNaN(Date.parse(c.expiration as string))) return undefined;
  return c as unknown as AwsCredentials;
}

/** True when the credentials have at least botocore's advisory window (15 min) left. */
export function isFresh(credentials: AwsCredentials, now: number = Date.now()): boolean {
  return Date.parse(credentials.expiration) - now >= REFRESH_WINDOW_MS;
}

export function serializeCredentials(credentials: AwsCredentials): string {
  const { accessKeyId, secretAccessKey, sessionToken, expiration, roleArn, identityId } = credentials;
  return JSON.stringify({ accessKeyId, secretAccessKey, sessionToken, expiration, roleArn, identityId });
}
