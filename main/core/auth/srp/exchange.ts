import { authenticationKey } from './authentication-key.js';
import { clientEphemeral, type ClientEphemeral } from './ephemeral.js';
import { parseHex } from './hex.js';
import { passwordClaim, type PasswordClaim } from './password-claim.js';
import { cognitoTimestamp } from './timestamp.js';

/** The parts of a PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER challenge the proof is computed from. */
export interface VerifierChallenge {
  SRP_B?: string | undefined;
  SALT?: string | undefined;
  SECRET_BLOCK?: string | undefined;
}

export interface Exchange {
  /** A as Cognito takes it in SRP_A: unpadded lowercase hex, as the helper sends `largeA.toString(16)`. */
  readonly srpA: string;
  readonly ephemeral: ClientEphemeral;
  /** The signed claim for `userId` and `password`; throws on a missing, malformed or unsafe server value. */
  claim(userId: string, password: string, challenge: VerifierChallenge, now?: Date): PasswordClaim;
}

/**
 * One SRP exchange against `poolName` (the user pool's name for a user, the device group key for a device):
 * the same arithmetic serves USER_SRP_AUTH and DEVICE_SRP_AUTH, as it does in AWS's helper.
 */
export function startExchange(poolName: string, ephemeral: ClientEphemeral = clientEphemeral()): Exchange {
  return {
    srpA: ephemeral.A.toString(16),
    ephemeral,
    claim(userId, password, challenge, now = new Date()) {
      const { SRP_B, SALT, SECRET_BLOCK } = challenge;
      if (!SRP_B || !SALT || !SECRET_BLOCK) throw new Error('The SRP challenge lacks SRP_B, SALT or SECRET_BLOCK.');
      const key = authenticationKey(ephemeral, { poolName, userId, password, B: parseHex(SRP_B, 'SRP_B'), salt: parseHex(SALT, 'SALT') });
      return passwordClaim(key, poolName, userId, SECRET_BLOCK, cognitoTimestamp(now));
    },
  };
}
