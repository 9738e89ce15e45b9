import type { ErrorCode } from '../../../main/contract/error-codes.js';

/**
 * What a refused sign-in call leaves the person to do: answer again, or start a new flow because answering
 * again cannot work (the code expired, Cognito ended the session, the flow was cancelled). Every code the core
 * can send is listed, so the compiler asks where a new code belongs.
 */
export const AFTER_REFUSAL = {
  'config-invalid': 'answer-again',
  'config-io': 'answer-again',
  'account-not-found': 'answer-again',
  'account-exists': 'answer-again',
  'not-signed-in': 'answer-again',
  'session-expired': 'start-over',
  'auth-failed': 'answer-again',
  'wrong-password': 'answer-again',
  'auth-challenge': 'answer-again',
  'code-mismatch': 'answer-again',
  'code-expired': 'start-over',
  'too-many-requests': 'answer-again',
  'password-policy': 'answer-again',
  'user-not-found': 'answer-again',
  'user-not-confirmed': 'answer-again',
  'password-reset-required': 'answer-again',
  'role-not-allowed': 'answer-again',
  'role-ambiguous': 'answer-again',
  'identity-pool': 'answer-again',
  'token-invalid': 'answer-again',
  network: 'answer-again',
  'keychain-locked': 'answer-again',
  'keychain-unavailable': 'answer-again',
  'keychain-timeout': 'answer-again',
  deadline: 'answer-again',
  'lock-timeout': 'answer-again',
  'profile-clash': 'answer-again',
  'invalid-argument': 'answer-again',
  unauthorized: 'answer-again',
  cancelled: 'start-over',
  internal: 'answer-again',
} as const satisfies Record<ErrorCode, 'answer-again' | 'start-over'>;

export function mustStartOver(code: ErrorCode): boolean {
  return AFTER_REFUSAL[code] === 'start-over';
}
