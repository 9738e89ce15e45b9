import { BrokerError } from '../errors.js';

/**
 * Turns a Node file-system error into one sentence a person can act on. Only the path and the error code
 * go into the message: file contents never do, because the files we touch may hold secrets.
 */
const reasons: Record<string, { reason: string; hint: string }> = {
  EACCES: { reason: 'permission denied', hint: 'Check the permissions of the file and of its folder, then try again.' },
  EPERM: { reason: 'the operation is not permitted', hint: 'Check the permissions and attributes (e.g. immutable) of the file and its folder.' },
  ENOSPC: { reason: 'the disk is full', hint: 'Free some disk space and try again; the file was left as it was.' },
  EDQUOT: { reason: 'the disk quota is exceeded', hint: 'Free some space in your quota and try again; the file was left as it was.' },
  EISDIR: { reason: 'it is a directory, not a file', hint: 'Move that directory out of the way (or point the setting at a file) and try again.' },
  ENOTDIR: { reason: 'part of its path is not a directory', hint: 'Check the path: one of its folders is a file.' },
  EROFS: { reason: 'the file system is read-only', hint: 'Make the file system writable, or point the setting at a writable file.' },
  READONLY: { reason: 'the file is read-only', hint: 'Make it writable (chmod u+w) if you want cognito-broker to change it; it was left as it was.' },
  ENOENT: { reason: 'it or its folder does not exist', hint: 'Check the path and try again.' },
  ELOOP: { reason: 'it is a symbolic link loop', hint: 'Fix the symbolic link so it points at a real file.' },
  EMFILE: { reason: 'too many files are open', hint: 'Close some programs and try again.' },
  EIO: { reason: 'an input/output error happened', hint: 'Check the disk, then try again.' },
};

export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** `action` is a verb phrase such as "write" or "read". */
export function ioError(action: string, path: string, error: unknown): BrokerError {
  if (error instanceof BrokerError) return error;
  const code = errnoCode(error);
  const known = code ? reasons[code] : undefined;
  const reason = known ? known.reason : code ? `error ${code}` : 'an unexpected error';
  return new BrokerError('config-io', `Could not ${action} ${path}: ${reason}.`, {
    hint: known?.hint ?? 'Check the file and its folder, then try again.',
    cause: error,
  });
}
