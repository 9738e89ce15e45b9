import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../../main/contract/error-codes.js';
import { BrokerError } from '../../main/core/errors.js';

describe('error codes', () => {
  it('are listed once each, and only listed codes are recognised', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) expect(isErrorCode(code)).toBe(true);
    for (const other of ['not-authorized', 'expired', '', 'WRONG-PASSWORD', 42, undefined]) expect(isErrorCode(other)).toBe(false);
  });

  it('a wrong password has its own code, apart from other refused sign-ins', () => {
    expect(ERROR_CODES).toContain('wrong-password');
    expect(ERROR_CODES).toContain('auth-failed');
    expect(new BrokerError('wrong-password', 'The username or password is not right.').code).toBe('wrong-password');
  });
});
