import { BrokerError } from '../errors.js';
import { CLOCK_TOLERANCE_MS, serverNow } from '../aws/server-clock.js';

/**
 * A token's `exp` and `iat` were written by the server's clock, so they are judged against it: this
 * machine's time plus the offset learned from the answer that carried the token (server-clock.ts), with
 * CLOCK_TOLERANCE_MS either way for what the offset cannot know (its one-second resolution, the network's
 * delay, a clock never measured).
 */

/**
 * aws-jwt-verify checks `exp` against this machine's clock with `graceSeconds` of slack. This grace makes
 * its check the same as ours whenever the server is not ahead by more than the tolerance; when it is, the
 * grace is 0, its check is the looser one, and `checkTokenTimes` decides.
 */
export function expiryGraceSeconds(offsetMs: number | undefined): number {
  return Math.max(0, Math.floor((CLOCK_TOLERANCE_MS - (offsetMs ?? 0)) / 1000));
}

export interface TokenTimes {
  exp?: unknown;
  iat?: unknown;
}

/**
 * Refuses a token that has expired by the server's clock (BrokerError 'session-expired', as an expired
 * token is everywhere else) or that claims to be issued in the future beyond the tolerance
 * ('token-invalid': such a token was not issued by this pool's clock, or this machine's clock jumped).
 */
export function checkTokenTimes(accountName: string, claims: TokenTimes, offsetMs: number | undefined, now: number = Date.now()): void {
  const server = serverNow(offsetMs, now);
  if (typeof claims.exp === 'number' && claims.exp * 1000 + CLOCK_TOLERANCE_MS < server) {
    throw new BrokerError('session-expired', `The sign-in of account ${accountName} has expired.`, {
      hint: `Run \`cognito-broker login ${accountName}\` to sign in again.`,
    });
  }
  if (typeof claims.iat === 'number' && claims.iat * 1000 - CLOCK_TOLERANCE_MS > server) {
    throw new BrokerError('token-invalid', `The ID token from the user pool did not pass verification (it says it was issued in the future).`, {
      hint: 'Turn on automatic date and time in your system settings, then sign in again.',
    });
  }
}
