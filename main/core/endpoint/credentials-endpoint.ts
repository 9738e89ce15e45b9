import { mkdir, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BrokerError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { assertPrivateBrokerHome, privateDirProblem } from '../fs/private-dir.js';
import { isProcessAlive } from '../fs/process-alive.js';
import { credentialsAnswer, errorAnswer, refusal, type EndpointAnswer } from './endpoint-answer.js';
import { endpointsDir, recordPath, routePath, serverDir, tokenFilePath } from './endpoint-paths.js';
import { readRecord, removeDeadServers, type EndpointRecord } from './endpoint-record.js';
import { judgeRequest, type EndpointRoute } from './endpoint-request.js';
import { newEndpointToken, tokenDigest } from './endpoint-token.js';
import { sharedCredentials, type CredentialsSource } from './shared-credentials.js';

export type EndpointHost = '127.0.0.1' | '::1';

export interface EndpointOptions {
  home: string;
  credentials: CredentialsSource;
  /** Loopback only: 127.0.0.1 (default, what every SDK accepts) or ::1. */
  host?: EndpointHost;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /**
   * Publish the endpoint in the broker home (a record and a 0600 token file per route) for `export` and the
   * window: `app` (the desktop app, which also tries its previous port so its URL stays the same) or `serve`.
   * Without it (exec --server) nothing is written and the tokens stay in memory.
   */
  publish?: 'app' | 'serve';
}

export interface AddedRoute {
  account: string;
  roleArn?: string;
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI */
  fullUri: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN: for a child's environment only, never printed. */
  token: string;
  /** The 0600 file holding the token (published endpoints only). */
  tokenFile?: string;
}

export interface CredentialsEndpoint {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Serve (account, role); adding one already served gives it a new token. */
  addRoute(account: string, roleArn?: string): Promise<AddedRoute>;
  removeRoute(account: string, roleArn?: string): Promise<void>;
  served(): { account: string; roleArn?: string }[];
  /** Stops listening, drops open connections and removes the token files and the record. */
  close(): Promise<void>;
}

/**
 * The container-credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI): an HTTP server on a loopback
 * address that answers GET on one path per (account, role) with that pair's credentials, for a request that
 * carries the pair's token (endpoint-request.ts says what is refused and why). Credentials come from
 * `credentials` — the credential broker, so the keychain cache, the 15-minute rule and the refresh lock are
 * the ones credential-process uses — and concurrent requests for one pair share one answer.
 */
export async function startCredentialsEndpoint(options: EndpointOptions): Promise<CredentialsEndpoint> {
  const host = options.host ?? '127.0.0.1';
  const credentials = sharedCredentials(options.credentials);
  const routes = new Map<string, EndpointRoute & { tokenFile?: string }>();
  const publish = options.publish;
  if (publish) {
    assertPrivateBrokerHome(options.home);
    const problem = privateDirProblem(endpointsDir(options.home), 'endpoint folder', { allowSymlink: false });
    if (problem) throw problem;
    await mkdir(endpointsDir(options.home), { recursive: true, mode: 0o700 });
    await removeDeadServers(options.home);
  }
  const previous = publish === 'app' ? await readRecord(options.home, 'app') : undefined;

  const server = createServer((request, response) => void answer(request, response));
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    // The body is never read: a GET has none, and anything else is refused without looking at it.
    request.resume();
    const verdict = judgeRequest(
      { method: request.method, url: request.url, host: request.headers.host, authorization: request.headers.authorization },
      [...routes.values()],
      port,
    );
    let reply: EndpointAnswer;
    if (verdict.kind === 'refuse') reply = refusal(verdict.status, verdict.code, verdict.message);
    else reply = await credentials(verdict.route.account, verdict.route.roleArn).then(credentialsAnswer, errorAnswer);
    if (verdict.kind === 'refuse' && verdict.headers) for (const [name, value] of Object.entries(verdict.headers)) response.setHeader(name, value);
    response.writeHead(reply.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    response.end(reply.body);
  };

  // The app asks for its previous port (its URL then stays the same for IDEs set up with it) but takes any.
  const portMemo = join(endpointsDir(options.home), 'app.port');
  const remembered = publish === 'app' ? Number((await readFile(portMemo, 'utf8').catch(() => '')).trim()) : 0;
  const wish = Number.isInteger(remembered) && remembered > 0 && remembered < 65536 ? remembered : undefined;
  const port = await listen(server, host, options.port ?? wish ?? 0, options.port === undefined);
  const url = host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  const serverId =
    publish === 'app'
      ? previous && isProcessAlive(previous.pid) && previous.pid !== process.pid
        ? `app-${port}`
        : 'app'
      : `serve-${host === '::1' ? 'v6-' : ''}${port}`;
  const startedAt = new Date().toISOString();
  if (publish) {
    // Ours now (we hold the port, or the app record's process is gone): whatever an earlier run left goes.
    await rm(serverDir(options.home, serverId), { recursive: true, force: true });
    await mkdir(serverDir(options.home, serverId), { mode: 0o700 });
  }

  const key = (account: string, roleArn: string | undefined) => `${account}\n${roleArn ?? ''}`;
  const writeRecord = async () => {
    if (!publish) return;
    const record: EndpointRecord = {
      version: 1,
      kind: publish,
      pid: process.pid,
      startedAt,
      url,
      routes: [...routes.values()].map((r) => ({
        account: r.account,
        ...(r.roleArn === undefined ? {} : { roleArn: r.roleArn }),
        path: r.path,
        tokenFile: r.tokenFile as string,
      })),
    };
    await writeFileAtomic(recordPath(options.home, serverId), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, noFollow: true });
  };
  await writeRecord();
  if (publish === 'app') await writeFileAtomic(portMemo, `${port}\n`, { mode: 0o600, noFollow: true });

  return {
    url,
    port,
    async addRoute(account, roleArn) {
      const token = newEndpointToken();
      const path = routePath(account, roleArn);
      const tokenFile = publish ? tokenFilePath(options.home, serverId, account, roleArn) : undefined;
      // The file before the route: a client that finds the route in the record finds its token too. No
      // newline: the JavaScript SDK sends the file's content as it is.
      if (tokenFile) await writeFileAtomic(tokenFile, token, { mode: 0o600, noFollow: true });
      routes.set(key(account, roleArn), {
        account,
        ...(roleArn === undefined ? {} : { roleArn }),
        path,
        tokenDigest: tokenDigest(token),
        ...(tokenFile ? { tokenFile } : {}),
      });
      await writeRecord();
      return { account, ...(roleArn === undefined ? {} : { roleArn }), fullUri: `${url}${path}`, token, ...(tokenFile ? { tokenFile } : {}) };
    },
    async removeRoute(account, roleArn) {
      const route = routes.get(key(account, roleArn));
      if (!route) return;
      routes.delete(key(account, roleArn));
      await writeRecord();
      if (route.tokenFile) await rm(route.tokenFile, { force: true });
    },
    served: () => [...routes.values()].map((r) => ({ account: r.account, ...(r.roleArn === undefined ? {} : { roleArn: r.roleArn }) })),
    async close() {
      routes.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (publish) await rm(serverDir(options.home, serverId), { recursive: true, force: true });
    },
  };
}

/** Listens on host:port; when `port` is only a wish and taken, on any free port. */
async function listen(server: ReturnType<typeof createServer>, host: EndpointHost, wanted: number, wish: boolean): Promise<number> {
  const attempt = (p: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  try {
    return await attempt(wanted);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (wish && wanted !== 0 && code === 'EADDRINUSE') return attempt(0);
    throw new BrokerError('network', `The credentials endpoint could not listen on ${host === '::1' ? '[::1]' : host}:${wanted} (${code ?? 'error'}).`, {
      hint:
        code === 'EADDRINUSE'
          ? 'Choose another port with --port, or leave it out to use a free one.'
          : 'Check that this address exists on this computer (IPv6 may be off).',
    });
  }
}
