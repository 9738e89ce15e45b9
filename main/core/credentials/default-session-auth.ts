import { signIn } from '../auth/sign-in.js';
import { refreshSession, revokeRefreshToken } from '../auth/refresh-session.js';
import type { SessionAuth } from './session-auth.js';

/** The real user-pool calls of main/core/auth, as the broker's port. */
export const defaultSessionAuth: SessionAuth = {
  signIn: (account, options) => signIn(account, options),
  refreshSession: (account, refreshToken, options) => refreshSession(account, refreshToken, options),
  revokeRefreshToken: (account, refreshToken, options) =>
    revokeRefreshToken(account, refreshToken, options.clientSecret, options.env === undefined ? {} : { env: options.env }),
};
