import { createHash, randomBytes } from 'node:crypto';

/**
 * PKCE (RFC 7636) with S256: the verifier stays in this process, only its hash travels through the browser,
 * so a code intercepted on the way back (another program on the loopback port, a browser extension) is
 * useless without it. Cognito accepts only S256 for public clients.
 */
export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes → a 43-character base64url verifier, the length RFC 7636 recommends. */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The OAuth `state`: unguessable, so a callback the browser was tricked into sending is refused. */
export function randomState(): string {
  return randomBytes(24).toString('base64url');
}
