import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BrokerError } from '../errors.js';

/**
 * The RFC 8252 loopback redirect: a one-shot HTTP listener on the port the app client's callback URL names.
 * Any local user can reach a loopback port, and a web page can aim a browser at it, so only a request that
 * the judge accepts or refuses for this flow ends it: a `Host` other than localhost / 127.0.0.1 / [::1] with
 * this port (DNS rebinding, a foreign name) and a callback the judge marks `ignore` (a wrong `state`: not a
 * response to the sign-in this process started) get a 400 page and the listener keeps waiting. The flow
 * ends only on a callback for this flow, the timeout, or cancel; then it shows the browser a page saying
 * what happened, and closes. Other paths and methods get a 404. It listens on loopback only: 127.0.0.1, and
 * ::1 where the machine has it, because browsers may resolve `localhost` to either.
 */
export type CallbackVerdict<T> =
  | { ok: true; value: T; page: LoopbackPage }
  /** `ignore`: the request is not an answer to this flow; refuse it and keep waiting for the real one. */
  | { ok: false; error: BrokerError; page: LoopbackPage; ignore?: boolean };

export interface LoopbackPage {
  title: string;
  message: string;
}

export interface LoopbackListenerOptions<T> {
  port: number;
  path: string;
  /** Judges the one callback from its query parameters. */
  judge(params: URLSearchParams): CallbackVerdict<T>;
  timeoutMs: number;
  /** What the timeout error says the person was supposed to do ("finish signing in in the browser"). */
  waitingFor: string;
  signal?: AbortSignal;
  hosts?: readonly string[];
}

export interface LoopbackListener<T> {
  /** Settles once: the judged value, or a BrokerError (refused callback, timeout, abort). */
  result: Promise<T>;
  /** Stops listening; the result rejects with 'cancelled' if it had not settled. Idempotent. */
  close(): Promise<void>;
}

const DEFAULT_HOSTS = ['127.0.0.1', '::1'] as const;

export async function startLoopbackListener<T>(options: LoopbackListenerOptions<T>): Promise<LoopbackListener<T>> {
  const servers: Server[] = [];
  let settled = false;
  let resolveResult!: (value: T) => void;
  let rejectResult!: (error: BrokerError) => void;
  const result = new Promise<T>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  // Callers that only await later must not see an unhandled rejection in between.
  result.catch(() => undefined);

  let timer: NodeJS.Timeout | undefined;
  const closeAll = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      ),
    );
  };
  const settle = (outcome: { value: T } | { error: BrokerError }): void => {
    if (settled) return;
    settled = true;
    if ('value' in outcome) resolveResult(outcome.value);
    else rejectResult(outcome.error);
  };
  const onAbort = (): void => {
    settle({ error: new BrokerError('cancelled', 'The browser sign-in was cancelled.') });
    void closeAll();
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || url.pathname !== options.path) {
      send(response, 404, { title: 'Not found', message: 'Nothing to see here.' });
      return;
    }
    if (settled) {
      // The one callback was already taken: a replay or a second tab gets nothing.
      send(response, 409, { title: 'Already finished', message: 'This sign-in has already finished. You can close this tab.' });
      return;
    }
    if (!isLoopbackHost(request.headers.host, options.port)) {
      send(response, 400, { title: 'Refused', message: 'This address answers only as localhost.' });
      return;
    }
    const verdict = options.judge(url.searchParams);
    if (!verdict.ok && verdict.ignore) {
      send(response, 400, verdict.page);
      return;
    }
    // Settle first, then answer and close: the page reaching the browser must not be able to race the result.
    settle(verdict.ok ? { value: verdict.value } : { error: verdict.error });
    send(response, verdict.ok ? 200 : 400, verdict.page, () => void closeAll());
  };

  const hosts = options.hosts ?? DEFAULT_HOSTS;
  for (const host of hosts) {
    const server = createServer(handle);
    try {
      await listen(server, options.port, host);
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A machine without IPv6 loopback is fine as long as 127.0.0.1 listens.
      if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      await closeAll();
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new BrokerError('invalid-argument', `Port ${options.port} on localhost is not available, so the browser's sign-in redirect cannot be received.`, {
          hint: 'Close the program using that port, or set another redirect port on the account and add the matching callback URL to the app client.',
          cause: error,
        });
      }
      throw new BrokerError('internal', `Could not listen on localhost port ${options.port} for the browser's sign-in redirect.`, { cause: error });
    }
  }

  timer = setTimeout(() => {
    settle({
      error: new BrokerError('deadline', `The browser sign-in did not finish within ${Math.round(options.timeoutMs / 1000)} seconds.`, {
        hint: `Start it again and ${options.waitingFor}.`,
      }),
    });
    void closeAll();
  }, options.timeoutMs);
  timer.unref();
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  return {
    result,
    close: async () => {
      settle({ error: new BrokerError('cancelled', 'The browser sign-in was cancelled.') });
      await closeAll();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** `localhost`, `127.0.0.1` or `[::1]`, with exactly this port: what a browser sends after the real redirect. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const match = /^(localhost|127\.0\.0\.1|\[::1\]):(\d{1,5})$/i.exec(host);
  return match !== null && Number(match[2]) === port;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A static page: no script, no links, no external resources, nothing cached, and no Referer leaving with
 * the code in it.
 */
function send(response: ServerResponse, status: number, page: LoopbackPage, done?: () => void): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)} – Cognito Broker</title></head><body style="font-family:system-ui,sans-serif;margin:3rem"><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  });
  response.end(body, done);
}
