import { addAccount, removeAccount } from '../../core/accounts/account-store.js';
import { accountSchema, endpointsSchema, REGION_PATTERN, type AccountInput } from '../../core/accounts/account.js';
import { BrokerError } from '../../core/errors.js';
import { keyringStore } from '../../core/keychain/keyring-store.js';
import { secretKeys } from '../../core/keychain/secret-store.js';
import type { CliCommand } from '../command.js';
import { openTerminal, readTerminalLine } from '../terminal-prompter.js';
import { readStdinLines } from './read-stdin.js';

/** Flag → account field, so a bad value is reported under the flag the person typed. */
const FLAG_FIELDS = {
  region: 'region',
  'user-pool-id': 'userPoolId',
  'client-id': 'clientId',
  'identity-pool-id': 'identityPoolId',
  'auth-flow': 'authFlow',
  username: 'username',
  role: 'defaultRoleArn',
} as const;

const ENDPOINT_FLAGS = {
  'endpoint-url-cognito-idp': 'cognitoIdentityProvider',
  'endpoint-url-cognito-identity': 'cognitoIdentity',
  'endpoint-url-sts': 'sts',
} as const;

const REQUIRED = ['user-pool-id', 'client-id', 'identity-pool-id'] as const;

function usageError(message: string): BrokerError {
  return new BrokerError('invalid-argument', message, { hint: 'Run `cognito-broker account add --help` for the options.' });
}

/**
 * The secret from a pipe, or typed hidden when stdin is the terminal itself (so it is neither echoed nor
 * left waiting for Ctrl-D).
 */
async function readClientSecret(stdin: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string | undefined> {
  if (stdin.isTTY) {
    const term = openTerminal();
    if (term) {
      try {
        return await readTerminalLine(term, true, 'Client secret: ');
      } finally {
        term.close();
      }
    }
  }
  return (await readStdinLines(stdin, 'the client secret'))[0];
}

/** `eu-west-1_AbC123` → `eu-west-1`; emulator ids such as `local_x` carry no region. */
export function regionFromPoolId(userPoolId: string): string | undefined {
  const prefix = userPoolId.split('_')[0] ?? '';
  return REGION_PATTERN.test(prefix) ? prefix : undefined;
}

export const accountAddCommand: CliCommand = {
  name: 'account add',
  summary: 'Register an account (a user pool, app client and identity pool)',
  help: `Usage: cognito-broker account add <name> --user-pool-id ID --client-id ID --identity-pool-id ID [options]

Registers an account in the accounts file. Nothing secret is written there: a client secret goes to the
OS keychain.

Arguments:
  <name>                                 letters, digits, dot, dash or underscore

Options:
  --region R                             AWS region (inferred from the user pool id when omitted)
  --user-pool-id ID                      user pool, such as eu-west-1_AbC123
  --client-id ID                         app client id
  --identity-pool-id ID                  identity pool, such as eu-west-1:1234abcd-...
  --auth-flow srp|password               sign-in flow (default srp: the password never leaves this machine)
  --username U                           default username for login
  --role ARN                             default IAM role (one of the roles your groups allow)
  --client-secret-stdin                  read the app client's secret from stdin, or ask for it hidden at a
                                         terminal (kept in the keychain)
  --endpoint-url-cognito-idp URL         user pool endpoint override (local emulators)
  --endpoint-url-cognito-identity URL    identity pool endpoint override
  --endpoint-url-sts URL                 STS endpoint override

Example:
  cognito-broker account add work --user-pool-id eu-west-1_AbC123 --client-id 1example23456789 \\
    --identity-pool-id eu-west-1:11111111-2222-3333-4444-555555555555
`,
  options: {
    region: { type: 'string' },
    'user-pool-id': { type: 'string' },
    'client-id': { type: 'string' },
    'identity-pool-id': { type: 'string' },
    'auth-flow': { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
    'client-secret-stdin': { type: 'boolean' },
    'endpoint-url-cognito-idp': { type: 'string' },
    'endpoint-url-cognito-identity': { type: 'string' },
    'endpoint-url-sts': { type: 'string' },
  },
  positionals: [1, 1],
  async run(args, io) {
    const name = args.positionals[0] ?? '';
    const v = args.values;
    for (const flag of REQUIRED) if (typeof v[flag] !== 'string') throw usageError(`account add needs --${flag}.`);
    const userPoolId = v['user-pool-id'] as string;
    const region = typeof v.region === 'string' ? v.region : regionFromPoolId(userPoolId);
    if (!region) throw usageError(`The region cannot be read from the user pool id "${userPoolId}": pass --region.`);

    const input: Record<string, unknown> = { name, region };
    for (const [flag, field] of Object.entries(FLAG_FIELDS)) {
      const value = flag === 'region' ? region : v[flag];
      if (typeof value !== 'string') continue;
      const checked = accountSchema.shape[field].safeParse(value);
      if (!checked.success) throw usageError(`--${flag}: ${flag === 'auth-flow' ? 'srp or password' : (checked.error.issues[0]?.message ?? 'not valid')}.`);
      input[field] = value;
    }
    const endpoints: Record<string, string> = {};
    for (const [flag, field] of Object.entries(ENDPOINT_FLAGS)) {
      const value = v[flag];
      if (typeof value !== 'string') continue;
      if (!endpointsSchema.shape[field].safeParse(value).success) throw usageError(`--${flag}: an http:// or https:// URL.`);
      endpoints[field] = value;
    }
    if (Object.keys(endpoints).length) input.endpoints = endpoints;

    let secret: string | undefined;
    if (v['client-secret-stdin'] === true) {
      secret = (await readClientSecret(io.stdin))?.trim();
      if (!secret) throw usageError('The client secret read from stdin is empty.');
      input.hasClientSecret = true;
    }

    // The file is written first: adding refuses an existing name, so a secret is never stored over the
    // secret of another account with the same name. A keychain failure undoes the add.
    const account = await addAccount(io.home, input as AccountInput);
    if (secret !== undefined) {
      try {
        await keyringStore(io.home).set(secretKeys.clientSecret(account.name), secret);
      } catch (error) {
        await removeAccount(io.home, account.name).catch(() => undefined);
        throw error;
      }
    }
    io.stdout(`Added account "${account.name}" (${account.region}, ${account.authFlow === 'srp' ? 'SRP sign-in' : 'password sign-in'}${account.hasClientSecret ? ', client secret in the keychain' : ''}).\n`);
    io.stdout(`Next: cognito-broker login ${account.name}\n`);
    return 0;
  },
};
