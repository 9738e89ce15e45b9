import { DEFAULT_PASSWORD_POLICY, passwordPolicyViolation } from './password-policy.js';

describe('passwordPolicyViolation', () => {
  it('accepts a password that meets AWS default policy', () => {
    expect(passwordPolicyViolation('Good-Passw0rd')).toBeUndefined();
    expect(passwordPolicyViolation('Space inside 9A')).toBeUndefined();
  });
  it.each([
    ['Sh0rt!', 'Password not long enough'],
    ['NO-LOWER-CASE-1', 'Password must have lowercase characters'],
    ['no-upper-case-1', 'Password must have uppercase characters'],
    ['No-Numbers-Here', 'Password must have numeric characters'],
    ['NoSymbols123', 'Password must have symbol characters'],
    [' Trailing9Aa ', 'Password must have symbol characters'],
  ])('%s → %s', (password, reason) => {
    expect(passwordPolicyViolation(password, DEFAULT_PASSWORD_POLICY)).toBe(reason);
  });
  it('applies only what the pool requires', () => {
    expect(passwordPolicyViolation('alllowercase', { MinimumLength: 6 })).toBeUndefined();
    expect(passwordPolicyViolation('abc', { MinimumLength: 6 })).toBe('Password not long enough');
  });
});
