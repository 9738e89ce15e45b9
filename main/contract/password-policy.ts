/**
 * A user pool's password policy and the one place its rules are checked: the core (before it sends a new
 * password, so the person hears what is missing without a round trip) and the window (the checklist shown as
 * the person types) both use these rules, so they cannot disagree about what a password needs.
 */
export interface PasswordPolicy {
  minimumLength?: number;
  requireUppercase?: boolean;
  requireLowercase?: boolean;
  requireNumbers?: boolean;
  requireSymbols?: boolean;
}

/** One rule of a policy, met or not, in the words of the window's checklist. */
export interface PolicyCheck {
  label: string;
  met: boolean;
}

/** Cognito's symbol set for RequireSymbols. */
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

interface PasswordRule {
  /** Checklist line, e.g. "An uppercase letter". */
  label: string;
  /** The same rule inside a sentence, e.g. "an upper-case letter". */
  requirement: string;
  met(password: string): boolean;
}

/** The rules a policy sets, in the order they are listed everywhere; none when the policy is unknown. */
function rulesOf(policy: PasswordPolicy | undefined): PasswordRule[] {
  if (!policy) return [];
  const rules: PasswordRule[] = [];
  // A minimum of 0 (or none) is no rule at all.
  const min = policy.minimumLength;
  if (min) rules.push({ label: `At least ${min} characters`, requirement: `at least ${min} characters`, met: (p) => p.length >= min });
  if (policy.requireUppercase) rules.push({ label: 'An uppercase letter', requirement: 'an upper-case letter', met: (p) => /[A-Z]/.test(p) });
  if (policy.requireLowercase) rules.push({ label: 'A lowercase letter', requirement: 'a lower-case letter', met: (p) => /[a-z]/.test(p) });
  if (policy.requireNumbers) rules.push({ label: 'A number', requirement: 'a digit', met: (p) => /[0-9]/.test(p) });
  if (policy.requireSymbols) rules.push({ label: 'A symbol such as ! or #', requirement: 'a symbol', met: (p) => SYMBOLS.test(p) });
  return rules;
}

/** One line per rule of the pool's policy, met or not, for the checklist shown as the person types. */
export function checkPassword(password: string, policy: PasswordPolicy | undefined): PolicyCheck[] {
  return rulesOf(policy).map((rule) => ({ label: rule.label, met: rule.met(password) }));
}

/**
 * Check a new password against a known policy before sending it. Returns the reason it fails in one
 * sentence (never echoing the password), or undefined when it passes or the policy is unknown.
 */
export function passwordPolicyProblem(password: string, policy: PasswordPolicy | undefined): string | undefined {
  const missing = rulesOf(policy)
    .filter((rule) => !rule.met(password))
    .map((rule) => rule.requirement);
  return missing.length === 0 ? undefined : `The new password needs ${missing.join(', ')}.`;
}
