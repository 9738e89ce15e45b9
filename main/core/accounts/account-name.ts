/**
 * What an account name may be. In its own file, free of any schema library, because the credential-process
 * hot path (cli/entry.ts) must check a name before it builds a lock path from it, and loads nothing it does
 * not need. Names become file names (locks/refresh-<name>-…) and keychain keys, so no slash, no dot-dot.
 */
export const ACCOUNT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isValidAccountName(name: string): boolean {
  return ACCOUNT_NAME_PATTERN.test(name);
}
