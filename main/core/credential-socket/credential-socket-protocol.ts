import { lstatSync } from 'node:fs';
import { join } from 'node:path';

/**
 * credential-process ↔ the running broker (the desktop app, or `cognito-broker serve`), over a Unix domain
 * socket in the broker home: the fast path that spares credential-process the keychain binding, the
 * keychain read and the AWS SDK while something that has them loaded already runs.
 *
 * One JSON object per line. The client sends one request; the server answers `accepted` at once (so the
 * client can tell a live server from a hung one within CREDENTIAL_SOCKET_HANDSHAKE_MS) and then exactly one
 * of `ok` (the credentials, serialized as in the keychain) or `failed`. Any `failed` makes the client take
 * the keychain path itself, so what a person reads on an error is what that path says, word for word.
 *
 * Who may ask: the client presents a per-install secret (a 0600 file in the private home, its own file,
 * never the hand-off's: the hand-off client sends its key without checking who listens, and that key must
 * not unlock credentials). Who may answer: see `listenerIsOurs` below.
 *
 * This module is on credential-process's hot path: it imports nothing but node:fs and node:path.
 */
export const CREDENTIAL_SOCKET_VERSION = 1;

export interface CredentialSocketRequest {
  v: typeof CREDENTIAL_SOCKET_VERSION;
  secret: string;
  account: string;
  /** --role; absent = the account's default role, as credential-process decides it. */
  roleArn?: string;
}

export type CredentialSocketReply =
  | { status: 'accepted' }
  /** `credentials`: AwsCredentials as serializeCredentials writes them (the keychain's own format). */
  | { status: 'ok'; credentials: string }
  | { status: 'failed'; code: string; message: string; hint?: string };

/** Longest request line the server reads (a name, a role ARN and a 64-hex secret fit many times over). */
export const MAX_CREDENTIAL_REQUEST_BYTES = 4096;
/** Longest reply line the client reads (a session token is about 1 KB; this leaves room to spare). */
export const MAX_CREDENTIAL_REPLY_BYTES = 64 * 1024;

/**
 * How long the client waits for a server to connect and accept before it takes the keychain path. A live
 * server on the same machine accepts in well under a millisecond; this only bounds a hung one.
 */
export const CREDENTIAL_SOCKET_HANDSHAKE_MS = 300;

/**
 * Served where the client can check who listens (see listenerIsOurs): Unix domain sockets, whose owner and
 * mode the file system reports. A Windows named pipe lives in a global namespace that any local user can
 * squat, and Node cannot ask who created one without native code: there credential-process keeps the
 * keychain path.
 */
export function credentialSocketSupported(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

export function credentialSocketPath(home: string): string {
  return join(home, 'credentials.sock');
}

export function credentialSocketSecretPath(home: string): string {
  return join(home, 'credentials.key');
}

/**
 * Whether the socket at `path` was made by this user: a socket file owned by this uid that no one else
 * may connect to, in the broker home the caller has already found private (owned by this user, writable
 * by no one else).
 *
 * This is how the client knows it talks to the broker and not to a process that squats the path, before
 * it sends the secret or believes an answer. Only this user (or root) can create a file in that home, so
 * a socket there owned by this uid was bound by a process of this user. A cryptographic challenge (an
 * HMAC of a nonce under the shared secret) would prove no more: the secret file is readable by exactly
 * the same processes, this user's. And it would cost the hot path node:crypto, whose load alone takes a
 * good part of the time this path exists to save. Node cannot read a Unix socket's peer credentials
 * (SO_PEERCRED) without native code; the owner of the listening socket's file is the same fact, known
 * before connecting.
 */
export function listenerIsOurs(path: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return false;
  try {
    // throwIfNoEntry: no socket is the common case without the app, and building a Node error for it is the
    // costliest part of this check on the keychain path.
    const stats = lstatSync(path, { throwIfNoEntry: false });
    return stats !== undefined && stats.isSocket() && stats.uid === uid && (stats.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
