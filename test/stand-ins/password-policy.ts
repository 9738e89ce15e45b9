/**
 * A user pool's password policy, checked the way Cognito does (cognito-local stores the policy but never
 * applies it). The messages are AWS's: InvalidPasswordException "Password did not conform with policy:
 * <reason>". Symbols are the characters AWS lists as special, plus a space that is neither leading nor
 * trailing.
 */
export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
}

/** AWS's defaults for a pool created without a policy. */
export const DEFAULT_PASSWORD_POLICY: Required<PasswordPolicy> = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
};

const SYMBOLS = new Set('^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+-'.split(''));

function hasSymbol(password: string): boolean {
  const inner = password.slice(1, -1);
  return [...password].some((c) => SYMBOLS.has(c)) || inner.includes(' ');
}

/** The reason a password breaks the policy, or undefined when it complies. */
export function passwordPolicyViolation(password: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string | undefined {
  if (password.length < (policy.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength)) return 'Password not long enough';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !hasSymbol(password)) return 'Password must have symbol characters';
  return undefined;
}
