/**
 * The broker's own environment settings (the COGNITO_BROKER_* variables beyond the home), read in this one
 * place so the CLI, the app and the tests agree on them. The AWS variables (endpoints, proxies, CA bundle,
 * config files) are read where the calls are made, from the same environment the composition root passes on.
 */
export const REFRESH_TOKEN_DAYS_VARIABLE = 'COGNITO_BROKER_REFRESH_TOKEN_DAYS';

/** Where getSigninToken is sent instead of AWS's federation endpoint (tests, emulators). */
export const FEDERATION_ENDPOINT_VARIABLE = 'COGNITO_BROKER_FEDERATION_ENDPOINT';

export interface BrokerSettings {
  /**
   * The refresh-token lifetime assumed for status and warnings when the app client's is not Cognito's default
   * of 30 days (Cognito never tells a client the value); undefined: that default.
   */
  refreshTokenValidityMs?: number;
  /** The AWS console federation endpoint; undefined: AWS's own. */
  federationEndpoint?: string;
}

export function brokerSettings(env: NodeJS.ProcessEnv): BrokerSettings {
  const days = Number(env[REFRESH_TOKEN_DAYS_VARIABLE]);
  const federation = env[FEDERATION_ENDPOINT_VARIABLE]?.trim();
  return {
    ...(Number.isFinite(days) && days > 0 ? { refreshTokenValidityMs: days * 86_400_000 } : {}),
    ...(federation ? { federationEndpoint: federation } : {}),
  };
}
