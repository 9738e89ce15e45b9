import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import { JwtExpiredError, JwtBaseError, FetchError } from 'aws-jwt-verify/error';
import type { Account } from '../accounts/account.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { netFetch } from '../net/net-fetch.js';
import { acceptedIssuers, jwksUri } from '../aws/endpoints.js';
import { decodeJwtPayload } from './jwt-payload.js';
import { latestServerClockOffset } from '../aws/server-clock-observer.js';
import { checkTokenTimes, expiryGraceSeconds } from './token-clock.js';

/** Re-exported for callers that already verify here; light-weight readers import './jwt-payload.js'. */
export { decodeJwtPayload };

/** The claims of a verified Cognito ID token the broker reads; everything else stays reachable by name. */
export interface IdTokenClaims {
  sub: string;
  iss: string;
  aud: string;
  exp: number;
  iat: number;
  token_use: 'id';
  'cognito:username': string;
  email?: string;
  'cognito:groups'?: string[];
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
  [claim: string]: unknown;
}

const JWKS_TIMEOUT_MS = 5_000;

/**
 * aws-jwt-verify's own fetcher speaks HTTPS only; emulators (cognito-local) serve their JWKS over plain HTTP
 * on loopback. Node's fetch handles both, with a deadline so a dead endpoint fails fast; netFetch adds the
 * proxy and CA settings of the environment the caller was built with (the composition root's), and its errors
 * that name a setting to fix (a BrokerError) pass through unchanged.
 */
function fetcherFor(env: NodeJS.ProcessEnv): Fetcher {
  return {
    async fetch(uri: string): Promise<ArrayBuffer> {
      let response: Response;
      try {
        response = await netFetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS), redirect: 'error' }, env);
      } catch (error) {
        if (isBrokerError(error)) throw error;
        throw new FetchError(uri, error instanceof Error ? error.name : 'network failure');
      }
      if (!response.ok) throw new FetchError(uri, `HTTP ${response.status}`);
      return response.arrayBuffer();
    },
  };
}

type Verifier = { verify(token: string, properties?: { graceSeconds?: number }): Promise<unknown> };

/** The variables that decide how the keys are fetched (net/route.ts): environments that agree on them share a cache. */
const NETWORK_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'AWS_CA_BUNDLE', 'NODE_EXTRA_CA_CERTS'];

/**
 * One JWKS cache per network setting (in practice one per process): keys are fetched once per issuer and
 * re-fetched only for an unknown kid, through the proxy and CA settings of the environment that asked.
 */
const byNetwork = new Map<string, { jwksCache: SimpleJwksCache; verifiers: Map<string, Verifier> }>();

function verifierFor(issuer: string, clientId: string, keysUri: string, env: NodeJS.ProcessEnv): Verifier {
  const network = NETWORK_VARIABLES.map((name) => env[name] ?? '').join('\n');
  let caches = byNetwork.get(network);
  if (!caches) {
    caches = { jwksCache: new SimpleJwksCache({ fetcher: fetcherFor(env) }), verifiers: new Map() };
    byNetwork.set(network, caches);
  }
  const { jwksCache, verifiers } = caches;
  const key = `${issuer}\n${clientId}\n${keysUri}`;
  let verifier = verifiers.get(key);
  if (!verifier) {
    // JwtRsaVerifier, not CognitoJwtVerifier: the latter rejects emulator pool ids such as `local_abc`.
    verifier = JwtRsaVerifier.create(
      {
        issuer,
        audience: clientId,
        jwksUri: keysUri,
        customJwtCheck: ({ payload }) => {
          if (payload.token_use !== 'id') throw new Error('token_use is not id');
          // aws-jwt-verify checks `exp` only when present; a Cognito ID token always has one.
          if (typeof payload.exp !== 'number') throw new Error('missing exp');
          if (typeof payload.sub !== 'string' || typeof payload['cognito:username'] !== 'string') throw new Error('missing sub or cognito:username');
        },
      },
      { jwksCache },
    );
    verifiers.set(key, verifier);
  }
  return verifier;
}

/**
 * Verify an ID token's signature (the pool's JWKS), issuer, audience (the app client), token_use and expiry
 * before any claim is trusted. The issuer must be one AWS signs this pool's tokens with (acceptedIssuers:
 * ORIGINAL or UPDATED of the pool's primary Region, or the account's explicit emulator `issuer`); the endpoint
 * the account calls only decides where the keys are fetched. Fails with BrokerError('session-expired') for an
 * expired token, 'network' when the JWKS cannot be fetched, 'token-invalid' otherwise.
 */
export async function verifyIdToken(
  account: Pick<Account, 'name' | 'region' | 'userPoolId' | 'clientId' | 'endpoints' | 'issuer'>,
  idToken: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<IdTokenClaims> {
  const invalid = (what: string, cause?: unknown) =>
    new BrokerError('token-invalid', `The ID token from the user pool did not pass verification (${what}).`, {
      hint: "Check that the account's region, user pool id, client id and endpoint match the pool that signed you in.",
      cause,
    });
  const accepted = acceptedIssuers(account);
  if (accepted.length === 0) {
    throw new BrokerError(
      'config-invalid',
      `The user pool id ${account.userPoolId} of account ${account.name} names no AWS Region, so its token issuer is unknown.`,
      {
        hint: `For an emulator that signs tokens with its own address, set the account's issuer (\`cognito-broker account update ${account.name} --issuer <the iss of its tokens>\`).`,
      },
    );
  }
  // A token from another pool or issuer fails here, before any key is fetched from anywhere.
  let claimedIssuer: unknown;
  try {
    claimedIssuer = decodeJwtPayload(idToken).iss;
  } catch (cause) {
    throw invalid('malformed token', cause);
  }
  const issuer = accepted.find((candidate) => candidate === claimedIssuer);
  if (issuer === undefined) {
    throw new BrokerError(
      'token-invalid',
      `The ID token from the user pool did not pass verification (its issuer ${describeIssuer(claimedIssuer)} is not user pool ${account.userPoolId}).`,
      {
        hint:
          account.issuer === undefined && typeof claimedIssuer === 'string' && !claimedIssuer.includes('amazonaws.com')
            ? `If account ${account.name} uses an emulator that signs tokens with its own address, set its issuer: \`cognito-broker account update ${account.name} --issuer ${claimedIssuer}\`.`
            : "Check that the account's user pool id and client id match the pool that signed you in.",
      },
    );
  }
  const keysUri = jwksUri(account, issuer, env);
  // `exp` and `iat` are judged by the server's clock, learned from the answer that carried the token (token-clock.ts).
  const clockOffsetMs = latestServerClockOffset();
  let claims: IdTokenClaims;
  try {
    claims = (await verifierFor(issuer, account.clientId, keysUri, env).verify(idToken, { graceSeconds: expiryGraceSeconds(clockOffsetMs) })) as IdTokenClaims;
  } catch (error) {
    if (error instanceof JwtExpiredError) {
      throw new BrokerError('session-expired', `The sign-in of account ${account.name} has expired.`, {
        hint: `Run \`cognito-broker login ${account.name}\` to sign in again.`,
        cause: error,
      });
    }
    if (isBrokerError(error)) throw error;
    if (error instanceof FetchError) {
      throw new BrokerError('network', `Could not fetch the signing keys of the user pool from ${keysUri}.`, {
        hint: 'Check your network connection, or the user pool endpoint of the account.',
        cause: error,
      });
    }
    throw invalid(error instanceof JwtBaseError ? error.name : 'a failed check', error);
  }
  checkTokenTimes(account.name, claims, clockOffsetMs);
  return claims;
}

/** An issuer claim for an error message: a URL is safe to show; anything else only by its kind. */
function describeIssuer(claimed: unknown): string {
  return typeof claimed === 'string' && /^https?:\/\/[\w.:/-]{1,200}$/.test(claimed) ? claimed : `(${typeof claimed})`;
}
