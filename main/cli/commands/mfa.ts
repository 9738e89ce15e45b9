import { getAccount } from '../../core/accounts/account-store.js';
import { decodeJwtPayload } from '../../core/auth/jwt-payload.js';
import type { MfaType } from '../../core/auth/prompter.js';
import { BrokerError } from '../../core/errors.js';
import { beginTotpEnrolment, completeTotpEnrolment, getMfaStatus, setMfaPreference, type MfaPreferenceChange } from '../../core/self-service/mfa.js';
import { defineCommand } from '../command.js';
import { groupKey, renderQrCode } from '../prompt-rendering.js';
import { openTerminal, readTerminalLine } from '../terminal.js';
import { MFA_TYPE_FLAGS } from '../terminal-prompter.js';
import { accessTokenFor, selfServiceOptions } from './self-service-cli.js';

const LABELS: Record<MfaType, string> = { SOFTWARE_TOKEN_MFA: 'authenticator app (totp)', SMS_MFA: 'text message (sms)', EMAIL_OTP: 'e-mail (email)' };

export const mfaStatusCommand = defineCommand({
  name: 'mfa status',
  summary: 'Show which second factors are on and which is preferred',
  usage: `cognito-broker mfa status <account> [--json]`,
  options: { json: { type: 'boolean', help: 'print as JSON' } },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const status = await getMfaStatus(account, await accessTokenFor(account, io), await selfServiceOptions(account, io));
    if (args.values.json === true) {
      io.stdout(`${JSON.stringify({ enabled: status.enabled, preferred: status.preferred ?? null })}\n`);
      return 0;
    }
    if (!status.enabled.length) {
      io.stdout(`"${account.name}": no second factor is on. Turn on an authenticator app with: cognito-broker mfa enable-totp ${account.name}\n`);
      return 0;
    }
    for (const type of status.enabled) io.stdout(`${LABELS[type]}: on${status.preferred === type ? ' (preferred)' : ''}\n`);
    return 0;
  },
});

export const mfaEnableTotpCommand = defineCommand({
  name: 'mfa enable-totp',
  summary: 'Set up an authenticator app and make it the preferred factor',
  usage: `cognito-broker mfa enable-totp <account>`,
  description: `Shows a QR code and a key for your authenticator app on the terminal, asks for the first code it shows,
and makes the app your preferred second factor. The key is shown only on the terminal, never on stdout.
`,
  options: {},
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const accessToken = await accessTokenFor(account, io);
    const options = await selfServiceOptions(account, io);
    const terminal = openTerminal();
    if (!terminal) {
      throw new BrokerError('invalid-argument', 'Setting up an authenticator app needs a terminal to show its key on.', {
        hint: 'Run the command in a terminal, or use the Cognito Broker app.',
      });
    }
    try {
      // The authenticator app lists the entry under the pool's name for the signed-in user.
      const user = decodeJwtPayload(accessToken).username;
      const enrolment = await beginTotpEnrolment(account, { accessToken, label: typeof user === 'string' ? user : account.name }, options);
      // The key goes to the terminal only: stdout may be a file or a pipe, and the key is a secret.
      terminal.output.write(
        'Scan this QR code with your authenticator app:\n\n' +
          `${await renderQrCode(enrolment.otpauthUri)}\n` +
          `Or add this link: ${enrolment.otpauthUri}\n` +
          `Or type this key: ${groupKey(enrolment.secret)}\n`,
      );
      for (let attempt = 0; attempt < 3; attempt++) {
        const code = (await readTerminalLine(terminal, false, 'First code the app shows: ')).trim();
        try {
          await completeTotpEnrolment(account, { accessToken, code, deviceName: 'cognito-broker' }, options);
          io.stdout(`The authenticator app is on for "${account.name}" and is your preferred second factor.\n`);
          return 0;
        } catch (error) {
          if (!(error instanceof BrokerError) || error.code !== 'code-mismatch') throw error;
          terminal.output.write('That code is not right. Try the current code.\n');
        }
      }
      throw new BrokerError('code-mismatch', 'Three codes in a row were not right, so the authenticator app was not turned on.', {
        hint: "Check the phone's clock, then run the command again.",
      });
    } finally {
      terminal.close();
    }
  },
});

export const mfaDisableTotpCommand = defineCommand({
  name: 'mfa disable-totp',
  summary: 'Turn the authenticator app off as a second factor',
  usage: `cognito-broker mfa disable-totp <account>`,
  description: `A pool that requires MFA may then ask you to set up a factor again at the next sign-in.
`,
  options: {},
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    await setMfaPreference(account, await accessTokenFor(account, io), { totp: { enabled: false } }, await selfServiceOptions(account, io));
    io.stdout(`The authenticator app is off for "${account.name}".\n`);
    return 0;
  },
});

export const mfaPreferCommand = defineCommand({
  name: 'mfa prefer',
  summary: 'Choose the preferred second factor: totp, sms or email',
  usage: `cognito-broker mfa prefer <account> totp|sms|email`,
  description: `Makes a factor that is already set up the one the pool asks for first.
`,
  options: {},
  arguments: ['account', ['totp', 'sms', 'email']],
  positionals: [2, 2],
  async run(args, io) {
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const type = MFA_TYPE_FLAGS[args.positionals[1] ?? ''];
    if (!type) throw new BrokerError('invalid-argument', 'The factor must be totp, sms or email.', { hint: 'Run `cognito-broker mfa prefer --help`.' });
    const key = type === 'SOFTWARE_TOKEN_MFA' ? 'totp' : type === 'SMS_MFA' ? 'sms' : 'email';
    const change: MfaPreferenceChange = { [key]: { enabled: true, preferred: true } };
    await setMfaPreference(account, await accessTokenFor(account, io), change, await selfServiceOptions(account, io));
    io.stdout(`The ${LABELS[type]} is now the preferred second factor of "${account.name}".\n`);
    return 0;
  },
});
