import { describe, expect, it } from 'vitest';
import { checkPassword, passwordPolicyProblem } from '../../main/contract/password-policy.js';

describe('passwordPolicyProblem', () => {
  const policy = { minimumLength: 10, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true };

  it('passes a password that meets every rule, and anything when the policy is unknown', () => {
    expect(passwordPolicyProblem('Abcdefgh1!', policy)).toBeUndefined();
    expect(passwordPolicyProblem('x', undefined)).toBeUndefined();
  });

  it('says everything that is missing in one sentence, without echoing the password', () => {
    const problem = passwordPolicyProblem('short', policy);
    expect(problem).toBe('The new password needs at least 10 characters, an upper-case letter, a digit, a symbol.');
    expect(problem).not.toContain('short');
  });
});

describe('one set of rules for the window and the core', () => {
  const policy = { minimumLength: 10, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true };

  it('the checklist marks unmet exactly the rules the core names as missing', () => {
    for (const password of ['short', 'ALLUPPERCASE1!', 'lowercase-only', 'Abcdefgh1!', '']) {
      const unmet = checkPassword(password, policy).filter((c) => !c.met).length;
      const problem = passwordPolicyProblem(password, policy);
      expect(problem === undefined ? 0 : problem.split(', ').length).toBe(unmet);
    }
  });

  it('a minimum length of 0 is no rule', () => {
    expect(checkPassword('', { minimumLength: 0 })).toEqual([]);
    expect(passwordPolicyProblem('', { minimumLength: 0 })).toBeUndefined();
  });
});
