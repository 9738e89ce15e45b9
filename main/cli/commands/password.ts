import { getAccount } from '../../core/accounts/account-store.js';
import { changePassword, confirmForgotPassword, forgotPassword } from '../../core/self-service/password.js';
import type { CliCommand } from '../command.js';
import { BrokerError } from '../../core/errors.js';
import { accessTokenFor, describeDelivery, passwordPolicyNote, readCode, readSecrets, selfServiceOptions, usernameOption } from './self-service-cli.js';

export const passwordForgotCommand: CliCommand = {
  name: 'password forgot',
  summary: 'Ask the user pool for a password-reset code',
  help: `Usage: cognito-broker password forgot <account> [--username U]

Sends a reset code to the user's verified e-mail address or phone; then run \`cognito-broker password reset\`.
`,
  options: { username: { type: 'string' } },
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
};

export const passwordResetCommand: CliCommand = {
  name: 'password reset',
  summary: 'Set a new password with a reset code',
  help: `Usage: cognito-broker password reset <account> [--username U] [--code-stdin] [--new-password-stdin]

Sets a new password with the code from \`cognito-broker password forgot\`. The code is typed on the terminal,
or read from the first line of stdin with --code-stdin (never from the command line, where every user of
this computer could read it and set the password). The new password is typed twice on the terminal
(hidden), or read from stdin with --new-password-stdin (after the code when both come from stdin).
`,
  options: { username: { type: 'string' }, code: { type: 'string' }, 'code-stdin': { type: 'boolean' }, 'new-password-stdin': { type: 'boolean' } },
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
};

export const passwordChangeCommand: CliCommand = {
  name: 'password change',
  summary: "Change the signed-in user's password",
  help: `Usage: cognito-broker password change <account> [--password-stdin]

Changes the password of the user signed in to the account. The current and the new password are typed on
the terminal (hidden), or read from stdin with --password-stdin: the current one on the first line, the new
one on the second.
`,
  options: { 'password-stdin': { type: 'boolean' } },
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
};
