import type { z } from 'zod';
import { isBrokerError } from '../errors.js';
import type { AppApi } from '../../contract/app-api.js';
import { isAppMethod, methodSchemas } from './method-schemas.js';
import { findSecret } from '../../contract/secret-guard.js';
import type { ApiErrorPayload, CallResponse } from '../../contract/transport.js';
import type { ErrorCode } from '../../contract/error-codes.js';

/**
 * The one entry point for untrusted calls into the core, shared by Electron IPC and the HTTP bridge:
 * request shape → method allow-list → argument schema → the call → secret check on the result. Nothing in
 * the core runs unless the first three pass. Errors come back as values with only what a person can read.
 */

/** Who is calling, for the log line of an unexpected failure. Trust decisions are made before dispatch. */
export interface DispatchSender {
  transport: 'ipc' | 'http';
}

export interface DispatchOptions {
  /**
   * Told about failures a person cannot act on (an unexpected exception, a withheld result) with the method
   * name and a description that never includes the error's text or the value, which might hold a secret.
   */
  onInternalError?(info: { method: string; what: string; sender?: DispatchSender }): void;
}

const MAX_ARGS = 8;

function fail(code: ErrorCode, message: string, hint?: string): CallResponse {
  const error: ApiErrorPayload = hint === undefined ? { code, message } : { code, message, hint };
  return { ok: false, error };
}

const badRequest = (message: string): CallResponse =>
  fail('invalid-argument', message, 'This is a bug in the window that sent it; reload the window and try again.');

/** One sentence from the first schema issue: the argument position and what was expected, never the value. */
function describeIssue(method: string, issue: z.core.$ZodIssue): string {
  const [index, ...rest] = issue.path;
  const where = index === undefined ? 'its arguments' : `argument ${Number(index) + 1}${rest.length ? ` (${rest.map(String).join('.')})` : ''}`;
  const what = issue.code === 'unrecognized_keys' ? 'unknown fields' : issue.message.slice(0, 160);
  return `${method} was called with an invalid ${where}: ${what}.`;
}

function errorPayload(err: unknown): ApiErrorPayload | null {
  if (!isBrokerError(err)) return null;
  const payload: ApiErrorPayload = { code: err.code, message: err.message };
  if (err.hint !== undefined) payload.hint = err.hint;
  return payload;
}

export async function dispatch(api: AppApi, request: unknown, sender?: DispatchSender, options: DispatchOptions = {}): Promise<CallResponse> {
  if (request === null || typeof request !== 'object' || Array.isArray(request)) {
    return badRequest('The request was not an object with a method and arguments.');
  }
  const { method, args } = request as { method?: unknown; args?: unknown };
  if (!isAppMethod(method)) return badRequest('The request named a method the app does not offer.');
  const list = args === undefined ? [] : args;
  if (!Array.isArray(list) || list.length > MAX_ARGS) return badRequest(`${method} was called without a list of arguments.`);

  const parsed = methodSchemas[method].safeParse(list);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return badRequest(first ? describeIssue(method, first) : `${method} was called with invalid arguments.`);
  }

  const internal = (what: string): CallResponse => {
    options.onInternalError?.({ method, what, sender });
    return fail('internal', `Cognito Broker hit an unexpected problem while running ${method}.`, 'Try again; if it keeps happening, restart the app.');
  };

  let result: unknown;
  try {
    // The parsed tuple has exactly the method's parameter types (proven in method-schemas.ts).
    // eslint-disable-next-line @typescript-eslint/unbound-method -- because it is applied to `api` on the next line
    const call = api[method] as (...a: unknown[]) => Promise<unknown>;
    result = await call.apply(api, parsed.data as unknown[]);
  } catch (err) {
    const payload = errorPayload(err);
    if (!payload) return internal(`threw ${err instanceof Error ? err.name : typeof err}`);
    // A BrokerError is written to be shown, but it is checked like any other outgoing value.
    const leak = findSecret(payload, 'error');
    return leak ? internal(`error ${leak.path} ${leak.reason}`) : { ok: false, error: payload };
  }
  const leak = findSecret(result, 'result', { totpEnrolmentResult: method === 'startTotpEnrolment' });
  if (leak) return internal(`withheld: ${leak.path} ${leak.reason}`);
  return { ok: true, result: result === undefined ? null : result };
}
