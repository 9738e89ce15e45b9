import { BrokerError } from '../errors.js';

/**
 * Read a token's claims WITHOUT verifying it. Only for data the broker already trusts (a token it verified
 * when it stored it) and for non-security display such as an expiry time. Kept apart from the verifier so
 * the credential-process hot path can read a cached token without loading aws-jwt-verify.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1];
  if (part === undefined) throw new BrokerError('token-invalid', 'A stored token is malformed.', { hint: 'Sign in again.' });
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) throw new Error('not an object');
    return payload as Record<string, unknown>;
  } catch (cause) {
    throw new BrokerError('token-invalid', 'A stored token is malformed.', { hint: 'Sign in again.', cause });
  }
}
