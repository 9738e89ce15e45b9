import { tokenMatches } from './endpoint-token.js';

/** One (account, role) a server answers for. */
export interface EndpointRoute {
  account: string;
  /** Undefined: the account's default role (what credential-process without --role serves). */
  roleArn?: string;
  path: string;
  /** SHA-256 of this route's token (endpoint-token.ts). */
  tokenDigest: Buffer;
}

export interface IncomingFacts {
  method: string | undefined;
  url: string | undefined;
  host: string | undefined;
  authorization: string | undefined;
}

export type Verdict =
  { kind: 'serve'; route: EndpointRoute } | { kind: 'refuse'; status: 401 | 403 | 404 | 405; code: string; message: string; headers?: Record<string, string> };

/**
 * Decides what a request gets, before any credential is read. In this order:
 * 1. a Host that is not this server by a loopback name (127.0.0.1, localhost, [::1] and the port) → 403: a web
 *    page that rebinds its own DNS name to 127.0.0.1 reaches the port, but its requests carry its own name;
 * 2. no Authorization → 401; one that is no route's token → 403 (compared in constant time against every
 *    route, so the time taken does not say which route came close);
 * 3. a method other than GET → 405; a path other than the token's route → 404 (another route's path → 403).
 * The token is checked before the path, so a local program without a token cannot probe which accounts exist.
 */
export function judgeRequest(request: IncomingFacts, routes: readonly EndpointRoute[], port: number): Verdict {
  if (!isOwnHost(request.host, port)) {
    return refuse(403, 'ForeignHost', `This credentials endpoint answers only requests addressed to 127.0.0.1:${port}, localhost:${port} or [::1]:${port}.`);
  }
  const given = request.authorization;
  if (given === undefined || given === '') {
    return refuse(401, 'MissingToken', 'The request has no Authorization header.', {
      hint: 'Set AWS_CONTAINER_AUTHORIZATION_TOKEN or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE as `cognito-broker export <account> --format container` prints them.',
    });
  }
  let matched: EndpointRoute | undefined;
  for (const route of routes) if (tokenMatches(given, route.tokenDigest) && matched === undefined) matched = route;
  if (!matched) {
    return refuse(403, 'WrongToken', 'The Authorization header is not a token of this credentials endpoint (tokens change every time it starts).', {
      hint: 'Take the variables again from `cognito-broker export <account> --format container`.',
    });
  }
  if (request.method !== 'GET') {
    return { ...refuse(405, 'MethodNotAllowed', 'This credentials endpoint answers GET only.'), headers: { Allow: 'GET' } };
  }
  const path = (request.url ?? '').split('?')[0];
  if (path !== matched.path) {
    if (routes.some((route) => route.path === path)) return refuse(403, 'WrongToken', 'This token is for another account or role of this endpoint.');
    return refuse(404, 'NotFound', 'This credentials endpoint has nothing at that path.');
  }
  return { kind: 'serve', route: matched };
}

function refuse(status: 401 | 403 | 404 | 405, code: string, message: string, extra: { hint?: string } = {}): Verdict & { kind: 'refuse' } {
  return { kind: 'refuse', status, code, message: extra.hint ? `${message} ${extra.hint}` : message };
}

/** The Host header names this server: exactly a loopback name and our port (HTTP/1.1 requires the header). */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const value = host.toLowerCase();
  return value === `127.0.0.1:${port}` || value === `localhost:${port}` || value === `[::1]:${port}`;
}
