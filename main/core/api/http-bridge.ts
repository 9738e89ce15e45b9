import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { AppApi } from '../../contract/app-api.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { dispatch, type DispatchOptions } from './dispatch.js';
import type { AppEventFeed } from './event-feed.js';
import type { CallResponse, EventMessage } from '../../contract/transport.js';
import type { ErrorCode } from '../../contract/error-codes.js';

/**
 * The local HTTP/SSE transport of the AppApi, for browser development (`npm run dev:web`) and the
 * renderer's end-to-end tests in Chromium. Never packaged: the Electron main bundle does not import it.
 *
 * Who may call: only this machine (bound to 127.0.0.1), only pages that know the per-run random token
 * (compared in constant time), only requests whose Host names our loopback address (a DNS-rebinding page on
 * another name is refused) and, when a browser says where a request comes from, only our own origin.
 * Calls go through the same dispatch() as Electron IPC.
 */
export interface BridgeOptions {
  api: AppApi;
  events: AppEventFeed;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Heartbeat interval for SSE streams, so proxies and browsers keep them open. */
  heartbeatMs?: number;
  onInternalError?: DispatchOptions['onInternalError'];
}

export interface RunningBridge {
  /** The page to open: origin + `/#token=<token>`. */
  url: string;
  origin: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokensEqual(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

function refused(code: ErrorCode, message: string): CallResponse {
  return { ok: false, error: { code, message } };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = randomBytes(32).toString('base64url');
  const staticRoot = resolve(options.staticDir);
  const streams = new Set<ServerResponse>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const origins = (): Set<string> => new Set([...allowedHosts()].map((h) => `http://${h}`));

  const bearer = (req: IncomingMessage): string | undefined => {
    const header = req.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
  };

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokensEqual(token, bearer(req)))
      return sendJson(res, 401, refused('unauthorized', 'This page does not have the bridge token; open the URL dev:web printed.'));
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/json')) return sendJson(res, 415, refused('invalid-argument', 'Calls must be sent as JSON.'));
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, refused('invalid-argument', 'The request was larger than the bridge accepts.'));
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, refused('invalid-argument', 'The request body was not valid JSON.'));
    }
    const response = await dispatch(options.api, request, { transport: 'http' }, { onInternalError: options.onInternalError });
    sendJson(res, 200, response);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!tokensEqual(token, url.searchParams.get('token') ?? bearer(req))) return sendText(res, 401, 'Missing or wrong bridge token.');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    const send = (message: EventMessage): void => {
      res.write(`event: ${message.event}\ndata: ${JSON.stringify(message.payload)}\n\n`);
    };
    const unsubscribe = options.events.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    streams.add(res);
    const close = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return sendText(res, 400, 'Bad path.');
    }
    if (pathname.includes('\0')) return sendText(res, 400, 'Bad path.');
    const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
    const file = resolve(staticRoot, relative);
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendText(res, 404, 'Not found.');
    try {
      // realpath: a symlink inside the folder must not lead out of it.
      const real = await realpath(file);
      const realRoot = await realpath(staticRoot);
      if (!real.startsWith(realRoot + sep)) return sendText(res, 404, 'Not found.');
      if (!(await stat(real)).isFile()) return sendText(res, 404, 'Not found.');
      const data = await readFile(real);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': data.length,
      });
      res.end(req.method === 'HEAD' ? undefined : data);
    } catch {
      if (relative === 'index.html') return sendText(res, 404, `The renderer is not built (no index.html in ${join('dist', 'renderer')}); run npm run build.`);
      sendText(res, 404, 'Not found.');
    }
  }

  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host)) return sendText(res, 421, 'This bridge only answers on its loopback address.');
    const origin = req.headers.origin;
    if (origin !== undefined && !origins().has(origin)) return sendText(res, 403, 'Cross-origin requests are refused.');
    const url = new URL(req.url ?? '/', `http://${host}`);
    const route = `${req.method} ${url.pathname}`;
    const done = (p: Promise<void> | void): void => {
      Promise.resolve(p).catch(() => {
        if (!res.headersSent) sendJson(res, 500, refused('internal', 'The bridge failed to answer.'));
        else res.destroy();
      });
    };
    if (route === 'POST /api/call') return done(handleCall(req, res));
    if (route === 'GET /api/events') return done(handleEvents(req, res, url));
    if (url.pathname.startsWith('/api/')) return sendText(res, 405, 'Method not allowed.');
    if (req.method === 'GET' || req.method === 'HEAD') return done(handleStatic(req, res, url));
    sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD, POST' });
  });

  await new Promise<void>((ok, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    stop: () =>
      new Promise<void>((ok) => {
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
