import { startExchange } from './srp/exchange.js';
import type { PasswordClaim } from './srp/password-claim.js';

export type { PasswordClaim } from './srp/password-claim.js';

/** The private value and A of one exchange, as hex (tests check the arithmetic against AWS's helper). */
export interface SrpSession {
  readonly smallA: string;
  readonly largeA: string;
}

export interface SrpExchange {
  /** The client's public value A (hex), sent as SRP_A in InitiateAuth. */
  readonly srpA: string;
  /** The exchange's private value included, exposed so tests can check the arithmetic against an oracle. */
  readonly session: SrpSession;
  /**
   * Prove knowledge of the password for the PASSWORD_VERIFIER challenge. The password hash uses the
   * challenge's USER_ID_FOR_SRP, not what the person typed (they differ when signing in with an alias, and
   * Cognito hashes the verifier it stores with the pool's own username). SECRET_HASH is the caller's: it is
   * computed over the same USER_ID_FOR_SRP (secret-hash.ts).
   */
  passwordClaim(challenge: Record<string, string | undefined>): PasswordClaim;
}

/** `eu-west-1_AbC` → `AbC`: the part of the pool id Cognito puts into the SRP hashes (CognitoUserPool.getUserPoolName). */
export function srpPoolName(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? userPoolId;
}

/**
 * USER_SRP_AUTH's client side (SRP-6a over Cognito's 3072-bit group) on native BigInt and node:crypto, giving
 * the results of AWS's AuthenticationHelper (srp/*). The password never leaves the machine; only A and the
 * HMAC proof do. `username` is what InitiateAuth's USERNAME carries; the proof itself uses USER_ID_FOR_SRP.
 */
export function startSrp(_username: string, password: string, userPoolId: string): SrpExchange {
  const exchange = startExchange(srpPoolName(userPoolId));
  return {
    srpA: exchange.srpA,
    session: { smallA: exchange.ephemeral.a.toString(16), largeA: exchange.srpA },
    passwordClaim(challenge) {
      const userId = challenge.USER_ID_FOR_SRP;
      if (!userId) throw new Error('The SRP challenge lacks USER_ID_FOR_SRP.');
      return exchange.claim(userId, password, challenge);
    },
  };
}
