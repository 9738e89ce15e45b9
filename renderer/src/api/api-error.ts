import type { ErrorCode } from '../../../main/contract/error-codes.js';
import type { ApiErrorPayload } from '../../../main/contract/transport.js';

/** A refused call as the screens see it: the core's one-sentence message and what to do next. */
export class ApiError extends Error {
  /** One of the core's codes: a screen deciding by it is checked by the compiler against the full list. */
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(payload: ApiErrorPayload) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.hint = payload.hint;
  }
}

export interface ErrorDescription {
  code: ErrorCode;
  message: string;
  hint?: string;
}

/** Message and hint for any thrown value; unknown errors get a generic sentence, never their internals. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof ApiError) return { code: error.code, message: error.message, hint: error.hint };
  return {
    code: 'internal',
    message: 'Something went wrong in the window.',
    hint: 'Try again; if it keeps happening, restart Cognito Broker.',
  };
}
