import { lstatSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

/**
 * The facts behind private-dir.ts's refusals, without their wording: credential-process's first stage
 * (cli/entry.ts) runs this check on every AWS call and only needs yes or no, so the sentences, hints and
 * BrokerError stay out of that small bundle.
 */
export type PrivateDirFault = 'symlink' | 'not-a-folder' | 'foreign-owner' | 'writable-by-others';

export interface PrivateDirFinding {
  fault: PrivateDirFault;
  stats: Stats;
  uid: number;
}

/** What is wrong with the folder at `path`, or undefined when nothing is (or it does not exist yet). */
export function privateDirFault(path: string, options: { allowSymlink: boolean }): PrivateDirFinding | undefined {
  const uid = process.getuid?.();
  // Windows: no uid or POSIX modes; the per-user profile folder's ACL is what protects it.
  if (uid === undefined) return undefined;
  // throwIfNoEntry: a folder not made yet is the common case for locks/, and building a Node error for it
  // (stack trace, message) is the costliest part of this check on the credential-process hot path.
  const stats: Stats | undefined = options.allowSymlink ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  if (stats.isSymbolicLink()) return { fault: 'symlink', stats, uid };
  if (!stats.isDirectory()) return { fault: 'not-a-folder', stats, uid };
  if (stats.uid !== uid) return { fault: 'foreign-owner', stats, uid };
  if ((stats.mode & 0o022) !== 0) return { fault: 'writable-by-others', stats, uid };
  return undefined;
}

/**
 * True when the home passes private-dir.ts's assertPrivateBrokerHome (the home, which may be a symbolic link,
 * and its locks/ folder, which may not); for the hot path, which leaves refusing to cli-main.
 */
export function isPrivateBrokerHome(home: string): boolean {
  try {
    return privateDirFault(home, { allowSymlink: true }) === undefined && privateDirFault(join(home, 'locks'), { allowSymlink: false }) === undefined;
  } catch {
    return false;
  }
}
