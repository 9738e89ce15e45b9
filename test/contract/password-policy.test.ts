import { describe, expect, it } from 'vitest';
import { passwordPolicyProblem } from '../../../main/core/auth/password-policy.js';

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
