import type { PasswordPolicy } from '../../../main/contract/password-policy.js';

/** A pool policy with every rule on, so each checklist line can be watched turning from "not yet" to "met". */
export const STRICT_POLICY: PasswordPolicy = { minimumLength: 10, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true };

export const GOOD_PASSWORD = 'abcDEF123!xy';
