import { ROLE_ARN_PATTERN } from '../../core/accounts/account.js';
import { BrokerError } from '../../core/errors.js';
import type { CliOptions } from '../cli-options.js';
import type { ParsedArgs } from '../command.js';

export const DEFAULT_WAIT_SECONDS = 120;

/** `--role` and `--wait`, shared by credential-process, export, exec and console. */
export const credentialOptions = {
  role: { type: 'string', value: 'ARN', completes: 'role', help: "an IAM role your groups grant (default: the account's default role)" },
  wait: {
    type: 'string',
    value: 'SECONDS',
    help: `how long to wait for a sign-in through the app when the session expired (default ${DEFAULT_WAIT_SECONDS})`,
  },
} as const satisfies CliOptions;

export function roleOption(args: ParsedArgs, command: string): string | undefined {
  const role = args.values.role;
  if (role === undefined) return undefined;
  if (typeof role !== 'string' || !ROLE_ARN_PATTERN.test(role)) {
    throw new BrokerError('invalid-argument', `--role needs an IAM role ARN such as arn:aws:iam::123456789012:role/Developer.`, {
      hint: `Run \`cognito-broker roles <account>\` to list your roles, or \`cognito-broker ${command} --help\`.`,
    });
  }
  return role;
}

export function secondsOption(args: ParsedArgs, name: string, fallback: number, command: string): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  const seconds = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new BrokerError('invalid-argument', `--${name} needs a number of seconds (0 or more).`, { hint: `Run \`cognito-broker ${command} --help\`.` });
  }
  return seconds;
}
