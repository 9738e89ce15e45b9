import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CallCounter, closeServer, listenOnLoopback } from './aws-json.js';

/**
 * A stand-in for the AWS federation endpoint (`https://signin.aws.amazon.com/federation`), following "Enable
 * custom identity broker access to the AWS console":
 *
 * - `GET /federation?Action=getSigninToken&Session=<JSON>[&SessionDuration=900..43200]`: the Session JSON has
 *   `sessionId` (access key id), `sessionKey` (secret key) and `sessionToken`; valid, unexpired temporary
 *   credentials (checked with `verify`, normally against what the identity pool issued) give
 *   `{"SigninToken": "..."}`, usable for 15 minutes. Anything else is HTTP 400.
 * - `GET /federation?Action=login&Issuer=...&Destination=...&SigninToken=...`: a live token redirects (302) to
 *   the destination, which must be an https URL; anything else is HTTP 400.
 */
export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export interface ConsoleLogin {
  accessKeyId: string;
  destination: string;
  issuer: string;
  sessionDurationSeconds?: number;
}

export interface FederationEndpoint {
  /** The full endpoint URL to configure: `http://127.0.0.1:<port>/federation`. */
  url: string;
  counts: CallCounter;
  /** Every console sign-in completed through `login`. */
  logins: ConsoleLogin[];
  stop(): Promise<void>;
}

const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export async function startFederationEndpoint(options: { verify(credentials: SessionCredentials): boolean }): Promise<FederationEndpoint> {
  const counts = new CallCounter();
  const logins: ConsoleLogin[] = [];
  const tokens = new Map<string, { accessKeyId: string; expiresAt: number; sessionDurationSeconds?: number }>();

  const badRequest = (res: ServerResponse, why: string): void => {
    counts.add('refused');
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(why);
  };

  function getSigninToken(query: URLSearchParams, res: ServerResponse): void {
    let session: Record<string, unknown>;
    try {
      session = JSON.parse(query.get('Session') ?? '') as Record<string, unknown>;
    } catch {
      return badRequest(res, 'Session must be a JSON document.');
    }
    const { sessionId, sessionKey, sessionToken } = session;
    if (typeof sessionId !== 'string' || typeof sessionKey !== 'string' || typeof sessionToken !== 'string') {
      return badRequest(res, 'Session needs sessionId, sessionKey and sessionToken.');
    }
    let duration: number | undefined;
    if (query.has('SessionDuration')) {
      duration = Number(query.get('SessionDuration'));
      if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) return badRequest(res, 'SessionDuration must be between 900 and 43200.');
    }
    if (!options.verify({ accessKeyId: sessionId, secretAccessKey: sessionKey, sessionToken })) return badRequest(res, 'The credentials are not valid.');
    const token = randomBytes(48).toString('base64url');
    tokens.set(token, {
      accessKeyId: sessionId,
      expiresAt: Date.now() + TOKEN_LIFETIME_MS,
      ...(duration === undefined ? {} : { sessionDurationSeconds: duration }),
    });
    counts.add('getSigninToken');
    const body = JSON.stringify({ SigninToken: token });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  function login(query: URLSearchParams, res: ServerResponse): void {
    const entry = tokens.get(query.get('SigninToken') ?? '');
    if (!entry || entry.expiresAt < Date.now()) return badRequest(res, 'The sign-in token is not valid or has expired.');
    const destination = query.get('Destination') ?? '';
    let url: URL;
    try {
      url = new URL(destination);
    } catch {
      return badRequest(res, 'Destination must be a URL.');
    }
    if (url.protocol !== 'https:') return badRequest(res, 'Destination must be an https URL.');
    counts.add('login');
    logins.push({
      accessKeyId: entry.accessKeyId,
      destination,
      issuer: query.get('Issuer') ?? '',
      ...(entry.sessionDurationSeconds === undefined ? {} : { sessionDurationSeconds: entry.sessionDurationSeconds }),
    });
    res.writeHead(302, { location: destination });
    res.end();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method !== 'GET' || url.pathname !== '/federation') return badRequest(res, 'Not found.');
    const action = url.searchParams.get('Action');
    if (action === 'getSigninToken') return getSigninToken(url.searchParams, res);
    if (action === 'login') return login(url.searchParams, res);
    badRequest(res, 'Unknown Action.');
  }

  const server: Server = createServer(handle);
  const base = await listenOnLoopback(server);
  return { url: `${base}/federation`, counts, logins, stop: () => closeServer(server) };
}
