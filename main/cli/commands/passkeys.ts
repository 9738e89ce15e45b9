import { getAccount } from '../../core/accounts/account-store.js';
import { deletePasskey, listPasskeys } from '../../core/self-service/passkeys.js';
import type { PasskeyView } from '../../contract/sign-in-method.js';
import { defineCommand } from '../command.js';
import { recordCliActivity } from './cli-activity.js';
import { accessTokenFor, selfServiceOptions } from './self-service-cli.js';

/**
 * The signed-in user's passkeys. They are registered through the pool's managed login in a browser (the
 * broker never talks to an authenticator); here they are listed and deleted with the session's access token.
 */
export const passkeysListCommand = defineCommand({
  name: 'passkeys list',
  summary: "List the signed-in user's passkeys",
  usage: `cognito-broker passkeys list <account> [--json]`,
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const passkeys = await listPasskeys(account, await accessTokenFor(account, io), await selfServiceOptions(account, io));
    if (args.values.json === true) {
      io.stdout(`${JSON.stringify(passkeys)}\n`);
      return 0;
    }
    if (!passkeys.length) {
      io.stdout(`"${account.name}": no passkeys. Add one through the user pool's managed login in a browser.\n`);
      return 0;
    }
    for (const passkey of passkeys) io.stdout(`${describe(passkey)}\n`);
    return 0;
  },
});

export const passkeysDeleteCommand = defineCommand({
  name: 'passkeys delete',
  summary: "Delete one of the signed-in user's passkeys",
  usage: `cognito-broker passkeys delete <account> <credential-id>`,
  description: `Deletes the passkey with this id (the first column of \`cognito-broker passkeys list\`) from the user pool.
The authenticator (phone, security key, password manager) may keep its copy; it can no longer sign in.
`,
  options: {},
  arguments: ['account', undefined],
  positionals: [2, 2],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const credentialId = args.positionals[1] ?? '';
    await deletePasskey(account, await accessTokenFor(account, io), credentialId, await selfServiceOptions(account, io));
    await recordCliActivity(io, { kind: 'account', account: account.name, message: `Deleted a passkey of ${account.name}.` });
    io.stdout(`Deleted the passkey ${credentialId} of "${account.name}".\n`);
    return 0;
  },
});

function describe(passkey: PasskeyView): string {
  const details = [passkey.friendlyName, `created ${passkey.createdAt.slice(0, 10)}`, `for ${passkey.relyingPartyId}`, passkey.authenticatorAttachment].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  return `${passkey.credentialId}  ${details.join(', ')}`;
}
