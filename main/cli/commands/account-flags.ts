import { accountSchema, endpointsSchema, hostedUiSchema, type AccountEndpoints, type Account } from '../../core/accounts/account.js';
import { FIRST_FACTORS } from '../../contract/sign-in-method.js';
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
  'first-factor': 'firstFactor',
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
  if (flag === 'auth-flow') return 'srp, password or user-auth';
  if (flag === 'first-factor') return FIRST_FACTORS.join(', ');
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

/**
 * Managed-login settings from --hosted-ui-domain and --redirect-port, merged over the account's current ones
 * (`account update`); undefined when neither flag was given. The other settings (scopes, identity provider,
 * callback path) keep their values or defaults; an account file sets them all.
 */
export function hostedUiValues(args: ParsedArgs, command: string, current?: Account['hostedUi']): Account['hostedUi'] | undefined {
  const domain = args.values['hosted-ui-domain'];
  const port = args.values['redirect-port'];
  if (typeof domain !== 'string' && typeof port !== 'string') return undefined;
  const redirectPort = typeof port === 'string' ? Number(port) : current?.redirectPort;
  if (typeof port === 'string' && !/^\d{1,5}$/.test(port)) throw usageError(command, '--redirect-port: a port number from 1 to 65535.');
  const next = { ...current, ...(typeof domain === 'string' ? { domain } : {}), ...(redirectPort === undefined ? {} : { redirectPort }) };
  if (next.domain === undefined) throw usageError(command, '--redirect-port needs --hosted-ui-domain (this account has no managed login yet).');
  if (next.redirectPort === undefined)
    throw usageError(command, "--hosted-ui-domain needs --redirect-port, the port of the app client's loopback callback URL.");
  const checked = hostedUiSchema.safeParse(next);
  if (!checked.success) {
    const bad =
      checked.error.issues[0]?.path[0] === 'redirectPort'
        ? '--redirect-port: a port number from 1 to 65535.'
        : '--hosted-ui-domain: an https:// URL (http:// for a local stand-in).';
    throw usageError(command, bad);
  }
  return checked.data;
}

/** `--first-factor` belongs to choice-based sign-in; with another flow it would silently do nothing. */
export function checkFirstFactor(command: string, account: { authFlow?: string; firstFactor?: string }): void {
  if (account.firstFactor !== undefined && account.authFlow !== 'user-auth') {
    throw usageError(command, '--first-factor is for choice-based sign-in: also give --auth-flow user-auth.');
  }
}

/** The options behind FIELD_FLAGS and ENDPOINT_FLAGS, in the order help lists them. */
export const accountFieldOptions = {
  region: { type: 'string', value: 'R', help: 'AWS region (inferred from the user pool id when omitted)' },
  'user-pool-id': { type: 'string', value: 'ID', help: 'user pool, such as eu-west-1_AbC123' },
  'client-id': { type: 'string', value: 'ID', help: 'app client id' },
  'identity-pool-id': { type: 'string', value: 'ID', help: 'identity pool, such as eu-west-1:1234abcd-...' },
  'auth-flow': {
    type: 'string',
    value: 'srp|password|user-auth',
    completes: ['srp', 'password', 'user-auth'],
    help: 'sign-in flow (default srp: the password never leaves this machine; user-auth: choice-based, with one-time codes and passkeys)',
  },
  'first-factor': {
    type: 'string',
    value: 'F',
    completes: FIRST_FACTORS,
    help: `with --auth-flow user-auth: how to sign in unless login --method says otherwise (${FIRST_FACTORS.join(', ')}; default: a choice of what the pool offers)`,
  },
  'hosted-ui-domain': {
    type: 'string',
    value: 'URL',
    help: "the user pool's managed-login domain (https://<prefix>.auth.<region>.amazoncognito.com or its custom domain): sign-in through the browser, and passkeys",
  },
  'redirect-port': {
    type: 'string',
    value: 'PORT',
    help: 'with --hosted-ui-domain: the loopback port of the callback URL http://localhost:PORT/callback the app client allows',
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
