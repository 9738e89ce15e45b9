import { describe, expect, it } from 'vitest';
import { cognitoError, type CognitoCall } from '../../../main/core/auth/cognito-errors.js';
import { BrokerError } from '../../../main/core/errors.js';
import { selfServiceError } from '../../../main/core/self-service/self-service-errors.js';

/** An error shaped like the SDK's service exceptions (name + $metadata), with a message that must never leak. */
function serviceError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

const SECRET_LOOKING = 'eyJhbGciOi.leaked-token.sig hunter2 123456';

function map(name: string, message: string, call: CognitoCall = 'sign-in', status?: number): BrokerError {
  return cognitoError(serviceError(name, `${message} ${SECRET_LOOKING}`, status), { call, account: 'work', endpoint: 'http://127.0.0.1:1' });
}

describe('cognitoError', () => {
  const table: [string, string, CognitoCall, string][] = [
    ['NotAuthorizedException', 'Incorrect username or password.', 'sign-in', 'wrong-password'],
    ['NotAuthorizedException', 'User is disabled.', 'sign-in', 'auth-failed'],
    ['NotAuthorizedException', 'Refresh Token has been revoked', 'refresh', 'session-expired'],
    ['NotAuthorizedException', 'Invalid Refresh Token', 'refresh', 'session-expired'],
    ['NotAuthorizedException', 'Invalid session for the user, session is expired.', 'challenge', 'session-expired'],
    ['NotAuthorizedException', 'Password attempts exceeded', 'sign-in', 'too-many-requests'],
    ['NotAuthorizedException', 'Unable to verify secret hash for client abc', 'sign-in', 'auth-failed'],
    ['InvalidPasswordException', 'Invalid password', 'sign-in', 'wrong-password'],
    ['InvalidPasswordException', 'Password does not conform to policy', 'new-password', 'password-policy'],
    ['UserNotFoundException', 'User does not exist.', 'sign-in', 'user-not-found'],
    ['UserNotConfirmedException', 'User is not confirmed.', 'sign-in', 'user-not-confirmed'],
    ['PasswordResetRequiredException', 'Password reset required for the user', 'sign-in', 'password-reset-required'],
    ['CodeMismatchException', 'Invalid code received for user', 'challenge', 'code-mismatch'],
    ['EnableSoftwareTokenMFAException', 'Code mismatch', 'mfa-setup', 'code-mismatch'],
    ['ExpiredCodeException', 'Invalid code provided, please request a code again.', 'challenge', 'code-expired'],
    ['TooManyRequestsException', 'Too many requests', 'sign-in', 'too-many-requests'],
    ['LimitExceededException', 'Attempt limit exceeded', 'sign-in', 'too-many-requests'],
    ['TooManyFailedAttemptsException', 'Too many failed attempts', 'challenge', 'too-many-requests'],
    ['ResourceNotFoundException', 'User pool client does not exist.', 'sign-in', 'auth-failed'],
    ['InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client', 'sign-in', 'auth-failed'],
    ['NotAuthorizedException', 'Ambiguous role mapping rules for: cognito-idp...', 'identity-pool', 'role-ambiguous'],
    ['NotAuthorizedException', 'Token is not from a supported provider of this identity pool.', 'identity-pool', 'identity-pool'],
    ['NotAuthorizedException', 'Invalid login token. Token expired: 1 >= 0', 'identity-pool', 'session-expired'],
    ['NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.', 'identity-pool', 'identity-pool'],
    [
      'InvalidIdentityPoolConfigurationException',
      'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
      'identity-pool',
      'identity-pool',
    ],
    ['ResourceNotFoundException', 'IdentityPool not found', 'identity-pool', 'identity-pool'],
  ];

  for (const [name, message, call, code] of table) {
    it(`${name} "${message}" during ${call} → ${code}, one sentence plus a hint, nothing echoed`, () => {
      const mapped = map(name, message, call);
      expect(mapped).toBeInstanceOf(BrokerError);
      expect(mapped.code).toBe(code);
      expect(mapped.message).toMatch(/\.$/);
      expect(mapped.hint).toBeTruthy();
      const text = mapped.describe();
      for (const leak of ['eyJ', 'hunter2', '123456', 'leaked-token']) expect(text).not.toContain(leak);
    });
  }

  it('says what the administrator must change for a pool that cannot issue credentials', () => {
    expect(map('InvalidIdentityPoolConfigurationException', 'x', 'identity-pool').hint).toMatch(/administrator must/i);
    expect(map('NotAuthorizedException', 'Ambiguous role mapping', 'identity-pool').hint).toMatch(/administrator/i);
  });

  it('points at sign-in again when the refresh token is dead', () => {
    expect(map('NotAuthorizedException', 'Refresh Token has expired', 'refresh').hint).toContain('cognito-broker login work');
  });

  it('turns connection failures into a network error naming the endpoint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = cognitoError(refused, { call: 'sign-in', account: 'work', endpoint: 'http://127.0.0.1:1' });
    expect(mapped.code).toBe('network');
    expect(mapped.message).toContain('http://127.0.0.1:1');
    const timeout = Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });
    expect(cognitoError(timeout, { call: 'identity-pool', account: 'work' }).code).toBe('network');
  });

  it('names an emulator without SRP and suggests the password flow', () => {
    const mapped = map('UnknownError', 'Unsupported', 'sign-in', 500);
    expect(mapped.hint).toContain('--auth-flow password');
  });

  it('passes a BrokerError through untouched', () => {
    const original = new BrokerError('cancelled', 'Cancelled.');
    expect(cognitoError(original, { call: 'sign-in', account: 'a' })).toBe(original);
  });
});

describe('a wrong password is its own code', () => {
  it('NotAuthorizedException for the username and password is wrong-password, in the same words as before', () => {
    const mapped = map('NotAuthorizedException', 'Incorrect username or password.');
    expect(mapped.code).toBe('wrong-password');
    expect(mapped.describe()).toBe('The username or password is not right.\nCheck both and try again.');
  });

  it('only at the password step: the same exception at a later step or for a refresh is not a wrong password', () => {
    expect(map('NotAuthorizedException', 'Incorrect username or password.', 'challenge').code).toBe('auth-failed');
    expect(map('NotAuthorizedException', 'Incorrect username or password.', 'new-password').code).toBe('auth-failed');
    expect(map('NotAuthorizedException', 'Invalid Refresh Token', 'refresh').code).toBe('session-expired');
  });

  it('other NotAuthorizedException sign-in refusals keep their own codes', () => {
    expect(map('NotAuthorizedException', 'User is disabled.').code).toBe('auth-failed');
    expect(map('NotAuthorizedException', 'Unable to verify secret hash for client abc').code).toBe('auth-failed');
    expect(map('NotAuthorizedException', 'Password attempts exceeded').code).toBe('too-many-requests');
  });

  it('a wrong current password when changing it is wrong-password too (AWS and emulator spellings)', () => {
    const aws = selfServiceError(serviceError('NotAuthorizedException', 'Incorrect username or password.'), 'change-password', 'work');
    const emulator = selfServiceError(serviceError('InvalidPasswordException', 'Invalid password'), 'change-password', 'work');
    for (const mapped of [aws, emulator]) {
      expect(mapped.code).toBe('wrong-password');
      expect(mapped.message).toBe('The current password is not right.');
    }
    const weak = selfServiceError(serviceError('InvalidPasswordException', 'Password does not conform to policy: too short'), 'change-password', 'work');
    expect(weak.code).toBe('password-policy');
  });
});
