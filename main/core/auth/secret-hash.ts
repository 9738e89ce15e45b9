import { createHmac } from 'node:crypto';

/**
 * SECRET_HASH for an app client with a secret: Base64(HMAC-SHA256(key = client secret, username + client id)).
 * The username must be the one the call at hand is about: what the person typed on InitiateAuth, the
 * challenge's USER_ID_FOR_SRP afterwards, the pool's own username (`cognito:username`) on refresh.
 */
export function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}
