import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import type { CallCounter } from './call-counter.js';
import type { Fault } from './fault-plan.js';
import { startCognitoLocal, type CognitoLocal, type IssuerForm } from './cognito-local-process.js';
import { startIdentityPoolServer, type IdentityPoolServer, type IssuedCredentials } from './identity-pool-server.js';
import { startPreTokenLambda, type PreTokenLambda } from './pre-token-lambda.js';
import { startUserPoolFront, type MfaFactor, type UserPoolFront } from './user-pool-front.js';
import { setPoolDeviceConfiguration, type DeviceConfiguration } from './device-tracking.js';
import type { PasskeySeed, StoredPasskey } from './webauthn-credentials.js';

/**
 * The project's local AWS stand-in, used by every integration test, the benchmark and `npm run demo`:
 * cognito-local (user pools) behind our front (SRP, MFA and error fidelity, call counts), a Lambda endpoint
 * that adds the role claims to ID tokens, and our identity-pool server. Everything listens on 127.0.0.1 on
 * free ports; stop() ends the child process and removes its temp dir.
 */
export interface BackendOptions {
  /** The pools' primary Region: in pool ids (`<region>_XXXXXXXX`), issuers, provider names and identity ids. */
  region?: string;
  /**
   * The issuer form the pools' tokens carry, as AWS signs them (IssuerConfigurationType): `original` (default,
   * `https://cognito-idp.<region>.amazonaws.com/<poolId>`) or `updated` (`https://issuer-cognito-idp.…`);
   * `emulator` signs with cognito-local's own URL, like an emulator that does not sign as AWS does.
   */
  issuerForm?: IssuerForm;
  /** The fixed code for SMS, e-mail and forgot-password messages. */
  code?: string;
  /** Challenge session lifetime (AWS: 180 s). */
  sessionTtlSeconds?: number;
  /** Lifetime of an emulated SMS / e-mail code. */
  codeTtlSeconds?: number;
  /** Lifetime of identity-pool credentials (AWS: 3600 s). */
  credentialLifetimeSeconds?: number;
  /** Where cognito-local keeps `.cognito/` (the demo's data dir); a temp dir removed on stop when omitted. */
  dataDir?: string;
}

export interface Backend {
  region: string;
  code: string;
  /** What clients use as the cognito-idp endpoint (our front). */
  userPoolEndpoint: string;
  /** cognito-local itself. */
  cognitoLocalEndpoint: string;
  /** The identity-pool server (cognito-identity endpoint). */
  identityEndpoint: string;
  /** Calls by operation: user pool ("InitiateAuth", "InitiateAuth:REFRESH_TOKEN_AUTH", ...) and identity pool. */
  counts: { userPool: CallCounter; identity: CallCounter; preTokenGeneration: CallCounter };
  /** Every credential set the identity pool handed out, in order. */
  issued: IssuedCredentials[];
  /** `cognito-idp.<region>.amazonaws.com/<userPoolId>`: the Logins key and identity-pool provider name. */
  providerName(userPoolId: string): string;
  /**
   * The ID and access tokens' `iss`: `https://cognito-idp.<region>.amazonaws.com/<poolId>` (or the UPDATED form),
   * whatever host the client called, as on AWS. The pool's keys are served by the front at
   * `<userPoolEndpoint>/<poolId>/.well-known/jwks.json`.
   */
  issuer(userPoolId: string): string;
  /** SDK clients pointed at the backend (dummy credentials, no retries so errors surface at once). */
  userPoolClient(): CognitoIdentityProviderClient;
  identityClient(): CognitoIdentityClient;
  /** Environment for a child process (CLI, AWS CLI, boto3) that should reach this backend. */
  env(): Record<string, string>;
  resetCounts(): void;
  /**
   * Makes the next call(s) of an operation fail with an AWS error and/or answer late, e.g.
   * `inject('identity', { operation: 'GetCredentialsForIdentity', error: { type: 'TooManyRequestsException', message: 'Rate exceeded' } })`.
   */
  inject(service: 'userPool' | 'identity', fault: Fault): void;
  clearFaults(): void;
  setSessionTtl(seconds: number): void;
  setCodeTtl(seconds: number): void;
  setCredentialLifetime(seconds: number): void;
  /** Ends every open challenge session now, so a test can produce "session is expired" without waiting. */
  expireSessions(): void;
  /** Ends every emulated SMS / e-mail code now (→ ExpiredCodeException) while sessions stay open. */
  expireCodes(): void;
  mfaFactors(userPoolId: string, username: string): Promise<{ enabled: MfaFactor[]; preferred?: MfaFactor }>;
  /**
   * Turns remembered devices on for a pool with this DeviceConfiguration, or off (null), keeping the pool's other
   * settings (AWS's UpdateUserPool would reset every setting it is not given). CreateUserPool's DeviceConfiguration
   * (seedWorld's `deviceConfiguration`) does the same at creation.
   */
  setDeviceConfiguration(userPoolId: string, config: DeviceConfiguration | null): Promise<void>;
  /**
   * Creates a user with no password, who signs in with USER_AUTH codes (EMAIL_OTP with an `email`, SMS_OTP with
   * a `phone_number`) or passkeys only, as an administrator can in a pool with passwordless factors.
   */
  createPasswordlessUser(userPoolId: string, username: string, attributes?: { Name: string; Value: string }[]): Promise<void>;
  /**
   * Registers a passkey for a user as if they had completed WebAuthn registration in a browser; its relying
   * party is the pool's WebAuthnConfiguration.RelyingPartyId (SetUserPoolMfaConfig) unless `seed` names one.
   */
  addPasskey(userPoolId: string, username: string, seed?: PasskeySeed): Promise<StoredPasskey>;
  /** The key that signs GetOpenIdToken tokens (JWK), for a later STS emulation. */
  openIdPublicJwk(): Record<string, unknown>;
  stop(): Promise<void>;
}

export const DUMMY_CREDENTIALS = { accessKeyId: 'AKIDLOCALTESTBACKEND', secretAccessKey: 'local-test-backend-not-a-secret' };

export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const region = options.region ?? 'us-east-1';
  const code = options.code ?? '123456';
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  let lambda: PreTokenLambda;
  let cognitoLocal: CognitoLocal;
  let front: UserPoolFront;
  let identity: IdentityPoolServer;
  try {
    lambda = await startPreTokenLambda();
    started.push(lambda);
    cognitoLocal = await startCognitoLocal({
      dataDir: options.dataDir,
      code,
      lambdaEndpoint: lambda.endpoint,
      preTokenGenerationFunction: lambda.functionName,
      region,
      issuerForm: options.issuerForm ?? 'original',
    });
    started.push(cognitoLocal);
    lambda.setCognitoLocalEndpoint(cognitoLocal.endpoint);
    front = await startUserPoolFront({
      cognitoLocalEndpoint: cognitoLocal.endpoint,
      issuerDomain: cognitoLocal.issuerDomain,
      code,
      sessionTtlSeconds: options.sessionTtlSeconds,
      codeTtlSeconds: options.codeTtlSeconds,
    });
    started.push(front);
    identity = await startIdentityPoolServer({
      region,
      userPoolKeysBase: front.endpoint,
      ...(options.issuerForm === 'emulator' ? { emulatorIssuerBase: cognitoLocal.issuerDomain } : {}),
      credentialLifetimeSeconds: options.credentialLifetimeSeconds,
    });
    started.push(identity);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const clients: { destroy(): void }[] = [];
  return {
    region,
    code,
    userPoolEndpoint: front.endpoint,
    cognitoLocalEndpoint: cognitoLocal.endpoint,
    identityEndpoint: identity.endpoint,
    counts: { userPool: front.counts, identity: identity.counts, preTokenGeneration: lambda.counts },
    issued: identity.issued,
    providerName: (userPoolId) => `cognito-idp.${region}.amazonaws.com/${userPoolId}`,
    issuer: (userPoolId) => `${cognitoLocal.issuerDomain}/${userPoolId}`,
    userPoolClient() {
      const client = new CognitoIdentityProviderClient({ region, endpoint: front.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    identityClient() {
      const client = new CognitoIdentityClient({ region, endpoint: identity.endpoint, credentials: DUMMY_CREDENTIALS, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
    env: () => ({
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: front.endpoint,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY: identity.endpoint,
      AWS_REGION: region,
    }),
    resetCounts() {
      front.counts.reset();
      identity.counts.reset();
      lambda.counts.reset();
    },
    inject(service, fault) {
      (service === 'userPool' ? front.faults : identity.faults).add(fault);
    },
    clearFaults() {
      front.faults.clear();
      identity.faults.clear();
    },
    setSessionTtl: (s) => front.setSessionTtl(s),
    setCodeTtl: (s) => front.setCodeTtl(s),
    setCredentialLifetime: (s) => identity.setCredentialLifetime(s),
    expireSessions: () => front.expireSessions(),
    expireCodes: () => front.expireCodes(),
    mfaFactors: (poolId, username) => front.mfaFactors(poolId, username),
    setDeviceConfiguration: (poolId, config) => setPoolDeviceConfiguration(cognitoLocal.endpoint, poolId, config),
    createPasswordlessUser: (poolId, username, attributes) => front.createPasswordlessUser(poolId, username, attributes),
    addPasskey: (poolId, username, seed) => front.addPasskey(poolId, username, seed),
    openIdPublicJwk: () => identity.openIdPublicJwk(),
    async stop() {
      for (const c of clients) c.destroy();
      await stopAll();
    },
  };
}
