import { createSrpSession, signSrpSession } from 'cognito-srp-helper';

export type SrpSession = ReturnType<typeof createSrpSession>;

/** What the PASSWORD_VERIFIER answer needs besides USERNAME and SECRET_HASH. */
export interface PasswordClaim {
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  PASSWORD_CLAIM_SIGNATURE: string;
  TIMESTAMP: string;
}

export interface SrpExchange {
  /** The client's public value A (hex), sent as SRP_A in InitiateAuth. */
  readonly srpA: string;
  /** The underlying session (private value included), exposed so tests can check the arithmetic against an oracle. */
  readonly session: SrpSession;
  /**
   * Prove knowledge of the password for the PASSWORD_VERIFIER challenge. The password hash uses the
   * challenge's USER_ID_FOR_SRP, not what the person typed (they differ when signing in with an alias).
   */
  passwordClaim(challenge: Record<string, string | undefined>): PasswordClaim;
}

/**
 * USER_SRP_AUTH's client side (SRP-6a over Cognito's 3072-bit group), via cognito-srp-helper. The password
 * never leaves the machine; only A and the HMAC proof do.
 */
export function startSrp(username: string, password: string, userPoolId: string): SrpExchange {
  // `false`: the password is plain text; the helper then hashes it with USER_ID_FOR_SRP when signing.
  const session = createSrpSession(username, password, userPoolId, false);
  return {
    srpA: session.largeA,
    session,
    passwordClaim(challenge) {
      const signed = signSrpSession(session, { ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: challenge as Record<string, string> });
      return {
        PASSWORD_CLAIM_SECRET_BLOCK: signed.secret,
        PASSWORD_CLAIM_SIGNATURE: signed.passwordSignature,
        TIMESTAMP: signed.timestamp,
      };
    },
  };
}
