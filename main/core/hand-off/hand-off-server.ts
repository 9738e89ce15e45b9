import { timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { ACCOUNT_NAME_PATTERN } from '../accounts/account.js';
import { findAccount } from '../accounts/account-store.js';
import { assertPrivateBrokerHome } from '../fs/private-dir.js';
import { createOneLineServer } from '../local-socket/one-line-server.js';
import { BrokerError, isBrokerError } from '../errors.js';
import type { HandOffReply } from './hand-off-protocol.js';
import { HAND_OFF_PROTOCOL_VERSION, MAX_REQUEST_BYTES, handOffSocketPath } from './hand-off-protocol.js';
import { ensureHandOffSecret } from './hand-off-secret.js';

export interface HandOffServerOptions {
  home: string;
  /**
   * Bring up sign-in for `account` and resolve once the person has signed in (the new session is in the
   * keychain), or reject (BrokerError('cancelled') when they closed it). Requests for an account already
   * being signed in share that one sign-in.
   */
  onSignInRequest(account: string): Promise<void>;
  /** How long a connected client has to send its request. Default 5 s. */
  requestTimeoutMs?: number;
  /**
   * Whether `account` is configured in this home (default: the accounts file says so). A request for any
   * other name is refused: it would otherwise bring up a sign-in window for nothing and hold a waiter.
   */
  isKnownAccount?: (account: string) => Promise<boolean>;
  /** Most clients waiting for a sign-in at once; more are refused at once. Default MAX_WAITING_CLIENTS. */
  maxWaiting?: number;
}

/**
 * A waiting client holds a socket for up to the sign-in's wait (minutes). Bursts of 64 parallel AWS commands
 * are normal; thousands are not, and must not exhaust the app's file descriptors.
 */
export const MAX_WAITING_CLIENTS = 256;

export interface HandOffServer {
  /** Socket (or pipe) path clients connect to. */
  readonly path: string;
  close(): Promise<void>;
}

/**
 * The desktop app's side of the credential-process hand-off (see hand-off-protocol.ts). Only a client that
 * presents the per-install secret is heard; anything else is answered `failed` and dropped.
 */
export async function startHandOffServer(options: HandOffServerOptions): Promise<HandOffServer> {
  // The socket and its key live in the home: one others can write is refused before either is made.
  assertPrivateBrokerHome(options.home);
  const path = handOffSocketPath(options.home);
  const secret = Buffer.from(await ensureHandOffSecret(options.home), 'utf8');
  const inFlight = new Map<string, Promise<void>>();
  const requestTimeoutMs = options.requestTimeoutMs ?? 5_000;
  const maxWaiting = options.maxWaiting ?? MAX_WAITING_CLIENTS;
  const isKnownAccount = options.isKnownAccount ?? (async (account: string) => (await findAccount(options.home, account)) !== undefined);
  let waiting = 0;

  const signIn = (account: string): Promise<void> => {
    let pending = inFlight.get(account);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => options.onSignInRequest(account))
        .finally(() => inFlight.delete(account));
      inFlight.set(account, pending);
    }
    return pending;
  };

  const { server, sockets } = createOneLineServer({
    requestTimeoutMs,
    maxRequestBytes: MAX_REQUEST_BYTES,
    onTooLong: (socket) => refuse(socket, 'The request is too long.'),
    onLine: (socket, line) => void handle(socket, line),
  });

  const handle = async (socket: Socket, line: string) => {
    const request = parseRequest(line);
    if (!request || !secretMatches(request.secret, secret)) {
      refuse(socket, 'The request was not authenticated.');
      return;
    }
    if (!(await isKnownAccount(request.account).catch(() => false))) {
      refuse(
        socket,
        `There is no account named "${request.account}" in the app.`,
        `Check the account name in the profile's credential_process, or add the account with \`cognito-broker account add\`.`,
      );
      return;
    }
    if (waiting >= maxWaiting) {
      refuse(socket, `Too many commands (${maxWaiting}) are already waiting for a sign-in in the app.`, 'Sign in in the app, then run the command again.');
      return;
    }
    waiting++;
    try {
      reply(socket, { status: 'accepted' });
      await signIn(request.account);
      reply(socket, { status: 'signed-in' });
    } catch (error) {
      const e = isBrokerError(error) ? error : new BrokerError('internal', 'The sign-in in the app failed.');
      reply(socket, { status: 'failed', message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });
    } finally {
      waiting--;
    }
    socket.end();
  };

  await mkdir(options.home, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await removeStaleSocket(path);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The home is 0700 already; the socket itself is user-only too, in case the home's mode was loosened.
  if (process.platform !== 'win32') await chmod(path, 0o600);

  return {
    path,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseRequest(line: string): { secret: string; account: string } | undefined {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    if (value.v !== HAND_OFF_PROTOCOL_VERSION || value.op !== 'sign-in') return undefined;
    if (typeof value.secret !== 'string' || typeof value.account !== 'string' || !ACCOUNT_NAME_PATTERN.test(value.account)) return undefined;
    return { secret: value.secret, account: value.account };
  } catch {
    return undefined;
  }
}

function secretMatches(given: string, expected: Buffer): boolean {
  const buffer = Buffer.from(given, 'utf8');
  return buffer.length === expected.length && timingSafeEqual(buffer, expected);
}

function reply(socket: Socket, message: HandOffReply): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
}

function refuse(socket: Socket, message: string, hint?: string): void {
  reply(socket, { status: 'failed', message, ...(hint === undefined ? {} : { hint }) });
  socket.end();
}

/**
 * A socket file left by an app that crashed blocks listen(); one that still answers belongs to a running
 * app, which must not be taken over.
 */
async function removeStaleSocket(path: string): Promise<void> {
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
  if (alive) {
    throw new BrokerError('internal', 'Another Cognito Broker app is already listening for sign-in requests.', {
      hint: 'Use the app that is already running, or quit it first.',
    });
  }
  await unlink(path).catch(() => undefined);
}
