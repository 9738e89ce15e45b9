import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The endpoint's Authorization value for one (account, role) and one run of a server: 32 random bytes,
 * base64url (no `+`, `/`, `=`, CR or LF, which the SDKs refuse in a header value). A new server run means new
 * tokens, so a token copied out of an old environment stops working when its server stops.
 */
export function newEndpointToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a server keeps per route instead of comparing the token itself: its SHA-256. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * Constant time in the token: both sides are 32-byte digests, so timingSafeEqual never sees different
 * lengths and the time taken says nothing about how much of a guess was right.
 */
export function tokenMatches(given: string, expected: Buffer): boolean {
  return timingSafeEqual(tokenDigest(given), expected);
}
