/**
 * What an account name may be. Free of any schema library, because the credential-process hot path
 * (cli/hot-request.ts) must check a name before it builds a lock path from it, and loads nothing it does not need.
 * The pattern is the contract's, shared with the window's account form.
 */
import { ACCOUNT_NAME_PATTERN } from '../../contract/account-input.js';

export { ACCOUNT_NAME_PATTERN };

export function isValidAccountName(name: string): boolean {
  return ACCOUNT_NAME_PATTERN.test(name);
}
