import { addAccount, removeAccount } from '../../core/accounts/account-store.js';
import { REGION_PATTERN, type AccountInput } from '../../core/accounts/account.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { secretKeys } from '../../core/keychain/secret-store.js';
import { defineCommand } from '../command.js';
import { openTerminal, readTerminalLine } from '../terminal.js';
import { accountFieldOptions, checkFirstFactor, endpointValues, fieldValues, hostedUiValues, usageError as commandUsageError } from './account-flags.js';
import { readStdinLines } from './read-stdin.js';

const usageError = (message: string) => commandUsageError('account add', message);

const REQUIRED = ['user-pool-id', 'client-id', 'identity-pool-id'] as const;

const FLOW_NAMES: Record<AccountInput['authFlow'] & string, string> = {
  srp: 'SRP sign-in',
  password: 'password sign-in',
  'user-auth': 'choice-based sign-in',
};

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

export const accountAddCommand = defineCommand({
  name: 'account add',
  summary: 'Register an account (a user pool, app client and identity pool)',
  usage: `cognito-broker account add <name> --user-pool-id ID --client-id ID --identity-pool-id ID [options]`,
  description: `Registers an account in the accounts file. Nothing secret is written there: a client secret goes to the
OS keychain.

Arguments:
  <name>                                 letters, digits, dot, dash or underscore
`,
  examples: `Example:
  cognito-broker account add work --user-pool-id eu-west-1_AbC123 --client-id 1example23456789 \\
    --identity-pool-id eu-west-1:11111111-2222-3333-4444-555555555555
`,
  options: {
    ...accountFieldOptions,
    'client-secret-stdin': {
      type: 'boolean',
      help: "read the app client's secret from stdin, or ask for it hidden at a terminal (kept in the keychain)",
    },
  },
  positionals: [1, 1],
  async run(args, io) {
    const name = args.positionals[0] ?? '';
    const v = args.values;
    for (const flag of REQUIRED) if (typeof v[flag] !== 'string') throw usageError(`account add needs --${flag}.`);
    const userPoolId = v['user-pool-id'] as string;
    const region = typeof v.region === 'string' ? v.region : regionFromPoolId(userPoolId);
    if (!region) throw usageError(`The region cannot be read from the user pool id "${userPoolId}": pass --region.`);

    const fields = fieldValues(args, 'account add');
    checkFirstFactor('account add', fields);
    const input: Record<string, unknown> = { name, ...fields, region };
    const endpoints = endpointValues(args, 'account add');
    if (endpoints) input.endpoints = endpoints;
    const hostedUi = hostedUiValues(args, 'account add');
    if (hostedUi) input.hostedUi = hostedUi;

    let secret: string | undefined;
    if (v['client-secret-stdin'] === true) {
      secret = (await readClientSecret(io.stdin))?.trim();
      if (!secret) throw usageError('The client secret read from stdin is empty.');
      input.hasClientSecret = true;
    }

    // The file is written first: adding refuses an existing name, so a secret is never stored over the
    // secret of another account with the same name. A keychain failure undoes the add.
    // Built from flags whose values were checked one by one; addAccount checks the whole against the schema.
    const account = await addAccount(io.home, input as unknown as AccountInput);
    if (secret !== undefined) {
      try {
        await composeBroker(io.home, io.env).store.set(secretKeys.clientSecret(account.name), secret);
      } catch (error) {
        await removeAccount(io.home, account.name).catch(() => undefined);
        throw error;
      }
    }
    io.stdout(
      `Added account "${account.name}" (${account.region}, ${FLOW_NAMES[account.authFlow]}${account.hasClientSecret ? ', client secret in the keychain' : ''}).\n`,
    );
    io.stdout(`Next: cognito-broker login ${account.name}\n`);
    return 0;
  },
});
