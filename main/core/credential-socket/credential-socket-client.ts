import { readFileSync } from 'node:fs';
import type { CredentialSocketReply, CredentialSocketRequest } from './credential-socket-protocol.js';
import {
  CREDENTIAL_SOCKET_HANDSHAKE_MS,
  CREDENTIAL_SOCKET_VERSION,
  MAX_CREDENTIAL_REPLY_BYTES,
  credentialSocketPath,
  credentialSocketSecretPath,
  credentialSocketSupported,
  listenerIsOurs,
} from './credential-socket-protocol.js';
import type { LineConnection, LineEvents } from './raw-pipe-line.js';
import { openRawPipeLine } from './raw-pipe-line.js';

export interface AskOptions {
  /** How long connecting and being accepted may take before the caller takes the keychain path. */
  handshakeMs?: number;
  /** The server accepted the request and is working on it (a refresh may take a while). */
  onAccepted?: () => void;
}

/**
 * credential-process's side of the credential socket (credential-socket-protocol.ts), on its hot path: no
 * keychain binding, no AWS SDK, not even node:crypto (loading it alone costs a noticeable share of Node's
 * start). Resolves the credentials as the keychain stores them (serializeCredentials' JSON), or undefined
 * whenever the running broker does not answer them — no socket, a stale one, one this user does not own,
 * no acceptance within the handshake time, a refusal, an error answer, a server that went away — and the
 * caller then takes the keychain path, which behaves and words its errors exactly as it always has.
 * Never rejects.
 */
export async function askRunningBroker(home: string, account: string, roleArn: string | undefined, options: AskOptions = {}): Promise<string | undefined> {
  if (!credentialSocketSupported()) return undefined;
  const path = credentialSocketPath(home);
  if (!listenerIsOurs(path)) return undefined;
  const secret = readSecret(credentialSocketSecretPath(home));
  if (secret === undefined) return undefined;
  const request: CredentialSocketRequest = { v: CREDENTIAL_SOCKET_VERSION, secret, account, ...(roleArn === undefined ? {} : { roleArn }) };

  const payload = `${JSON.stringify(request)}\n`;
  let buffer = '';
  let settled = false;
  let connection: LineConnection | undefined;
  let resolveAnswer!: (credentials: string | undefined) => void;
  const answer = new Promise<string | undefined>((resolve) => (resolveAnswer = resolve));
  const finish = (credentials?: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    connection?.close();
    resolveAnswer(credentials);
  };
  const timer = setTimeout(() => finish(), options.handshakeMs ?? CREDENTIAL_SOCKET_HANDSHAKE_MS);
  const events: LineEvents = {
    end: () => finish(),
    data: (chunk) => {
      buffer += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const reply = parseReply(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        if (reply?.status === 'accepted') {
          // Alive and working on it: from here the credential-process deadline bounds the wait, not the handshake.
          clearTimeout(timer);
          options.onAccepted?.();
        } else {
          return finish(reply?.status === 'ok' ? reply.credentials : undefined);
        }
      }
      if (buffer.length > MAX_CREDENTIAL_REPLY_BYTES) finish();
    },
  };
  connection = openRawPipeLine(path, payload, events) ?? (await openWithNet(path, payload, events));
  if (settled) connection.close();
  return answer;
}

/** The same connection through node:net, where this Node offers no raw pipe handle (raw-pipe-line.ts). */
async function openWithNet(path: string, payload: string, events: LineEvents): Promise<LineConnection> {
  const { createConnection } = await import('node:net');
  const socket = createConnection(path);
  socket.once('connect', () => socket.write(payload));
  socket.on('error', () => events.end());
  socket.on('close', () => events.end());
  socket.on('data', (chunk: Buffer) => events.data(chunk));
  return { close: () => socket.destroy() };
}

function readSecret(file: string): string | undefined {
  try {
    const text = readFileSync(file, 'utf8').trim();
    // The format SECRET_FILE_PATTERN (fs/secret-file.ts) writes; that module loads node:crypto, so not imported.
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function parseReply(line: string): CredentialSocketReply | undefined {
  try {
    const value = JSON.parse(line) as CredentialSocketReply;
    if (!value || typeof value !== 'object') return undefined;
    if (value.status === 'ok' && typeof value.credentials !== 'string') return undefined;
    return value;
  } catch {
    return undefined;
  }
}
