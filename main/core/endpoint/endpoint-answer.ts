import type { AwsCredentials } from '../credentials/aws-credentials.js';
import { isBrokerError, type BrokerErrorCode } from '../errors.js';

export interface EndpointAnswer {
  status: number;
  body: string;
}

/**
 * The container-credentials document every SDK reads (the AWS SDK for JavaScript's fromHttp and
 * fromContainerMetadata, botocore's ContainerProvider): `Token` is the session token, `Expiration` ISO-8601.
 */
export function credentialsAnswer(credentials: AwsCredentials): EndpointAnswer {
  return {
    status: 200,
    body: JSON.stringify({
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      Expiration: credentials.expiration,
    }),
  };
}

/**
 * A failure as the SDKs show it: botocore prints the status and the whole body ("Received non 200 response
 * (401) from ECS metadata: {...}"), the JavaScript SDK's fromHttp puts `Code` and `Message` of a 4xx body on
 * its error. So the body is `{"Code", "Message"}` with the BrokerError's sentence and hint (never a secret).
 * A person must act (sign in, pick a role) → 4xx; the keychain, the network or AWS being unavailable → 503.
 */
export function errorAnswer(error: unknown): EndpointAnswer {
  if (!isBrokerError(error))
    return refusal(500, 'InternalError', 'Cognito Broker could not get the credentials (an unexpected error). Run `cognito-broker status` to see why.');
  const message = error.hint ? `${error.message} ${error.hint}` : error.message;
  return refusal(statusOf(error.code), codeOf(error.code), message);
}

export function refusal(status: number, code: string, message: string): EndpointAnswer {
  return { status, body: JSON.stringify({ Code: code, Message: message }) };
}

function statusOf(code: BrokerErrorCode): number {
  switch (code) {
    case 'not-signed-in':
    case 'session-expired':
    case 'auth-failed':
    case 'token-invalid':
      return 401;
    case 'role-not-allowed':
    case 'role-ambiguous':
      return 403;
    case 'account-not-found':
      return 404;
    case 'keychain-locked':
    case 'keychain-unavailable':
    case 'keychain-timeout':
    case 'network':
    case 'too-many-requests':
    case 'identity-pool':
    case 'lock-timeout':
    case 'deadline':
      return 503;
    default:
      return 500;
  }
}

/** `not-signed-in` → `NotSignedIn`: the shape of AWS error codes. */
function codeOf(code: BrokerErrorCode): string {
  return code
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
