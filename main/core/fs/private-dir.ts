import { lstatSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { BrokerError } from '../errors.js';

/**
 * The broker home holds what decides where a sign-in goes (accounts.json: endpoints, the auth flow), the
 * locks and markers other broker processes act on, the hand-off socket and its key. Another local user who
 * can write there, or who owns the folder, can plant or replace any of it: send a password to a foreign
 * endpoint, turn a lock or marker into a symbolic link that overwrites a file of ours. So a home (or its
 * locks/ folder) that is writable by group or others, or not owned by the user running the broker, is
 * refused with a sentence and the command that fixes it — never used as is. Checked synchronously with one
 * stat per folder: cheap enough for the credential-process hot path.
 */
export function privateDirProblem(path: string, what: string, options: { allowSymlink: boolean }): BrokerError | undefined {
  const uid = process.getuid?.();
  // Windows: no uid or POSIX modes; the per-user profile folder's ACL is what protects it.
  if (uid === undefined) return undefined;
  // throwIfNoEntry: a folder not made yet is the common case for locks/, and building a Node error for it
  // (stack trace, message) is the costliest part of this check on the credential-process hot path.
  const stats: Stats | undefined = options.allowSymlink ? statSync(path, { throwIfNoEntry: false }) : lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return undefined;
  const quoted = (): string => shellQuote(path);
  if (stats.isSymbolicLink()) {
    return new BrokerError('config-io', `The ${what} ${path} is a symbolic link, which cognito-broker does not follow there.`, {
      hint: `Remove the link (rm ${quoted()}); cognito-broker creates a private folder in its place.`,
    });
  }
  if (!stats.isDirectory()) {
    return new BrokerError('config-io', `The ${what} ${path} is not a folder.`, {
      hint: `Move it away (mv ${quoted()} ${shellQuote(`${path}.old`)}) and try again.`,
    });
  }
  if (stats.uid !== uid) {
    return new BrokerError('config-io', `The ${what} ${path} belongs to another user (uid ${stats.uid}), so cognito-broker will not trust what is in it.`, {
      hint: `Make it yours (chown -R ${uid} ${quoted()}, as root), or point COGNITO_BROKER_HOME at a folder of your own.`,
    });
  }
  if ((stats.mode & 0o022) !== 0) {
    return new BrokerError(
      'config-io',
      `The ${what} ${path} can be changed by other users (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}), so cognito-broker will not trust what is in it.`,
      {
        hint: `Make it private: chmod 700 ${quoted()}`,
      },
    );
  }
  return undefined;
}

/**
 * Refuses a broker home, or its locks/ folder, that others can write or that belongs to someone else. Folders
 * that do not exist yet are fine: they are created 0700. The home itself may be a symbolic link of the
 * person's (dotfile managers); what it points at is what is checked. locks/ may not be a link.
 */
export function assertPrivateBrokerHome(home: string): void {
  const problem =
    privateDirProblem(home, 'broker home', { allowSymlink: true }) ?? privateDirProblem(join(home, 'locks'), 'lock folder', { allowSymlink: false });
  if (problem) throw problem;
}

/** True when the home passes assertPrivateBrokerHome; for the hot path, which leaves refusing to cli-main. */
export function isPrivateBrokerHome(home: string): boolean {
  try {
    assertPrivateBrokerHome(home);
    return true;
  } catch {
    return false;
  }
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
