import { BrokerError } from '../errors.js';

/** Names we write as profiles: safe in a section header, a shell and a file name alike. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/;

export function assertProfileName(name: string): string {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new BrokerError('invalid-argument', `"${name}" cannot be used as a profile name.`, {
      hint: 'Use letters, digits, dot, dash, underscore, @ or +, starting with a letter or digit (at most 128).',
    });
  }
  return name;
}

/** `dev` + `arn:aws:iam::123456789012:role/team/Admin` → `dev-Admin`. */
export function defaultProfileName(account: string, roleArn?: string): string {
  if (!roleArn) return account;
  const role = roleArn.slice(roleArn.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9._@+-]/g, '-');
  return `${account}-${role}`;
}
