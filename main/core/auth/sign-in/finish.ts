import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { BrokerError } from '../../errors.js';
import { decodeJwtPayload } from '../jwt-payload.js';
import type { SignInTokens } from '../tokens.js';
import type { SignInContext } from './sign-in-context.js';

/**
 * The tokens a finished sign-in hands to its caller. Where the result carries NewDeviceMetadata, sign-in.ts's
 * run confirms the device after this (auth/devices/device-sign-in.ts) and adds its key.
 */
export function tokensOf(ctx: SignInContext, result: AuthenticationResultType): SignInTokens {
  if (!result.IdToken || !result.AccessToken) {
    throw new BrokerError('auth-failed', 'The user pool signed you in but sent no ID or access token.', {
      hint: 'Try again; if it persists, tell the pool administrator.',
    });
  }
  // Only the name is read here; the caller verifies the ID token before trusting any claim.
  const claimed = decodeJwtPayload(result.IdToken)['cognito:username'];
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
    username: typeof claimed === 'string' && claimed !== '' ? claimed : ctx.poolUsername,
  };
}
