import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { importAccounts } from '../../core/accounts/account-store.js';
import { BrokerError } from '../../core/errors.js';
import { defineCommand } from '../command.js';

export const accountImportCommand = defineCommand({
  name: 'account import',
  summary: "Add accounts from an administrator's JSON file",
  usage: `cognito-broker account import <file.json>`,
  description: `Adds the accounts of a JSON file an administrator distributes: one account object, a list of them, or
{"version": 1, "accounts": [...]}. Every entry is checked before any is added; nothing is imported when
one is invalid or a name already exists. Account files never hold secrets.

Example file:
  [{ "name": "team-dev", "region": "eu-west-1", "userPoolId": "eu-west-1_AbC123",
     "clientId": "1example23456789", "identityPoolId": "eu-west-1:11111111-2222-3333-4444-555555555555" }]
`,
  options: {},
  arguments: ['file'],
  positionals: [1, 1],
  async run(args, io) {
    const path = resolve(args.positionals[0] ?? '');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new BrokerError('invalid-argument', `Cannot read ${path} (${code}).`, { hint: 'Check the path of the file to import.' });
    }
    const imported = await importAccounts(io.home, text, path);
    io.stdout(`Imported ${imported.length} account${imported.length === 1 ? '' : 's'}: ${imported.map((a) => a.name).join(', ')}.\n`);
    const needSecret = imported.filter((a) => a.hasClientSecret).map((a) => a.name);
    if (needSecret.length) {
      io.stderr(
        `Note: ${needSecret.join(', ')} ${needSecret.length === 1 ? 'uses an app client with a secret' : 'use app clients with secrets'}, which import files never carry. ` +
          'Remove and add the account with --client-secret-stdin to store it in the keychain.\n',
      );
    }
    return 0;
  },
});
