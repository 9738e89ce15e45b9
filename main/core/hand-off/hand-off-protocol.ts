import { join } from 'node:path';
import { shortHash } from '../keychain/service-name.js';

/**
 * credential-process ↔ desktop app, over a Unix domain socket in the broker home (a named pipe on Windows).
 * One JSON object per line. The client sends one request; the server answers `accepted` at once and then
 * exactly one of `signed-in` / `failed`. No credential or token ever crosses the socket: once the app has
 * signed the person in (and stored the new session in the keychain), the client reads the keychain itself.
 *
 * The per-install secret authenticates the client, so other local programs cannot make the app pop up
 * sign-in windows. It is a 0600 file in the (0700) broker home rather than a keychain entry because the
 * hand-off is exactly the moment the keychain may be unusable, and the secret grants no access to any
 * credential — only "please show the sign-in for account X".
 */
export const HAND_OFF_PROTOCOL_VERSION = 1;

export interface HandOffRequest {
  v: typeof HAND_OFF_PROTOCOL_VERSION;
  secret: string;
  op: 'sign-in';
  account: string;
}

export type HandOffReply = { status: 'accepted' } | { status: 'signed-in' } | { status: 'failed'; message: string; hint?: string };

/** Longest request line the server reads (a name and a 64-hex secret fit many times over). */
export const MAX_REQUEST_BYTES = 4096;

export function handOffSocketPath(home: string, platform: NodeJS.Platform = process.platform): string {
  // Windows pipes live in their own namespace; the name is derived from the home so two homes never meet.
  if (platform === 'win32') return `\\\\.\\pipe\\cognito-broker-${shortHash(home)}`;
  return join(home, 'hand-off.sock');
}

export function handOffSecretPath(home: string): string {
  return join(home, 'hand-off.key');
}
