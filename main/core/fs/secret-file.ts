import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What a secret file holds: 32 random bytes as 64 lowercase hex digits (and a newline). */
export const SECRET_FILE_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A per-install secret in a 0600 file of the (0700) broker home, made by the long-running side on its first
 * start and read by the processes that talk to it. Created with O_EXCL, so two first starts agree on one value.
 */
export async function ensureSecretFile(file: string): Promise<string> {
  const existing = await readSecretFile(file);
  if (existing) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  try {
    await writeFile(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    await chmod(file, 0o600);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const winner = await readSecretFile(file);
      if (winner) return winner;
    }
    throw error;
  }
}

/** Undefined when there is no such file or it does not hold a secret we wrote. */
export async function readSecretFile(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return SECRET_FILE_PATTERN.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
