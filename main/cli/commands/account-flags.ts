import { accountSchema, endpointsSchema, type AccountEndpoints } from '../../core/accounts/account.js';
import { BrokerError } from '../../core/errors.js';
import type { ParsedArgs } from '../command.js';

/**
 * The account flags shared by `account add` and `account update`, each checked with the account schema's
 * own rule so a bad value is reported under the flag the person typed.
 */
export const FIELD_FLAGS = {
  region: 'region',
  'user-pool-id': 'userPoolId',
  'client-id': 'clientId',
  'identity-pool-id': 'identityPoolId',
  'auth-flow': 'authFlow',
  username: 'username',
  role: 'defaultRoleArn',
  issuer: 'issuer',
} as const;

export const ENDPOINT_FLAGS = {
  'endpoint-url-cognito-idp': 'cognitoIdentityProvider',
  'endpoint-url-cognito-identity': 'cognitoIdentity',
  'endpoint-url-sts': 'sts',
} as const;

export type FieldValues = Partial<Record<(typeof FIELD_FLAGS)[keyof typeof FIELD_FLAGS], string>>;

export function usageError(command: string, message: string): BrokerError {
  return new BrokerError('invalid-argument', message, { hint: `Run \`cognito-broker ${command} --help\` for the options.` });
}

/** Values of the field flags that were given, validated. */
export function fieldValues(args: ParsedArgs, command: string): FieldValues {
  const out: FieldValues = {};
  for (const [flag, field] of Object.entries(FIELD_FLAGS)) {
    const value = args.values[flag];
    if (typeof value !== 'string') continue;
    const checked = accountSchema.shape[field].safeParse(value);
    if (!checked.success) throw usageError(command, `--${flag}: ${flagRule(flag, checked.error.issues[0]?.message)}.`);
    out[field] = value;
  }
  return out;
}

function flagRule(flag: string, message: string | undefined): string {
  if (flag === 'auth-flow') return 'srp or password';
  if (flag === 'issuer') return "the http:// or https:// URL your emulator puts in its tokens' iss claim";
  return message ?? 'not valid';
}

/** Endpoint overrides that were given, validated; undefined when none. */
export function endpointValues(args: ParsedArgs, command: string): AccountEndpoints | undefined {
  const endpoints: Record<string, string> = {};
  for (const [flag, field] of Object.entries(ENDPOINT_FLAGS)) {
    const value = args.values[flag];
    if (typeof value !== 'string') continue;
    if (!endpointsSchema.shape[field].safeParse(value).success) throw usageError(command, `--${flag}: an http:// or https:// URL.`);
    endpoints[field] = value;
  }
  return Object.keys(endpoints).length ? endpoints : undefined;
}

export const accountFieldOptions = {
  region: { type: 'string' },
  'user-pool-id': { type: 'string' },
  'client-id': { type: 'string' },
  'identity-pool-id': { type: 'string' },
  'auth-flow': { type: 'string' },
  username: { type: 'string' },
  role: { type: 'string' },
  issuer: { type: 'string' },
  'endpoint-url-cognito-idp': { type: 'string' },
  'endpoint-url-cognito-identity': { type: 'string' },
  'endpoint-url-sts': { type: 'string' },
} as const;
