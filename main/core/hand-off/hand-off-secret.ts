import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { handOffSecretPath } from './hand-off-protocol.js';

/**
 * The per-install hand-off secret: created by the app on first start (0600, in a 0700 home), read by
 * credential-process when it needs the app. Created with O_EXCL so two first starts agree on one value.
 */
export async function ensureHandOffSecret(home: string): Promise<string> {
  const file = handOffSecretPath(home);
  const existing = await readHandOffSecret(home);
  if (existing) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  try {
    await writeFile(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const winner = await readHandOffSecret(home);
      if (winner) return winner;
    }
    throw error;
  }
}

/** Undefined when the app never ran (no file) or the file is not a secret we wrote. */
export async function readHandOffSecret(home: string): Promise<string | undefined> {
  try {
    const text = (await readFile(handOffSecretPath(home), 'utf8')).trim();
    return /^[0-9a-f]{64}$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
