import { getAccount } from '../../core/accounts/account-store.js';
import type { Prompter } from '../../core/auth/prompter.js';
import { BrokerError, isBrokerError } from '../../core/errors.js';
import { activityReason, recordCliActivity } from './cli-activity.js';
import { defineCommand } from '../command.js';
import { openTerminal, type Terminal } from '../terminal.js';
import { CliPrompter, MFA_TYPE_FLAGS, TerminalPrompter, type ScriptedAnswers } from '../terminal-prompter.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { printingFrontEnd, withHostedUi } from '../../core/federation/hosted-ui-session-auth.js';
import { secretKeys } from '../../core/keychain/secret-store.js';
import { humanTime } from './cli-output.js';
import { readStdinLines, stdinLineReader } from './read-stdin.js';
import { FIRST_FACTORS, isFirstFactor, REMEMBER_DEVICE_ANSWERS } from '../../contract/sign-in-method.js';

export const loginCommand = defineCommand({
  name: 'login',
  summary: 'Sign in to an account (password, one-time code, passkey, MFA, new password) and fetch credentials',
  usage: `cognito-broker login <account> [options]`,
  description: `Signs in to the account's user pool (SRP unless the account uses the password flow; through the browser
when the account uses managed login), answers every challenge (authenticator-app, SMS or e-mail codes, authenticator set-up with a QR code, a new password),
keeps the refresh token in the OS keychain and fetches AWS credentials from the identity pool.

Accounts with choice-based sign-in (--auth-flow user-auth) sign in with what the pool offers the user: a
password, a code by e-mail or text message, or a passkey. --method picks one (else the account's first
factor, else a menu). Type "resend" at a code prompt for a new code. A passkey completes in the browser,
through the pool's managed login: only a page on the pool's own domain can use its passkeys.

Where the user pool remembers devices, this computer becomes one at its first sign-in (its device key and
device password go to the keychain); later sign-ins here prove the device instead of asking for MFA where
the pool allows it. A pool that leaves it to the user asks once: "Remember this computer?" (--remember-device
for scripts). See \`cognito-broker devices show|forget\`.

Questions are asked on the terminal. Scripts answer with flags instead; when an answer is needed that no
flag gives and there is no terminal, login fails and names the flag.
`,
  examples: `Examples:
  cognito-broker login work
  printf '%s\\n' "$PASSWORD" "$CODE" | cognito-broker login work --username alice --password-stdin --mfa-code-stdin
  cognito-broker login work --method email-code
  fetch-mail-code | cognito-broker login work --method email-code --code-stdin    # the line is read when the code is asked for
`,
  options: {
    username: { type: 'string', value: 'U', help: "sign in as U (default: the account's username, else asked)" },
    'password-stdin': { type: 'boolean', help: 'read the password from the first line of stdin' },
    'new-password-stdin': { type: 'boolean', help: 'read the new password (when the pool demands one) from the next line of stdin' },
    'mfa-code': { type: 'string', value: 'CODE', hidden: true, help: 'refused: a code in the command line can be read by every user of this computer' },
    'mfa-code-stdin': {
      type: 'boolean',
      help: 'read the one-time code (authenticator app, SMS or e-mail) from the next line of stdin, all of stdin being read before the sign-in starts (for a code sent during the sign-in, use --code-stdin); never give it on the command line, where every user of this computer can read it',
    },
    'code-stdin': {
      type: 'boolean',
      help: 'read the one-time code (sign-in code by e-mail or SMS, or an MFA code) from the next line of stdin when it is asked for, so a script can write it once the message arrives',
    },
    method: {
      type: 'string',
      value: 'password|email-code|sms-code|passkey',
      completes: FIRST_FACTORS,
      help: 'choice-based sign-in (--auth-flow user-auth): how to sign in this time',
    },
    'remember-device': {
      type: 'string',
      value: 'yes|no',
      completes: REMEMBER_DEVICE_ANSWERS,
      help: 'when the pool asks whether to remember this computer (so later sign-ins here can skip MFA): the answer, for scripts (default without a terminal: no)',
    },
    'mfa-type': {
      type: 'string',
      value: 'totp|sms|email',
      completes: ['totp', 'sms', 'email'],
      help: 'the second factor to use when the pool offers a choice',
    },
    role: { type: 'string', value: 'ARN', completes: 'role', help: 'fetch credentials for this role instead of the default' },
    'non-interactive': { type: 'boolean', help: 'never ask on the terminal; fail when an answer is missing' },
  },
  arguments: ['account'],
  positionals: [1, 1],
  async run(args, io) {
    const v = args.values;
    const account = await getAccount(io.home, args.positionals[0] ?? '');
    const answers: ScriptedAnswers = {};
    if (typeof v.username === 'string') answers.username = v.username;
    if (v['mfa-code'] !== undefined) {
      // A code in argv is readable by every local user while the sign-in runs (and a TOTP code stays valid
      // for a minute or so): codes come from the terminal or stdin only.
      throw new BrokerError('invalid-argument', '--mfa-code is no longer accepted: a code in the command line can be read by every user of this computer.', {
        hint: 'Leave it out and type the code when asked, or pipe it in with --mfa-code-stdin (the line after the passwords).',
      });
    }
    if (typeof v['mfa-type'] === 'string') {
      const type = MFA_TYPE_FLAGS[v['mfa-type']];
      if (!type) throw new BrokerError('invalid-argument', '--mfa-type: totp, sms or email.');
      answers.mfaType = type;
    }
    if (typeof v['remember-device'] === 'string') {
      const answer = REMEMBER_DEVICE_ANSWERS.find((a) => a === v['remember-device']);
      if (!answer) throw new BrokerError('invalid-argument', '--remember-device: yes or no.');
      answers.rememberDevice = answer;
    }
    if (typeof v.method === 'string') {
      if (!isFirstFactor(v.method)) throw new BrokerError('invalid-argument', `--method: ${FIRST_FACTORS.join(', ')}.`);
      if (account.authFlow !== 'user-auth') {
        throw new BrokerError('invalid-argument', `--method is for accounts with choice-based sign-in, and "${account.name}" uses ${account.authFlow}.`, {
          hint: `Switch it with \`cognito-broker account update ${account.name} --auth-flow user-auth\`.`,
        });
      }
      answers.method = v.method;
    }
    const wantsPassword = v['password-stdin'] === true;
    const wantsNewPassword = v['new-password-stdin'] === true;
    const wantsCode = v['mfa-code-stdin'] === true;
    const wantsLaterCode = v['code-stdin'] === true;
    if (wantsCode && wantsLaterCode) {
      throw new BrokerError('invalid-argument', 'Give --code-stdin or --mfa-code-stdin, not both.', {
        hint: '--code-stdin reads the code when it is asked for; --mfa-code-stdin reads all of stdin before the sign-in starts.',
      });
    }
    let stdinReader: ReturnType<typeof stdinLineReader> | undefined;
    if (wantsLaterCode) {
      // Line by line: the passwords now, the code's line only when a code is asked for (it may not exist yet).
      const reader = stdinLineReader(io.stdin);
      stdinReader = reader;
      const what = [wantsPassword && 'the password', wantsNewPassword && 'the new password', 'the one-time code'].filter(
        (p): p is string => typeof p === 'string',
      );
      const missing = (name: string) =>
        new BrokerError('invalid-argument', `Stdin ended before ${name}.`, { hint: `Give ${what.join(', then ')}, one per line.` });
      if (wantsPassword) {
        answers.password = await reader.next();
        if (answers.password === undefined) {
          reader.close();
          throw missing('the password');
        }
      }
      if (wantsNewPassword) {
        answers.newPassword = await reader.next();
        if (!answers.newPassword) {
          reader.close();
          throw missing('the new password');
        }
      }
      answers.readCode = async () => {
        const line = await reader.next();
        if (line === undefined) throw missing('the one-time code');
        const code = line.trim();
        if (!/^\d{4,10}$/.test(code))
          throw new BrokerError('invalid-argument', '--code-stdin: the code is digits only, such as 123456.', {
            hint: `Give ${what.join(', then ')}, one per line.`,
          });
        return code;
      };
    } else if (wantsPassword || wantsNewPassword || wantsCode) {
      // Stdin is read once; its lines answer in this order: password, new password, one-time code.
      const parts = [wantsPassword && 'the password', wantsNewPassword && 'the new password', wantsCode && 'the one-time code'].filter(
        (p): p is string => typeof p === 'string',
      );
      const what = parts.length > 1 ? `${parts.join(', then ')}, one per line` : parts[0]!;
      const lines = await readStdinLines(io.stdin, what);
      if (wantsPassword) answers.password = lines.shift();
      if (wantsNewPassword) {
        answers.newPassword = lines.shift();
        if (!answers.newPassword) throw new BrokerError('invalid-argument', 'The new password was not found on stdin.', { hint: `Give ${what}.` });
      }
      if (wantsCode) {
        const code = lines.shift()?.trim() ?? '';
        if (!/^\d{4,10}$/.test(code))
          throw new BrokerError('invalid-argument', '--mfa-code-stdin: the code is digits only, such as 123456.', { hint: `Give ${what}.` });
        answers.mfaCode = code;
      }
    }

    let terminal: Terminal | null | undefined;
    let terminalPrompter: Prompter | null = null;
    const nonInteractive = v['non-interactive'] === true;
    const askTerminal = (): Prompter | null => {
      if (terminal === undefined) {
        terminal = nonInteractive ? null : openTerminal();
        terminalPrompter = terminal ? new TerminalPrompter(terminal) : null;
      }
      return terminalPrompter;
    };
    // Progress ("Signing in…") is for a person watching: shown on the terminal in use, or on stderr when
    // that is a terminal; a script's stderr keeps only the one or two lines of an error.
    const progress = (message: string) => {
      if (terminalPrompter?.info) terminalPrompter.info(message);
      else if (process.stderr.isTTY) io.stderr(`${message}\n`);
    };
    const prompter = new CliPrompter(answers, askTerminal, progress, account.name);

    try {
      // Accounts with managed login (hostedUi) sign in through the browser; the address goes to stderr.
      const { store, broker } = composeBroker(io.home, io.env, {
        auth: (defaults, open) =>
          withHostedUi(
            defaults,
            printingFrontEnd((text) => io.stderr(text), open),
          ),
      });
      // A locked or missing keychain is found before anyone types a password that could then not be kept.
      await store.get(secretKeys.refreshToken(account.name));
      const { session, credentials } = await broker
        .login(account, prompter, {
          ...(answers.username === undefined ? {} : { username: answers.username }),
          ...(answers.method === undefined ? {} : { method: answers.method }),
          ...(typeof v.role === 'string' ? { roleArn: v.role } : {}),
        })
        .catch(async (error: unknown) => {
          if (!isBrokerError(error) || error.code !== 'cancelled') {
            await recordCliActivity(io, {
              kind: 'sign-in-failed',
              account: account.name,
              message: `Sign-in to ${account.name} failed: ${activityReason(error)}`,
            });
          }
          throw error;
        });
      await recordCliActivity(io, {
        kind: 'sign-in',
        account: account.name,
        message: `Signed in to ${account.name}${session.username ? ` as ${session.username}` : ''}.`,
      });
      io.stdout(`Signed in to "${account.name}" as ${session.username ?? 'unknown user'}${session.email ? ` (${session.email})` : ''}.\n`);
      if (session.groups.length) io.stdout(`Groups: ${session.groups.map((g) => g.name).join(', ')}\n`);
      io.stdout(
        `Role: ${credentials.roleArn || 'chosen by the identity pool'}${session.activeRoleReason && typeof v.role !== 'string' ? ` (${session.activeRoleReason})` : ''}\n`,
      );
      io.stdout(`Credentials valid until ${humanTime(credentials.expiration) ?? credentials.expiration}.\n`);
      return 0;
    } finally {
      terminal?.close();
      stdinReader?.close();
    }
  },
});
