/**
 * Errors a person can act on. Every failure that reaches a user (CLI stderr, a renderer message, a
 * notification) is a BrokerError: `message` is one sentence saying what happened, `hint` what to do next.
 * Neither may ever contain a token, key, password or TOTP seed: build them from names and codes only.
 */
export type BrokerErrorCode =
  | 'config-invalid'
  | 'config-io'
  | 'account-not-found'
  | 'account-exists'
  | 'not-signed-in'
  | 'session-expired'
  | 'auth-failed'
  | 'auth-challenge'
  | 'code-mismatch'
  | 'code-expired'
  | 'too-many-requests'
  | 'password-policy'
  | 'user-not-found'
  | 'user-not-confirmed'
  | 'password-reset-required'
  | 'role-not-allowed'
  | 'role-ambiguous'
  | 'identity-pool'
  | 'token-invalid'
  | 'network'
  | 'keychain-locked'
  | 'keychain-unavailable'
  | 'keychain-timeout'
  | 'deadline'
  | 'lock-timeout'
  | 'profile-clash'
  | 'invalid-argument'
  | 'cancelled'
  | 'internal';

export class BrokerError extends Error {
  readonly code: BrokerErrorCode;
  readonly hint?: string;

  constructor(code: BrokerErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BrokerError';
    this.code = code;
    this.hint = options?.hint;
  }

  /** The one or two lines a person sees. */
  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}

export function isBrokerError(value: unknown): value is BrokerError {
  return value instanceof BrokerError;
}
