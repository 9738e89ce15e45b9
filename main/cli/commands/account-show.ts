import { FIRST_FACTOR_LABELS } from '../../contract/sign-in-method.js';
import { getAccount } from '../../core/accounts/account-store.js';
import type { Account } from '../../core/accounts/account.js';
import { acceptedIssuers } from '../../core/aws/endpoints.js';
import { defineCommand } from '../command.js';
import { fields, json } from './cli-output.js';

const AUTH_FLOW_TEXT: Record<Account['authFlow'], string> = {
  srp: 'srp (password never sent)',
  password: 'password',
  'user-auth': 'user-auth (choice-based: password, one-time codes, passkeys)',
};

export const accountShowCommand = defineCommand({
  name: 'account show',
  summary: "Show one account's definition",
  usage: `cognito-broker account show <name> [--json]`,
  description: `Shows the definition of one account. The client secret, if any, stays in the keychain and is never shown.
`,
  options: { json: { type: 'boolean', help: 'print the definition as JSON' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    if (args.values.json === true) {
      io.stdout(json(account));
      return 0;
    }
    io.stdout(
      fields([
        ['Name', account.name],
        ['Region', account.region],
        ['User pool', account.userPoolId],
        ['App client', account.clientId],
        ['Client secret', account.hasClientSecret ? 'in the keychain' : 'none'],
        ['Identity pool', account.identityPoolId],
        ['Sign-in flow', AUTH_FLOW_TEXT[account.authFlow]],
        ['First factor', account.firstFactor === undefined ? undefined : FIRST_FACTOR_LABELS[account.firstFactor]],
        ['Username', account.username],
        ['Default role', account.defaultRoleArn],
        ['User pool endpoint', account.endpoints?.cognitoIdentityProvider],
        ['Identity pool endpoint', account.endpoints?.cognitoIdentity],
        ['STS endpoint', account.endpoints?.sts],
        ['Token issuer', tokenIssuerLine(account)],
        ['Managed login', account.hostedUi?.domain],
        ['Basic flow', account.basicFlow ? `${account.basicFlow.durationSeconds} s sessions` : undefined],
      ]),
    );
    return 0;
  },
});

/** Which `iss` the broker trusts for this account, and why: the person can compare it with their tokens. */
function tokenIssuerLine(account: Account): string {
  if (account.issuer !== undefined) return `${account.issuer} (set for an emulator; AWS's issuers are not accepted)`;
  const accepted = acceptedIssuers(account);
  return accepted.length === 0 ? 'unknown: the pool id names no AWS Region (set --issuer for an emulator)' : `${accepted.join(' or ')} (AWS)`;
}
