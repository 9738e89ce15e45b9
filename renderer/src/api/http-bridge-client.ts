import type { AppEventName, AppMethod } from '../../../main/contract/app-api.js';
import type { BrokerBridge, CallResponse, EventMessage } from '../../../main/contract/transport.js';

const EVENT_NAMES = ['accounts-changed', 'sign-in-requested', 'activity'] as const satisfies readonly AppEventName[];

const UNREACHABLE: CallResponse = {
  ok: false,
  error: {
    code: 'network',
    message: 'The window lost its connection to Cognito Broker.',
    hint: 'Check that Cognito Broker is still running, then reload this window.',
  },
};

export interface HttpBridgeOptions {
  /** Origin (and optional path) of the bridge, e.g. `http://127.0.0.1:4711`. */
  baseUrl: string;
  /** The per-run token the bridge printed; sent as a bearer token, and as a query parameter for SSE (EventSource cannot set headers). */
  token: string;
}

/**
 * The development and end-to-end transport: the same calls and events as Electron IPC, over the local
 * HTTP/SSE bridge. One EventSource is opened on the first subscription and closed with the last.
 */
export function createHttpBridge({ baseUrl, token }: HttpBridgeOptions): BrokerBridge {
  const base = baseUrl.replace(/\/+$/, '');
  const listeners = new Set<(message: EventMessage) => void>();
  let source: EventSource | undefined;

  function open(): void {
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    for (const event of EVENT_NAMES) {
      source.addEventListener(event, (e) => {
        let payload: unknown;
        try {
          payload = JSON.parse((e as MessageEvent<string>).data);
        } catch {
          return; // a malformed event is dropped rather than shown
        }
        const message = { event, payload } as EventMessage;
        for (const listener of listeners) listener(message);
      });
    }
  }

  return {
    async call(method: AppMethod, args: unknown[]): Promise<CallResponse> {
      let response: Response;
      try {
        response = await fetch(`${base}/api/call`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ method, args }),
        });
      } catch {
        return UNREACHABLE;
      }
      try {
        const body = (await response.json()) as CallResponse;
        if (typeof body === 'object' && body !== null && typeof body.ok === 'boolean') return body;
      } catch {
        // fall through: not a CallResponse
      }
      return UNREACHABLE;
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = undefined;
        }
      };
    },
  };
}
