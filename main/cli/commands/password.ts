import { getAccount } from '../../core/accounts/account-store.js';
import { changePassword, confirmForgotPassword, forgotPassword } from '../../core/self-service/password.js';
import { defineCommand } from '../command.js';
import { BrokerError } from '../../core/errors.js';
import {
  accessTokenFor,
  describeDelivery,
  passwordPolicyNote,
  readCode,
  readSecrets,
  selfServiceOptions,
  usernameOption,
  USERNAME_OPTION,
  CODE_OPTION,
  CODE_STDIN_OPTION,
} from './self-service-cli.js';

export const passwordForgotCommand = defineCommand({
  name: 'password forgot',
  summary: 'Ask the user pool for a password-reset code',
  usage: `cognito-broker password forgot <account> [--username U]`,
  description: `Sends a reset code to the user's verified e-mail address or phone; then run \`cognito-broker password reset\`.
`,
  options: { username: USERNAME_OPTION },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const username = usernameOption(args, account, 'password forgot');
    const delivery = await forgotPassword(account, username, await selfServiceOptions(account, io));
    io.stdout(
      `For "${username}", ${describeDelivery(delivery)}.\nChoose a new password with: cognito-broker password reset ${account.name} --username ${username} (it asks for the code)\n`,
    );
    return 0;
  },
});

export const passwordResetCommand = defineCommand({
  name: 'password reset',
  summary: 'Set a new password with a reset code',
  usage: `cognito-broker password reset <account> [--username U] [--code-stdin] [--new-password-stdin]`,
  description: `Sets a new password with the code from \`cognito-broker password forgot\`. The code is typed on the terminal,
or read from the first line of stdin with --code-stdin (never from the command line, where every user of
this computer could read it and set the password). The new password is typed twice on the terminal
(hidden), or read from stdin with --new-password-stdin (after the code when both come from stdin).
`,
  options: {
    username: USERNAME_OPTION,
    code: CODE_OPTION,
    'code-stdin': CODE_STDIN_OPTION,
    'new-password-stdin': { type: 'boolean', help: 'read the new password from stdin (after the code when both come from stdin)' },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const username = usernameOption(args, account, 'password reset');
    const { code, rest } = await readCode(args, io, 'password reset');
    const fromStdin = args.values['new-password-stdin'] === true;
    let newPassword: string | undefined;
    if (fromStdin && args.values['code-stdin'] === true) {
      // Stdin was read once for the code; the new password is its next line.
      newPassword = rest[0];
      if (!newPassword)
        throw new BrokerError('invalid-argument', 'Stdin must hold the code, then the new password, one per line.', {
          hint: 'Pipe them in with --code-stdin --new-password-stdin.',
        });
    } else {
      const note = fromStdin ? undefined : await passwordPolicyNote(account, io);
      [newPassword] = await readSecrets(io, [{ question: 'New password: ', confirm: true, ...(note ? { note } : {}) }], fromStdin, '--new-password-stdin');
    }
    await confirmForgotPassword(account, { username, code, newPassword: newPassword! }, await selfServiceOptions(account, io));
    io.stdout(`The password of "${username}" was reset. Sign in with: cognito-broker login ${account.name}\n`);
    return 0;
  },
});

export const passwordChangeCommand = defineCommand({
  name: 'password change',
  summary: "Change the signed-in user's password",
  usage: `cognito-broker password change <account> [--password-stdin]`,
  description: `Changes the password of the user signed in to the account. The current and the new password are typed on
the terminal (hidden), or read from stdin with --password-stdin: the current one on the first line, the new
one on the second.
`,
  options: {
    'password-stdin': { type: 'boolean', help: 'read the current password, then the new one, from the first two lines of stdin' },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const accessToken = await accessTokenFor(account, io);
    const fromStdin = args.values['password-stdin'] === true;
    const note = fromStdin ? undefined : await passwordPolicyNote(account, io);
    const [previousPassword, proposedPassword] = await readSecrets(
      io,
      [{ question: 'Current password: ' }, { question: 'New password: ', confirm: true, ...(note ? { note } : {}) }],
      fromStdin,
      '--password-stdin',
    );
    await changePassword(
      account,
      { accessToken, previousPassword: previousPassword!, proposedPassword: proposedPassword! },
      await selfServiceOptions(account, io),
    );
    io.stdout(`The password for "${account.name}" was changed.\n`);
    return 0;
  },
});
