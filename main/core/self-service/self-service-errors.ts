import { cognitoError } from '../auth/cognito-errors.js';
import { BrokerError } from '../errors.js';

/** The self-service steps; each gives the same Cognito error name its own meaning for a person. */
export type SelfServiceStep =
  'sign-up' | 'confirm-sign-up' | 'resend-code' | 'forgot-password' | 'confirm-forgot-password' | 'change-password' | 'mfa' | 'passkeys';

/**
 * Errors that only self-service calls meet are named here; everything else (network, throttling, policy,
 * codes, unknown users) goes through the sign-in mapping in auth/cognito-errors.ts so both read alike.
 * The server's message is used only to tell variants apart and is never shown.
 */
export function selfServiceError(error: unknown, step: SelfServiceStep, account: string, endpoint?: string): BrokerError {
  const e = (error ?? {}) as { name?: unknown; message?: unknown };
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const opts = (hint: string) => ({ hint, cause: error });
  switch (name) {
    case 'UsernameExistsException':
      return new BrokerError(
        'account-exists',
        'A user with this name already exists in the user pool.',
        opts('Sign in instead, or reset the password with `cognito-broker password forgot`.'),
      );
    case 'AliasExistsException':
      return new BrokerError(
        'account-exists',
        'Another user already uses this e-mail address or phone number.',
        opts('Sign in as that user, or use another address.'),
      );
    case 'CodeDeliveryFailureException':
      return new BrokerError(
        'network',
        'Cognito could not deliver the confirmation code.',
        opts('Check the e-mail address or phone number, then ask for a new code.'),
      );
    case 'InvalidPasswordException':
      // AWS names a wrong current password NotAuthorizedException and a weak new one InvalidPasswordException
      // ("Password does not conform to policy: ..."); some emulators use the latter for both, without the policy words.
      if (step === 'change-password' && !/conform|policy/i.test(message)) {
        return new BrokerError('wrong-password', 'The current password is not right.', opts('Enter the password you sign in with now.'));
      }
      return new BrokerError(
        'password-policy',
        "The password does not meet the pool's password policy.",
        opts('Choose a longer password mixing upper- and lower-case letters, digits and symbols.'),
      );
    case 'NotAuthorizedException':
      if (step === 'change-password' && /password/i.test(message)) {
        return new BrokerError('wrong-password', 'The current password is not right.', opts('Enter the password you sign in with now.'));
      }
      if (step === 'confirm-sign-up' && /current status|confirmed/i.test(message)) {
        return new BrokerError('invalid-argument', 'This user is already confirmed.', opts('Sign in with `cognito-broker login`.'));
      }
      if (step === 'change-password' || step === 'mfa' || step === 'passkeys') {
        return new BrokerError('session-expired', 'Your session is no longer valid for this change.', opts('Sign in again, then retry.'));
      }
      break;
    case 'EnableSoftwareTokenMFAException':
    case 'CodeMismatchException':
      return new BrokerError(
        'code-mismatch',
        'That code is not right.',
        opts(step === 'mfa' ? 'Enter the current 6-digit code from your authenticator app.' : 'Check the code in the message and try again.'),
      );
    case 'ExpiredCodeException':
      return new BrokerError(
        'code-expired',
        'That code has expired.',
        opts(step === 'confirm-sign-up' ? 'Ask for a new one with `cognito-broker signup resend`.' : 'Ask for a new one and try again.'),
      );
    case 'InvalidParameterException':
      if (step === 'forgot-password' && /verified/i.test(message)) {
        return new BrokerError(
          'invalid-argument',
          'Cognito cannot send a reset code: this user has no verified e-mail address or phone number.',
          opts('Ask the user pool administrator to reset the password.'),
        );
      }
      if (step === 'mfa' && /not verified|not enabled|verify/i.test(message)) {
        return new BrokerError(
          'invalid-argument',
          'That factor is not set up for this user yet.',
          opts('Enable it first (for an authenticator app: `cognito-broker mfa enable-totp`).'),
        );
      }
      if (/attribute/i.test(message)) {
        return new BrokerError(
          'invalid-argument',
          'The user pool needs attributes that were not given (for example an e-mail address).',
          opts('Add them with --attribute NAME=VALUE.'),
        );
      }
      break;
    case 'ResourceNotFoundException':
      // DeleteWebAuthnCredential names an unknown credential id this way; elsewhere it means the pool or client is gone.
      if (step === 'passkeys') {
        return new BrokerError(
          'invalid-argument',
          'This user has no passkey with that id.',
          opts(`List the passkeys and their ids with \`cognito-broker passkeys list ${account}\`.`),
        );
      }
      break;
    case 'InvalidEmailRoleAccessPolicyException':
    case 'InvalidSmsRoleAccessPolicyException':
    case 'InvalidSmsRoleTrustRelationshipException':
      return new BrokerError('internal', 'The user pool cannot send messages because of its own configuration.', opts('Tell the pool administrator.'));
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500 && /unsupported/i.test(message)) {
    // AWS supports every self-service call; emulators (cognito-local has no ResendConfirmationCode) may not.
    return new BrokerError('config-invalid', `The user pool${endpoint ? ` at ${endpoint}` : ''} does not support this request (${step}).`, {
      hint: 'It may be an emulator that lacks it; against AWS this works.',
      cause: error,
    });
  }
  return cognitoError(error, { call: step === 'mfa' ? 'mfa-setup' : 'new-password', account, ...(endpoint === undefined ? {} : { endpoint }) });
}
