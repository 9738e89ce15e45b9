import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserOpener } from './browser-opener.js';
import { isLoopbackHost } from './loopback-listener.js';

/**
 * A browser is started with its URL in argv (`$BROWSER`, `xdg-open`, Electron's shell.openExternal on Linux),
 * and any local user can read argv from the process list. A URL that is itself a credential (the AWS console
 * sign-in URL) must not travel that way. Instead the browser gets a one-time loopback address:
 * `http://127.0.0.1:<random port>/<random path>` that answers the first GET with a redirect to the real URL
 * and then stops existing; it also stops after a timeout. Whoever reads the argv afterwards finds a dead
 * address. (A reader racing the browser could take the redirect first; the browser then sees a refusal, so
 * the person learns that the address was used by someone else.)
 */
export interface OneTimeRedirect {
  /** The loopback address to hand the browser. Carries no secret beyond its own single use. */
  url: string;
  /** True once the redirect was handed out, false when it timed out or was closed unused. */
  followed: Promise<boolean>;
  /** Stops listening (idempotent); `followed` settles false if nothing took the redirect. */
  close(): Promise<void>;
}

/** Long enough for a cold browser start, short enough that a forgotten address does not linger. */
export const ONE_TIME_REDIRECT_TIMEOUT_MS = 60_000;

/** The addresses of the one-time redirects still listening, so the app's opener can allow exactly them. */
const live = new Set<string>();

export function isLiveOneTimeRedirect(url: string): boolean {
  return live.has(url);
}

export async function startOneTimeRedirect(target: string, options: { timeoutMs?: number } = {}): Promise<OneTimeRedirect> {
  const path = `/${randomBytes(24).toString('base64url')}`;
  let used = false;
  let resolveFollowed!: (followed: boolean) => void;
  const followed = new Promise<boolean>((resolve) => (resolveFollowed = resolve));
  let url = '';

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const port = (server.address() as AddressInfo).port;
    // Only the exact path, with a Host the browser sends for this address: no DNS-rebinding page gets it.
    if (used || request.method !== 'GET' || request.url !== path || !isLoopbackHost(request.headers.host, port)) {
      reply(response, 404, 'This address is no longer valid. If you did not just open it, someone else may have: start again from Cognito Broker.');
      return;
    }
    used = true;
    response.writeHead(302, { location: target, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', connection: 'close', 'content-length': 0 });
    response.end(() => void close(true));
  });
  let closed: Promise<void> | undefined;
  const close = (wasFollowed: boolean): Promise<void> => {
    if (!closed) {
      clearTimeout(timer);
      live.delete(url);
      resolveFollowed(wasFollowed);
      closed = new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    return closed;
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  live.add(url);
  const timer = setTimeout(() => void close(false), options.timeoutMs ?? ONE_TIME_REDIRECT_TIMEOUT_MS);
  // A CLI waits on `followed` itself; the timer alone must not keep a finished process alive.
  timer.unref();
  return { url, followed, close: () => close(false) };
}

/**
 * Opens `secretUrl` through a one-time redirect: the opener (and so the browser's argv) sees only the loopback
 * address. `opened` is the opener's answer; when it is false the redirect is closed at once.
 */
export async function openThroughOneTimeRedirect(
  open: BrowserOpener,
  secretUrl: string,
  options: { timeoutMs?: number } = {},
): Promise<{ opened: boolean; redirect: OneTimeRedirect }> {
  const redirect = await startOneTimeRedirect(secretUrl, options);
  const opened = await open(redirect.url).catch(() => false);
  if (!opened) await redirect.close();
  return { opened, redirect };
}

function reply(response: ServerResponse, status: number, message: string): void {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cognito Broker</title></head><body style="font-family:system-ui,sans-serif;margin:3rem"><p>${message}</p></body></html>`;
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    connection: 'close',
  });
  response.end(body);
}
