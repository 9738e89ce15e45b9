import { createHmac } from 'node:crypto';

/** What a PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER answer carries besides USERNAME, SECRET_HASH, DEVICE_KEY. */
export interface PasswordClaim {
  PASSWORD_CLAIM_SECRET_BLOCK: string;
  PASSWORD_CLAIM_SIGNATURE: string;
  TIMESTAMP: string;
}

/**
 * The proof itself, as CognitoUser.authenticateUserInternal / getDeviceResponse build it:
 * Base64(HMAC-SHA256(key, poolName | userId | SECRET_BLOCK's bytes | timestamp)). The secret block goes back
 * unchanged; Cognito checks the signature over its decoded bytes.
 */
export function passwordClaim(key: Uint8Array, poolName: string, userId: string, secretBlock: string, timestamp: string): PasswordClaim {
  const message = Buffer.concat([
    Buffer.from(poolName, 'utf8'),
    Buffer.from(userId, 'utf8'),
    Buffer.from(secretBlock, 'base64'),
    Buffer.from(timestamp, 'utf8'),
  ]);
  return {
    PASSWORD_CLAIM_SECRET_BLOCK: secretBlock,
    PASSWORD_CLAIM_SIGNATURE: createHmac('sha256', key).update(message).digest('base64'),
    TIMESTAMP: timestamp,
  };
}
