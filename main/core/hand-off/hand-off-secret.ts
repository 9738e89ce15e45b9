import { ensureSecretFile, readSecretFile } from '../fs/secret-file.js';
import { handOffSecretPath } from './hand-off-protocol.js';

/**
 * The per-install hand-off secret: created by the app on first start (0600, in a 0700 home), read by
 * credential-process when it needs the app.
 */
export async function ensureHandOffSecret(home: string): Promise<string> {
  return ensureSecretFile(handOffSecretPath(home));
}

/** Undefined when the app never ran (no file) or the file is not a secret we wrote. */
export async function readHandOffSecret(home: string): Promise<string | undefined> {
  return readSecretFile(handOffSecretPath(home));
}
