import { accountSchema, endpointsSchema, type AccountEndpoints } from '../../core/accounts/account.js';
import { BrokerError } from '../../core/errors.js';
import type { CliOptions } from '../cli-options.js';
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

/** The options behind FIELD_FLAGS and ENDPOINT_FLAGS, in the order help lists them. */
export const accountFieldOptions = {
  region: { type: 'string', value: 'R', help: 'AWS region (inferred from the user pool id when omitted)' },
  'user-pool-id': { type: 'string', value: 'ID', help: 'user pool, such as eu-west-1_AbC123' },
  'client-id': { type: 'string', value: 'ID', help: 'app client id' },
  'identity-pool-id': { type: 'string', value: 'ID', help: 'identity pool, such as eu-west-1:1234abcd-...' },
  'auth-flow': {
    type: 'string',
    value: 'srp|password',
    completes: ['srp', 'password'],
    help: 'sign-in flow (default srp: the password never leaves this machine)',
  },
  username: { type: 'string', value: 'U', help: 'default username for login' },
  role: { type: 'string', value: 'ARN', completes: 'role', help: 'default IAM role (one of the roles your groups allow)' },
  'endpoint-url-cognito-idp': { type: 'string', value: 'URL', help: 'user pool endpoint override (local emulators)' },
  'endpoint-url-cognito-identity': { type: 'string', value: 'URL', help: 'identity pool endpoint override' },
  'endpoint-url-sts': { type: 'string', value: 'URL', help: 'STS endpoint override' },
  issuer: {
    type: 'string',
    value: 'URL',
    help: 'only for an emulator that signs tokens with its own address: the exact iss of its tokens (AWS pools never need it; an endpoint alone never changes which issuer is trusted)',
  },
} as const satisfies CliOptions;
