import { timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import type { Server, Socket } from 'node:net';
import { join } from 'node:path';
import { ACCOUNT_NAME_PATTERN, ROLE_ARN_PATTERN } from '../../contract/account-input.js';
import type { AwsCredentials } from '../credentials/aws-credentials.js';
import { serializeCredentials } from '../credentials/cached-credentials.js';
import { BrokerError, isBrokerError } from '../errors.js';
import { withFileLock } from '../fs/file-lock.js';
import { assertPrivateBrokerHome } from '../fs/private-dir.js';
import { createOneLineServer } from '../local-socket/one-line-server.js';
import { ensureSecretFile } from '../fs/secret-file.js';
import { locksDir } from '../paths.js';
import type { CredentialSocketReply } from './credential-socket-protocol.js';
import {
  CREDENTIAL_SOCKET_VERSION,
  MAX_CREDENTIAL_REQUEST_BYTES,
  credentialSocketPath,
  credentialSocketSecretPath,
  credentialSocketSupported,
} from './credential-socket-protocol.js';

export interface CredentialSocketOptions {
  home: string;
  /**
   * The credentials credential-process would print for (account, role): by the broker's cache, refresh,
   * lock and 15-minute rule (see answerWithBroker). A BrokerError is answered as `failed`, and the client
   * then takes the keychain path itself.
   */
  answer(account: string, roleArn: string | undefined): Promise<AwsCredentials>;
  /** How long a connected client has to send its request. Default 5 s. */
  requestTimeoutMs?: number;
  /** Most requests answered at once; more are refused (those clients take the keychain path). Default 256. */
  maxInFlight?: number;
}

export interface CredentialSocket {
  /** The socket clients connect to. */
  readonly path: string;
  close(): Promise<void>;
}

/**
 * Serve credential-process's fast path for `home` (see credential-socket-protocol.ts) until close().
 *
 * Resolves undefined, serving nothing, where it is not served (Windows) or when another live process
 * already serves this home — the app and `cognito-broker serve` may both run; the first one answers, by
 * the same rules. A socket file left by a process that died is replaced. The check and the takeover run
 * under a lock in the home, so two starting at once never remove each other's socket.
 */
export async function startCredentialSocket(options: CredentialSocketOptions): Promise<CredentialSocket | undefined> {
  if (!credentialSocketSupported()) return undefined;
  // The socket and its key live in the home: one others can write is refused before either is made.
  assertPrivateBrokerHome(options.home);
  const path = credentialSocketPath(options.home);
  const secret = Buffer.from(await ensureSecretFile(credentialSocketSecretPath(options.home)), 'utf8');
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const maxInFlight = options.maxInFlight ?? 256;
  let inFlight = 0;

  const handle = async (socket: Socket, line: string) => {
    const request = parseRequest(line);
    if (!request || !secretMatches(request.secret, secret)) return refuse(socket, 'The request was not authenticated.');
    if (inFlight >= maxInFlight) return refuse(socket, `Too many commands (${maxInFlight}) are already asking for credentials.`);
    inFlight++;
    try {
      reply(socket, { status: 'accepted' });
      const credentials = await options.answer(request.account, request.roleArn);
      reply(socket, { status: 'ok', credentials: serializeCredentials(credentials) });
    } catch (error) {
      const e = isBrokerError(error) ? error : new BrokerError('internal', 'The running Cognito Broker could not get the credentials.');
      reply(socket, { status: 'failed', code: e.code, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });
    } finally {
      inFlight--;
    }
    socket.end();
  };

  const { server, sockets } = createOneLineServer({
    requestTimeoutMs,
    maxRequestBytes: MAX_CREDENTIAL_REQUEST_BYTES,
    onTooLong: (socket) => refuse(socket, 'The request is too long.'),
    onLine: (socket, line) => void handle(socket, line),
  });

  await mkdir(options.home, { recursive: true, mode: 0o700 });
  const listening = await withFileLock(join(locksDir(options.home), 'credential-socket.lock'), async () => {
    if (await isAnswering(path)) return false;
    await unlink(path).catch(() => undefined);
    await listen(server, path);
    // User-only, whatever the umask: the client refuses a socket that others could connect to (and the home
    // is 0700 besides).
    await chmod(path, 0o600);
    return true;
  });
  if (!listening) return undefined;

  return {
    path,
    async close() {
      for (const socket of sockets) socket.destroy();
      // Closing a listening Unix socket removes its file: nothing stale is left for the clients to try.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether a process listens on `path` now (a file left by one that died refuses the connection). */
function isAnswering(path: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

function parseRequest(line: string): { secret: string; account: string; roleArn?: string } | undefined {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (value.v !== CREDENTIAL_SOCKET_VERSION || typeof value.secret !== 'string') return undefined;
    if (typeof value.account !== 'string' || !ACCOUNT_NAME_PATTERN.test(value.account)) return undefined;
    if (value.roleArn === undefined) return { secret: value.secret, account: value.account };
    // A role that is not an ARN is refused here; the client's keychain path then says what is wrong with it.
    if (typeof value.roleArn !== 'string' || !ROLE_ARN_PATTERN.test(value.roleArn)) return undefined;
    return { secret: value.secret, account: value.account, roleArn: value.roleArn };
  } catch {
    return undefined;
  }
}

function secretMatches(given: string, expected: Buffer): boolean {
  const buffer = Buffer.from(given, 'utf8');
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}

function reply(socket: Socket, message: CredentialSocketReply): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

function refuse(socket: Socket, message: string): void {
  reply(socket, { status: 'failed', code: 'invalid-argument', message });
  socket.end();
}
