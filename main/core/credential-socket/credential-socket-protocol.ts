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
 * not unlock credentials). Who may answer: see `listenerIsOurs` in credential-socket-client.ts.
 *
 * This module is on credential-process's hot path: it imports nothing but node:path.
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
