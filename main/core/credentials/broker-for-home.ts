import { keyringStore } from '../keychain/keyring-store.js';
import { CredentialBroker } from './credential-broker.js';
import { defaultSessionAuth } from './default-session-auth.js';

/**
 * The broker the CLI and the app use: the OS keychain of this home and the real user-pool calls.
 * COGNITO_BROKER_REFRESH_TOKEN_DAYS sets the refresh-token lifetime assumed for status and warnings when
 * the app client's is not Cognito's default of 30 days (Cognito never tells a client the value).
 */
export function brokerForHome(home: string, env: NodeJS.ProcessEnv = process.env, onPhase?: (phase: string) => void): CredentialBroker {
  const days = Number(env.COGNITO_BROKER_REFRESH_TOKEN_DAYS);
  return new CredentialBroker({
    home,
    store: keyringStore(home),
    auth: defaultSessionAuth,
    env,
    ...(onPhase === undefined ? {} : { onPhase }),
    ...(Number.isFinite(days) && days > 0 ? { refreshTokenValidityMs: days * 86_400_000 } : {}),
  });
}
