import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRole } from '../../../main/core/credentials/roles.js';
import { BrokerError } from '../../../main/core/errors.js';

const arn = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/).map((n) => `arn:aws:iam::123456789012:role/${n}`);

describe('resolveRole (properties)', () => {
  it('never asks for a role the token does not grant, and refuses a foreign request without a network call', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arn, { maxLength: 5 }),
        fc.option(arn, { nil: undefined }),
        fc.option(arn, { nil: undefined }),
        fc.boolean(),
        (roles, requested, accountDefault, hasPreferred) => {
          const preferred = hasPreferred && roles.length > 0 ? roles[roles.length - 1] : undefined;
          const claims = { 'cognito:roles': roles, ...(preferred ? { 'cognito:preferred_role': preferred } : {}) };
          let choice;
          try {
            choice = resolveRole(claims, { ...(requested ? { requested } : {}), ...(accountDefault ? { accountDefault } : {}) });
          } catch (error) {
            expect(error).toBeInstanceOf(BrokerError);
            expect((error as BrokerError).code).toBe('role-not-allowed');
            expect(requested !== undefined && !roles.includes(requested)).toBe(true);
            return;
          }
          if (choice.roleArn !== undefined) expect(roles).toContain(choice.roleArn);
          if (requested !== undefined) expect(choice.roleArn).toBe(requested);
          else if (accountDefault !== undefined && roles.includes(accountDefault)) expect(choice.roleArn).toBe(accountDefault);
          else expect(choice.roleArn).toBe(preferred);
          expect(choice.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
