import type { AwsCredentials } from '../credentials/aws-credentials.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { netFetch } from '../net/net-fetch.js';

/**
 * AWS console sign-in from temporary credentials, as documented in "Enable custom identity broker access to
 * the AWS console": the federation endpoint's `getSigninToken` turns the session (JSON of sessionId,
 * sessionKey, sessionToken) into a sign-in token, and the `login` URL with Issuer and Destination spends it.
 *
 * The URL grants console access for up to the session's duration to whoever opens it: it is returned to the
 * caller to open or print on request, and never logged, stored or put into an error message.
 */
export interface ConsoleSignInRequest {
  credentials: Pick<AwsCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>;
  /** Region of the account: picks the partition's endpoint and the default destination. */
  region: string;
  /** Console page to land on; default the console home of the region. Must be an AWS console URL. */
  destination?: string;
  /** Console session length, 900..43200 s; omitted lets AWS choose (the credentials' own duration, or 1 h). */
  sessionDurationSeconds?: number;
  /** Test override; default the partition's federation endpoint. */
  federationEndpoint?: string;
  /** Shown by the console as where the session came from; AWS expects the URL of the sign-in page. */
  issuer?: string;
  fetch?: typeof fetch;
  /** Whose proxy and CA settings the request follows (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export function federationEndpoint(region: string): string {
  if (region.startsWith('cn-')) return 'https://signin.amazonaws.cn/federation';
  if (region.startsWith('us-gov-')) return 'https://signin.amazonaws-us-gov.com/federation';
  return 'https://signin.aws.amazon.com/federation';
}

export function defaultDestination(region: string): string {
  if (region.startsWith('cn-')) return `https://console.amazonaws.cn/console/home?region=${region}`;
  if (region.startsWith('us-gov-')) return `https://console.amazonaws-us-gov.com/console/home?region=${region}`;
  return `https://${region}.console.aws.amazon.com/console/home?region=${region}`;
}

/** What the console names as the session's origin (its "sign in again" link); a name, as other brokers send. */
const DEFAULT_ISSUER = 'cognito-broker';
const DEFAULT_TIMEOUT_MS = 15_000;

export async function consoleSignInUrl(request: ConsoleSignInRequest): Promise<string> {
  const endpoint = request.federationEndpoint ?? federationEndpoint(request.region);
  const duration = request.sessionDurationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration < 900 || duration > 43_200)) {
    throw new BrokerError('invalid-argument', `A console session of ${duration} seconds cannot be asked for.`, {
      hint: 'Choose between 900 seconds (15 minutes) and 43200 seconds (12 hours).',
    });
  }
  const tokenUrl = new URL(endpoint);
  tokenUrl.searchParams.set('Action', 'getSigninToken');
  if (duration !== undefined) tokenUrl.searchParams.set('SessionDuration', String(duration));
  tokenUrl.searchParams.set(
    'Session',
    JSON.stringify({
      sessionId: request.credentials.accessKeyId,
      sessionKey: request.credentials.secretAccessKey,
      sessionToken: request.credentials.sessionToken,
    }),
  );

  const init: RequestInit = { redirect: 'error', signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS) };
  let response: Response;
  try {
    response = await (request.fetch ? request.fetch(tokenUrl, init) : netFetch(tokenUrl, init, request.env));
  } catch (error) {
    // A proxy or certificate failure already names the setting to fix.
    if (isBrokerError(error)) throw error;
    throw new BrokerError('network', `Could not reach the AWS federation endpoint ${new URL(endpoint).host}.`, {
      hint: 'Check your network connection.',
      cause: error,
    });
  }
  let signinToken: unknown;
  if (response.ok) {
    try {
      signinToken = ((await response.json()) as { SigninToken?: unknown }).SigninToken;
    } catch {
      signinToken = undefined;
    }
  }
  if (!response.ok || typeof signinToken !== 'string' || signinToken === '') {
    throw new BrokerError('auth-failed', `AWS refused to create a console sign-in for these credentials (HTTP ${response.status}).`, {
      hint: 'The credentials may have expired or come from a role that cannot sign in to the console; run the command again, and if it repeats ask the administrator.',
    });
  }

  const loginUrl = new URL(endpoint);
  loginUrl.searchParams.set('Action', 'login');
  loginUrl.searchParams.set('Issuer', request.issuer ?? DEFAULT_ISSUER);
  loginUrl.searchParams.set('Destination', request.destination ?? defaultDestination(request.region));
  loginUrl.searchParams.set('SigninToken', signinToken);
  return loginUrl.toString();
}
