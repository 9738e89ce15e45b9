import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
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

  return new Promise<string | undefined>((resolve) => {
    // `onread` hands each chunk to one callback instead of pushing it through the Readable stream
    // machinery ('data' events, buffering, flowing mode): on this path, run once per process, that
    // machinery's first use is a measurable share of the socket's cost.
    const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const onread = { buffer: readBuffer, callback: (bytes: number) => (onChunk(readBuffer.toString('utf8', 0, bytes)), true) };
    const socket = createConnection({ path, onread });
    let settled = false;
    let buffer = '';
    const finish = (credentials?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(credentials);
    };
    const timer = setTimeout(() => finish(), options.handshakeMs ?? CREDENTIAL_SOCKET_HANDSHAKE_MS);
    socket.once('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    const onChunk = (text: string) => {
      buffer += text;
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
    };
  });
}

/** One read's worth; a longer reply arrives in several chunks, as it did through the stream. */
const READ_BUFFER_BYTES = 16 * 1024;

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
