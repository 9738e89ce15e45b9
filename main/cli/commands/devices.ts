import { getAccount } from '../../core/accounts/account-store.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { deviceView } from '../../core/auth/devices/device-record.js';
import { devicesOf } from '../../core/auth/devices/device-store.js';
import { forgetThisComputer } from '../../core/credentials/forget-this-computer.js';
import { parseStoredSession } from '../../core/credentials/session-record.js';
import { secretKeys } from '../../core/keychain/secret-store.js';
import { defineCommand } from '../command.js';
import { recordCliActivity } from './cli-activity.js';
import { fields, humanTime, json } from './cli-output.js';

/**
 * This computer as a remembered device of an account's user (Cognito's device remembering). The device key,
 * group key and device password live in the keychain only; these commands show the key and date, never the
 * password, and forget the device at the user pool and here.
 */
export const devicesShowCommand = defineCommand({
  name: 'devices show',
  summary: 'Show whether this computer is a remembered device of the account',
  usage: `cognito-broker devices show <account> [--json]`,
  description: `Reads the keychain (no network): whether the user pool remembers this computer for the account's user, so
sign-ins here can skip MFA where the pool allows it, its device key and since when. The device password
that proves the device stays in the keychain and is never shown.
`,
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const { store } = composeBroker(io.home, io.env);
    const records = await devicesOf(store, account.name);
    const session = parseStoredSession(await store.get(secretKeys.session(account.name)));
    const record = records.find((r) => r.username === session?.username) ?? records[0];
    const view = deviceView(record);
    if (args.values.json === true) {
      io.stdout(json(view));
      return 0;
    }
    if (!record) {
      io.stdout(`"${account.name}": this computer is not a remembered device (the user pool may not remember devices, or it was forgotten).\n`);
      return 0;
    }
    io.stdout(
      fields([
        ['Account', account.name],
        ['User', record.username],
        ['Remembered', record.remembered ? 'yes: sign-ins here can skip MFA where the pool allows it' : 'no: tracked by the pool, MFA is still asked'],
        ['Device key', record.deviceKey],
        ['Since', humanTime(record.rememberedAt) ?? record.rememberedAt],
        ['Device password', 'in the keychain'],
      ]),
    );
    return 0;
  },
});

export const devicesForgetCommand = defineCommand({
  name: 'devices forget',
  summary: 'Forget this computer as a remembered device (at the user pool and in the keychain)',
  usage: `cognito-broker devices forget <account>`,
  description: `Tells the user pool to forget this computer (ForgetDevice, with the signed-in session) and deletes the
device key and device password from the keychain. The next sign-in asks for MFA again and, where the pool
leaves it to the user, asks again whether to remember this computer. The session itself stays signed in.
When the account is not signed in (or the pool cannot be reached) the keychain entries are still deleted;
the command says so and exits with 1, since the pool still lists the device.
`,
  options: {},
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const { home, env, store, auth } = composeBroker(io.home, io.env);
    const outcome = await forgetThisComputer({ home, env, store, auth }, account);
    if (outcome.removed === 0) {
      io.stdout(`"${account.name}": this computer was not a remembered device; nothing to forget.\n`);
      return 0;
    }
    await recordCliActivity(io, {
      kind: 'account',
      account: account.name,
      message: `Forgot this computer as a remembered device of ${account.name}.${outcome.forgottenAtPool ? '' : ' The user pool was not told.'}`,
    });
    if (!outcome.forgottenAtPool) {
      io.stdout(`Forgot this computer for "${account.name}" in the keychain.\n`);
      io.stderr(`cognito-broker: The user pool still lists this computer: ${outcome.poolError?.describe() ?? 'it could not be told.'}\n`);
      return 1;
    }
    io.stdout(`Forgot this computer for "${account.name}": the user pool no longer remembers it and its keychain entry is deleted.\n`);
    return 0;
  },
});
