import { lstat, mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic, type AtomicWriteFs } from '../fs/atomic-write.js';
import { withFileLock, type FileLockOptions } from '../fs/file-lock.js';
import { errnoCode, ioError } from '../fs/io-error.js';
import { bytesToText, textToBytes } from './config-lines.js';
import type { AwsConfigLocation } from './config-location.js';

/**
 * One edit of the AWS config file: read → edit → atomic replace, under a lock file next to the config, so the
 * app and any number of CLI processes never lose each other's updates.
 */
export interface ConfigEditContext {
  location: AwsConfigLocation;
  lock?: FileLockOptions;
  /** Test seam for simulating disk errors on the write path. */
  fs?: AtomicWriteFs;
}

export function lockPathFor(configFile: string): string {
  return `${configFile}.cognito-broker.lock`;
}

export async function readConfigText(file: string): Promise<string | undefined> {
  try {
    return bytesToText(await readFile(file));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw ioError('read', file, error);
  }
}

/** What an edit learns besides the text: whether the file existed (anything at its path, even a dangling link). */
export interface EditState {
  existed: boolean;
}

/** An edit's outcome: the new text, or `remove: true` to delete the file (only ever one we created). */
export interface EditOutcome<T> {
  text: string;
  result: T;
  remove?: boolean;
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw ioError('read', file, error);
  }
}

/**
 * Runs one edit of the config under its lock. `edit` gets the current text ('' when the file does not
 * exist) and returns the new text plus a result; the file is written only when the text changed. A missing
 * folder is created with mode 0700 and a new file with 0600.
 */
export async function editConfig<T>(ctx: ConfigEditContext, edit: (text: string, state: EditState) => EditOutcome<T>): Promise<T> {
  const file = ctx.location.configFile;
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw ioError('create the folder of', file, error);
  }
  return withFileLock(
    lockPathFor(file),
    async () => {
      const read = await readConfigText(file);
      const before = read ?? '';
      const { text, result, remove } = edit(before, { existed: read !== undefined || (await exists(file)) });
      // Delete only a plain file: a symlink (a dotfiles setup) is the user's, whatever it points at.
      if (
        remove &&
        text === '' &&
        (await lstat(file).then(
          (st) => st.isFile(),
          () => false,
        ))
      ) {
        try {
          await unlink(file);
        } catch (error) {
          throw ioError('remove', file, error);
        }
      } else if (text !== before) await writeFileAtomic(file, textToBytes(text), { mode: 0o600, ...(ctx.fs ? { fs: ctx.fs } : {}) });
      return result;
    },
    ctx.lock,
  );
}
