/**
 * The wire shape shared by both transports of the AppApi (Electron IPC and the local HTTP/SSE bridge).
 *
 * Electron: the preload exposes `window.cognitoBroker: BrokerBridge`; calls go over the single channel
 * `API_CALL_CHANNEL` (ipcRenderer.invoke), events come on `API_EVENT_CHANNEL`.
 * HTTP bridge (development and end-to-end tests only, 127.0.0.1, never packaged):
 *   POST /api/call  with `Authorization: Bearer <token>` and a CallRequest body → CallResponse
 *   GET  /api/events?token=<token>  Server-Sent Events, `event: <name>` / `data: <json payload>`
 *   GET  /            the built renderer; the page reads the token from its URL (`#token=...`).
 * Errors travel as values (never as thrown IPC errors, which lose their fields) and carry only what a
 * person can read: code, message, hint.
 */
import type { AppEventName, AppEvents, AppMethod } from './app-api.js';
import type { ErrorCode } from './error-codes.js';

export const API_CALL_CHANNEL = 'cognito-broker:api-call';
export const API_EVENT_CHANNEL = 'cognito-broker:api-event';

export interface CallRequest {
  method: AppMethod;
  args: unknown[];
}

export interface ApiErrorPayload {
  /** Exactly the core's BrokerError codes, so a screen's decision by code is checked by the compiler. */
  code: ErrorCode;
  message: string;
  hint?: string;
}

export type CallResponse = { ok: true; result: unknown } | { ok: false; error: ApiErrorPayload };

export interface EventMessage<E extends AppEventName = AppEventName> {
  event: E;
  payload: AppEvents[E];
}

/** What the renderer gets from either transport. */
export interface BrokerBridge {
  call(method: AppMethod, args: unknown[]): Promise<CallResponse>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}
