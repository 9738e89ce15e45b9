/**
 * Every code a refusal can carry, in the core (BrokerError) and on the wire (ApiErrorPayload) alike. One list,
 * so a screen that decides by code (start over, mark a field) is checked by the compiler against exactly what
 * the core can send: add a code here and every exhaustive table in the renderer asks what to do with it.
 */
export const ERROR_CODES = [
  'config-invalid',
  'config-io',
  'account-not-found',
  'account-exists',
  'not-signed-in',
  'session-expired',
  'auth-failed',
  /** The user pool refused the username and password (it does not say which of the two is wrong). */
  'wrong-password',
  'auth-challenge',
  'code-mismatch',
  'code-expired',
  'too-many-requests',
  'password-policy',
  'user-not-found',
  'user-not-confirmed',
  'password-reset-required',
  'role-not-allowed',
  'role-ambiguous',
  'identity-pool',
  'token-invalid',
  'network',
  'keychain-locked',
  'keychain-unavailable',
  'keychain-timeout',
  'deadline',
  'lock-timeout',
  'profile-clash',
  'invalid-argument',
  /** A call that did not come from the app's own window (IPC sender check, bridge token). */
  'unauthorized',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}
