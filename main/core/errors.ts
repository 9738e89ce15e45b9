import type { ErrorCode } from '../contract/error-codes.js';

/**
 * Errors a person can act on. Every failure that reaches a user (CLI stderr, a renderer message, a
 * notification) is a BrokerError: `message` is one sentence saying what happened, `hint` what to do next.
 * Neither may ever contain a token, key, password or TOTP seed: build them from names and codes only.
 * The codes are the contract's list (contract/error-codes.ts): the same union travels to the window.
 */
export type BrokerErrorCode = ErrorCode;

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
