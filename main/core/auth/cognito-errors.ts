import { BrokerError, isBrokerError } from '../errors.js';

/** Which call failed: the same Cognito error name means different things to a person at different steps. */
export type CognitoCall = 'sign-in' | 'challenge' | 'new-password' | 'mfa-setup' | 'refresh' | 'revoke' | 'device' | 'identity-pool';

export interface CognitoErrorContext {
  call: CognitoCall;
  /** The broker account name, used in hints ("run `cognito-broker login <account>`"). */
  account: string;
  /** The endpoint that was called, named in network errors; AWS's own endpoint when undefined. */
  endpoint?: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

interface ErrorShape {
  name: string;
  /** Used only to tell apart variants of one error name; never copied into what a person sees. */
  serverMessage: string;
  status?: number;
  code?: string;
}

function shapeOf(error: unknown): ErrorShape {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const cause = (e.cause ?? {}) as { code?: unknown };
  const code = typeof e.code === 'string' ? e.code : typeof cause.code === 'string' ? cause.code : undefined;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    serverMessage: typeof e.message === 'string' ? e.message : '',
    ...(e.$metadata?.httpStatusCode === undefined ? {} : { status: e.$metadata.httpStatusCode }),
    ...(code === undefined ? {} : { code }),
  };
}

function isNetworkFailure(s: ErrorShape): boolean {
  if (s.code !== undefined && NETWORK_CODES.has(s.code)) return true;
  // node-http-handler's own timeouts (connection and request) and aborted sockets.
  return s.name === 'TimeoutError' || s.name === 'RequestTimeout' || /socket hang up|connect ETIMEDOUT/i.test(s.serverMessage);
}

function serviceLabel(call: CognitoCall): string {
  return call === 'identity-pool' ? 'identity pool' : 'user pool';
}

/**
 * The one refusal the sign-in asks the password again for. Its own code, so the sign-in (and the CLI, and the
 * window) decide by `code === 'wrong-password'`, never by the wording; Cognito does not say which of the two
 * is wrong (a pool that hides unknown users answers an unknown username the same way).
 */
function wrongPassword(cause: unknown): BrokerError {
  return new BrokerError('wrong-password', 'The username or password is not right.', { hint: 'Check both and try again.', cause });
}

const loginHint = (account: string) => `Run \`cognito-broker login ${account}\` to sign in again.`;

/**
 * Turn whatever a Cognito call threw into one BrokerError a person can act on. The server's own message is
 * read to tell variants apart but never shown: it could echo a username or parameter value.
 */
export function cognitoError(error: unknown, context: CognitoErrorContext): BrokerError {
  if (isBrokerError(error)) return error;
  const s = shapeOf(error);
  const where = context.endpoint ?? `AWS's ${serviceLabel(context.call)} endpoint`;
  const opts = (hint: string) => ({ hint, cause: error });

  if (isNetworkFailure(s)) {
    return new BrokerError(
      'network',
      `Could not reach the ${serviceLabel(context.call)} at ${where}.`,
      opts('Check your network connection, or the endpoint set on the account or in AWS_ENDPOINT_URL*.'),
    );
  }
  if (context.call === 'identity-pool') return identityPoolError(s, context, error);

  const msg = s.serverMessage;
  switch (s.name) {
    case 'NotAuthorizedException':
      if (/secret hash|configured (for|with) secret|secret.*not received|verify secret/i.test(msg)) {
        return new BrokerError(
          'auth-failed',
          `The app client of account ${context.account} expects a client secret that is missing or not right.`,
          opts('Store the right one with `cognito-broker account add ... --client-secret-stdin` (ask the pool administrator for it).'),
        );
      }
      if (/attempts exceeded/i.test(msg)) {
        return new BrokerError('too-many-requests', 'Too many failed sign-in attempts for this user.', opts('Wait a few minutes before trying again.'));
      }
      // A device call (ForgetDevice) is authorised by the session's access token: a refusal means the session ended.
      if (context.call === 'refresh' || context.call === 'revoke' || context.call === 'device' || /refresh token/i.test(msg)) {
        return new BrokerError(
          'session-expired',
          `The session of account ${context.account} has ended (signed out, revoked or expired).`,
          opts(loginHint(context.account)),
        );
      }
      if (/session/i.test(msg)) {
        return new BrokerError(
          'session-expired',
          'The sign-in took too long or had too many wrong answers, and Cognito ended it.',
          opts('Start the sign-in again; codes must be entered within 3 minutes.'),
        );
      }
      if (/disabled/i.test(msg)) {
        return new BrokerError('auth-failed', 'This user is disabled in the user pool.', opts('Ask the pool administrator to enable it.'));
      }
      if (/flow.*not enabled|not enabled for this client|auth flow/i.test(msg)) return flowNotEnabled(context, error);
      if (context.call === 'sign-in') return wrongPassword(error);
      return new BrokerError(
        'auth-failed',
        'Cognito refused this sign-in step.',
        opts('Start the sign-in again; if it keeps failing, ask the pool administrator to check your user.'),
      );
    case 'RefreshTokenReuseException':
      // The client rotates refresh tokens and this one was rotated out (its grace period is over): a newer one
      // was issued that the keychain does not hold (e.g. a process was killed mid-refresh). Only a new sign-in helps.
      return new BrokerError(
        'session-expired',
        `The saved sign-in of account ${context.account} has been replaced by a newer one that this computer does not have, so run \`cognito-broker login ${context.account}\` to sign in again.`,
        { cause: error },
      );
    case 'InvalidPasswordException':
      // cognito-local answers a wrong password this way where AWS says NotAuthorizedException.
      if (context.call === 'sign-in') return wrongPassword(error);
      return new BrokerError(
        'password-policy',
        "The new password does not meet the pool's password policy.",
        opts('Choose a longer password mixing upper- and lower-case letters, digits and symbols.'),
      );
    case 'UserNotFoundException':
      return new BrokerError('user-not-found', 'No such user in this user pool.', opts('Check the username, or the user pool id of the account.'));
    case 'UserNotConfirmedException':
      return new BrokerError(
        'user-not-confirmed',
        'This user has not been confirmed yet.',
        opts('Confirm the sign-up (the code sent by e-mail or SMS) or ask the pool administrator to confirm the user.'),
      );
    case 'PasswordResetRequiredException':
      return new BrokerError(
        'password-reset-required',
        'The pool administrator requires a password reset for this user.',
        opts('Reset the password through your organisation\'s sign-in page ("forgot password"), then sign in again.'),
      );
    case 'CodeMismatchException':
    case 'EnableSoftwareTokenMFAException':
      return new BrokerError('code-mismatch', 'That code is not right.', opts('Enter the current code.'));
    case 'ExpiredCodeException':
      return new BrokerError('code-expired', 'That code has expired.', opts('Start the sign-in again to get a new code.'));
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return new BrokerError('too-many-requests', 'Cognito is throttling requests for this user pool.', opts('Wait a minute and try again.'));
    case 'TooManyFailedAttemptsException':
      return new BrokerError('too-many-requests', 'Too many wrong codes for this user.', opts('Wait a few minutes, then start the sign-in again.'));
    case 'ResourceNotFoundException':
      // "Device does not exist.": the pool forgot this computer's remembered device (the sign-in recovers on its own).
      if (/device/i.test(msg)) {
        return new BrokerError(
          'auth-failed',
          'The user pool no longer knows this computer as a remembered device.',
          opts(`Run \`cognito-broker devices forget ${context.account}\`, then sign in again.`),
        );
      }
      return new BrokerError(
        'auth-failed',
        `The user pool or app client of account ${context.account} was not found.`,
        opts("Check the account's region, user pool id and client id."),
      );
    case 'SoftwareTokenMFANotFoundException':
      return new BrokerError('auth-challenge', 'This user has no authenticator app enrolled.', opts('Ask the pool administrator to reset your MFA settings.'));
    case 'InvalidParameterException':
      if (/flow.*not enabled|not enabled for this client|auth flow/i.test(msg)) return flowNotEnabled(context, error);
      if (/required attribute|attributes/i.test(msg)) {
        return new BrokerError(
          'auth-challenge',
          'The user pool needs more attributes to complete the new-password step.',
          opts('Ask the pool administrator which attributes are required.'),
        );
      }
      break;
    case 'InvalidUserPoolConfigurationException':
    case 'InvalidLambdaResponseException':
    case 'UnexpectedLambdaException':
    case 'UserLambdaValidationException':
      return new BrokerError(
        'auth-failed',
        'The user pool is misconfigured and could not complete the sign-in.',
        opts('Tell the pool administrator; this is not something your password can fix.'),
      );
  }
  if (s.status !== undefined && s.status >= 500 && /unsupported/i.test(msg)) {
    return new BrokerError(
      'auth-failed',
      'This user pool does not support the sign-in flow the account uses.',
      opts('If it is an emulator without SRP, re-add the account with `--auth-flow password`.'),
    );
  }
  if (s.status !== undefined && s.status >= 500) {
    return new BrokerError('network', `The user pool at ${where} failed to answer (HTTP ${s.status}).`, opts('Try again in a moment.'));
  }
  return new BrokerError(
    'auth-failed',
    `The user pool refused the request (${s.name}).`,
    opts('Check the account settings; if they are right, ask the pool administrator.'),
  );
}

function flowNotEnabled(context: CognitoErrorContext, cause: unknown): BrokerError {
  return new BrokerError('auth-failed', `The app client of account ${context.account} does not allow this sign-in flow.`, {
    hint: 'Ask the administrator to enable ALLOW_USER_SRP_AUTH (or ALLOW_USER_PASSWORD_AUTH with `--auth-flow password`) on the app client.',
    cause,
  });
}

function identityPoolError(s: ErrorShape, context: CognitoErrorContext, cause: unknown): BrokerError {
  const msg = s.serverMessage;
  const opts = (hint: string) => ({ hint, cause });
  switch (s.name) {
    case 'NotAuthorizedException':
      if (/ambiguous/i.test(msg)) {
        return new BrokerError(
          'role-ambiguous',
          'The identity pool could not choose a role: your groups tie and the pool is set to deny ambiguous mappings.',
          opts(
            'Pick a role with --role, or ask the administrator to give your groups distinct precedences or set "Use default authenticated role" for ambiguous mappings.',
          ),
        );
      }
      if (/expired/i.test(msg)) {
        return new BrokerError('session-expired', 'The identity pool refused the sign-in token because it has expired.', opts(loginHint(context.account)));
      }
      if (/supported provider|provider/i.test(msg)) {
        return new BrokerError(
          'identity-pool',
          'The identity pool does not accept sign-ins from this user pool and app client.',
          opts('The administrator must add the user pool and app client as an authentication provider of the identity pool.'),
        );
      }
      if (/role/i.test(msg)) {
        return new BrokerError(
          'role-not-allowed',
          'The identity pool refused the requested role for this user.',
          opts('Pick one of the roles `cognito-broker roles ' + context.account + '` lists, or ask the administrator to allow this role for your groups.'),
        );
      }
      return new BrokerError(
        'identity-pool',
        'The identity pool refused to issue credentials for this user.',
        opts("The administrator must check the identity pool's authenticated role and role mappings."),
      );
    case 'InvalidIdentityPoolConfigurationException':
      return new BrokerError(
        'identity-pool',
        'The identity pool is misconfigured: its roles or their trust policies do not allow it to issue credentials.',
        opts("The administrator must check the pool's IAM roles and that each role's trust policy names this identity pool."),
      );
    case 'ResourceNotFoundException':
      return new BrokerError(
        'identity-pool',
        `The identity pool of account ${context.account} (or its stored identity) was not found.`,
        opts("Check the account's identity pool id and region."),
      );
    case 'InvalidParameterException':
      if (/ambiguous/i.test(msg)) {
        return new BrokerError(
          'role-ambiguous',
          'The identity pool could not choose a role from your groups.',
          opts("Pick a role with --role, or ask the administrator to fix the pool's role mapping."),
        );
      }
      return new BrokerError('identity-pool', 'The identity pool rejected the request as malformed.', opts("Check the account's identity pool id and region."));
    case 'TooManyRequestsException':
    case 'LimitExceededException':
      return new BrokerError('too-many-requests', 'The identity pool is throttling requests.', opts('Wait a minute and try again.'));
    case 'ExternalServiceException':
      return new BrokerError('identity-pool', 'The identity pool could not reach the user pool to check your sign-in.', opts('Try again in a moment.'));
  }
  if (s.status !== undefined && s.status >= 500) {
    return new BrokerError('network', `The identity pool failed to answer (HTTP ${s.status}).`, opts('Try again in a moment.'));
  }
  return new BrokerError(
    'identity-pool',
    `The identity pool refused the request (${s.name}).`,
    opts("Check the account's identity pool id; if it is right, ask the administrator."),
  );
}
