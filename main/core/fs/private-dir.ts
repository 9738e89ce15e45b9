import { join } from 'node:path';
import { BrokerError } from '../errors.js';
import { privateDirFault } from './private-dir-check.js';

/**
 * The broker home holds what decides where a sign-in goes (accounts.json: endpoints, the auth flow), the
 * locks and markers other broker processes act on, the hand-off socket and its key. Another local user who
 * can write there, or who owns the folder, can plant or replace any of it: send a password to a foreign
 * endpoint, turn a lock or marker into a symbolic link that overwrites a file of ours. So a home (or its
 * locks/ folder) that is writable by group or others, or not owned by the user running the broker, is
 * refused with a sentence and the command that fixes it — never used as is. Checked synchronously with one
 * stat per folder (private-dir-check.ts, which the credential-process hot path uses without these sentences).
 */
export function privateDirProblem(path: string, what: string, options: { allowSymlink: boolean }): BrokerError | undefined {
  const finding = privateDirFault(path, options);
  if (finding === undefined) return undefined;
  const { fault, stats, uid } = finding;
  const quoted = (): string => shellQuote(path);
  if (fault === 'symlink') {
    return new BrokerError('config-io', `The ${what} ${path} is a symbolic link, which cognito-broker does not follow there.`, {
      hint: `Remove the link (rm ${quoted()}); cognito-broker creates a private folder in its place.`,
    });
  }
  if (fault === 'not-a-folder') {
    return new BrokerError('config-io', `The ${what} ${path} is not a folder.`, {
      hint: `Move it away (mv ${quoted()} ${shellQuote(`${path}.old`)}) and try again.`,
    });
  }
  if (fault === 'foreign-owner') {
    return new BrokerError('config-io', `The ${what} ${path} belongs to another user (uid ${stats.uid}), so cognito-broker will not trust what is in it.`, {
      hint: `Make it yours (chown -R ${uid} ${quoted()}, as root), or point COGNITO_BROKER_HOME at a folder of your own.`,
    });
  }
  // 'writable-by-others'
  return new BrokerError(
    'config-io',
    `The ${what} ${path} can be changed by other users (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}), so cognito-broker will not trust what is in it.`,
    {
      hint: `Make it private: chmod 700 ${quoted()}`,
    },
  );
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

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
