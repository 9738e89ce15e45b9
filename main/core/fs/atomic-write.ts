import * as nodeFs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoCode, ioError } from './io-error.js';
import { isProcessAlive } from './process-alive.js';

/**
 * The file-system calls the writer uses. Injectable so a test can make one of them fail the way a full disk
 * or a read-only mount does, at exactly the step it wants, without needing such a disk.
 */
export type AtomicWriteFs = Pick<typeof nodeFs, 'open' | 'rename' | 'unlink' | 'lstat' | 'readlink' | 'readdir' | 'stat'>;

export interface WriteFileAtomicOptions {
  /** Mode for a file that does not exist yet (default 0600). An existing file keeps its own mode. */
  mode?: number;
  fs?: AtomicWriteFs;
  /**
   * Replace a symbolic link at `path` instead of the file it points at. For the broker's own files: a link
   * there was planted, never made by the person, and following it would overwrite some other file.
   */
  noFollow?: boolean;
}

const TEMP_SUFFIX = '.cb-tmp';
const MAX_SYMLINK_HOPS = 40;

/** Short, stable tag for this machine: temp files of a shared (network) folder are only ever cleaned by their own host. */
const hostTag = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/**
 * Replaces `path` with `data` so that a reader, a crash or a SIGKILL at any moment sees either the old
 * content or the new one, never a mix: write a temporary file in the same directory, fsync it, rename it
 * over the target, fsync the directory. A symbolic link (dotfile managers) stays a link: the file it points
 * at is what gets replaced. The existing file's mode, and its owner when we run as root, are kept.
 * Any failure leaves the original untouched and removes the temporary file.
 */
export async function writeFileAtomic(path: string, data: string | Buffer, options: WriteFileAtomicOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const { target, stat } = options.noFollow ? await ownTarget(fs, path) : await resolveTarget(fs, path);
  if (stat?.isDirectory()) throw ioError('write', path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }));
  // Renaming over a file needs only a writable folder, and root may write anything: a file without any
  // write permission is someone's explicit "do not touch", which we honour even then.
  if (stat && (stat.mode & 0o222) === 0) throw ioError('write', path, Object.assign(new Error('read-only file'), { code: 'READONLY' }));

  const dir = dirname(target);
  await removeStaleTemps(fs, target);
  const temp = join(dir, `.${basename(target)}.${hostTag}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const mode = stat ? stat.mode & 0o7777 : (options.mode ?? 0o600);

  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', mode);
    created = true;
    try {
      // open() applies the umask; chmod sets exactly the mode we promised.
      await handle.chmod(mode);
      if (stat && process.getuid?.() === 0 && (stat.uid !== 0 || stat.gid !== 0)) await handle.chown(stat.uid, stat.gid);
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    created = false;
  } catch (error) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw ioError('write', path, error);
  }
  await syncDirectory(fs, dir);
}

/** `path` itself, even when it is a symbolic link (which the rename then replaces, leaving its target alone). */
async function ownTarget(fs: AtomicWriteFs, path: string): Promise<{ target: string; stat?: Stats }> {
  const target = resolve(path);
  try {
    const stat = await fs.lstat(target);
    return stat.isSymbolicLink() ? { target } : { target, stat };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { target };
    throw ioError('write', path, error);
  }
}

/** Follows symbolic links by hand so that a link to a file that does not exist yet still resolves to where the file goes. */
async function resolveTarget(fs: AtomicWriteFs, path: string): Promise<{ target: string; stat?: Stats }> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    let stat: Stats;
    try {
      stat = await fs.lstat(current);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { target: current };
      throw ioError('write', path, error);
    }
    if (!stat.isSymbolicLink()) return { target: current, stat };
    let link: string;
    try {
      link = await fs.readlink(current);
    } catch (error) {
      throw ioError('write', path, error);
    }
    current = resolve(dirname(current), link);
  }
  throw ioError('write', path, Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' }));
}

/**
 * A writer killed between creating its temporary file and renaming it leaves that file behind. The next
 * write of the same target removes the ones whose writer (same host, by pid) is gone. Live writers' files
 * and other hosts' files are left alone.
 */
async function removeStaleTemps(fs: AtomicWriteFs, target: string): Promise<void> {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.${hostTag}.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isProcessAlive(pid)) continue;
    await fs.unlink(join(dir, name)).catch(() => undefined);
  }
}

/** Lists the temporary files a killed writer left next to `path` (for tests and diagnostics). */
export async function leftoverTemps(path: string): Promise<string[]> {
  const target = resolve(path);
  const names = await nodeFs.readdir(dirname(target)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(`.${basename(target)}.`) && n.endsWith(TEMP_SUFFIX));
}

/** Makes the rename itself durable. Some platforms cannot fsync a directory; the rename is still atomic there. */
async function syncDirectory(fs: AtomicWriteFs, dir: string): Promise<void> {
  let handle: nodeFs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort by design: the data is already renamed into place.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
