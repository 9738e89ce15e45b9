import type { Account } from '../../core/accounts/account.js';
import { freshAccessToken } from '../../core/credentials/fresh-access-token.js';
import { composeBroker } from '../../core/composition/compose-broker.js';
import { BrokerError } from '../../core/errors.js';
import { secretKeys } from '../../core/keychain/secret-store.js';
import type { SelfServiceOptions } from '../../core/self-service/user-pool-app.js';
import type { CliOptions } from '../cli-options.js';
import type { CliIo, ParsedArgs } from '../command.js';
import { fetchPasswordPolicy } from '../../core/auth/password-policy.js';
import { describePasswordPolicy } from '../prompt-rendering.js';
import { openTerminal, readTerminalLine } from '../terminal.js';
import { readStdinLines } from './read-stdin.js';

/**
 * What the self-service commands (signup, password, mfa) share: the client secret from the keychain, the
 * signed-in user's access token, and passwords read from stdin (`--password-stdin`) or typed hidden on the
 * terminal — never taken from a flag, where they would land in shell history and process lists.
 */
export async function selfServiceOptions(account: Account, io: CliIo): Promise<SelfServiceOptions> {
  const clientSecret = await composeBroker(io.home, io.env).clientSecretOf(account);
  return clientSecret === undefined ? { env: io.env } : { env: io.env, clientSecret };
}

/** An access token with at least a minute left: the stored one, or a fresh one from the refresh token. */
export async function accessTokenFor(account: Account, io: CliIo): Promise<string> {
  const { store, auth } = composeBroker(io.home, io.env);
  const notSignedIn = () =>
    new BrokerError('not-signed-in', `"${account.name}" is not signed in.`, { hint: `Run \`cognito-broker login ${account.name}\` first.` });
  // Without a refresh token the session is over, even while its access token lasts.
  if (!(await store.get(secretKeys.refreshToken(account.name)))) throw notSignedIn();
  // Not saved as a session, but a rotated refresh token is: the old one ends after the client's grace period.
  const token = await freshAccessToken({ home: io.home, store, auth, env: io.env }, account);
  if (!token) throw notSignedIn();
  return token;
}

/** Options the self-service commands share. */
export const USERNAME_OPTION = { type: 'string', value: 'U', help: "the user's name (default: the account's username)" } as const satisfies CliOptions[string];
/** Refused with a sentence saying why (see readCode); parsed only for that. */
export const CODE_OPTION = {
  type: 'string',
  value: 'CODE',
  hidden: true,
  help: 'refused: a code in the command line can be read by every user of this computer',
} as const satisfies CliOptions[string];
export const CODE_STDIN_OPTION = { type: 'boolean', help: 'read the code from the first line of stdin' } as const satisfies CliOptions[string];

export function usernameOption(args: ParsedArgs, account: Account, command: string): string {
  const value = args.values.username;
  const username = typeof value === 'string' && value.trim() !== '' ? value.trim() : account.username;
  if (!username) {
    throw new BrokerError('invalid-argument', '--username is needed: the account has no default username.', {
      hint: `Run \`cognito-broker ${command} --help\`.`,
    });
  }
  return username;
}

/**
 * A one-time code (sign-up confirmation, password reset) is never taken from argv: any local user can read a
 * running command's arguments, and a reset code lets them choose the password. It is typed on the terminal
 * or read from the first line of stdin with `--code-stdin`; the lines after it are returned in `rest` for the
 * command's other `--…-stdin` answers. A leftover `--code` is refused with a sentence saying why.
 */
export async function readCode(args: ParsedArgs, io: CliIo, command: string): Promise<{ code: string; rest: string[] }> {
  if (args.values.code !== undefined) {
    throw new BrokerError('invalid-argument', '--code is no longer accepted: a code in the command line can be read by every user of this computer.', {
      hint: `Leave it out and type the code when asked, or pipe it in with --code-stdin (see \`cognito-broker ${command} --help\`).`,
    });
  }
  let code: string;
  let rest: string[] = [];
  if (args.values['code-stdin'] === true) {
    [code = '', ...rest] = await readStdinLines(io.stdin, 'the code');
  } else {
    const terminal = openTerminal();
    if (!terminal) throw new BrokerError('invalid-argument', 'There is no terminal to type the code on.', { hint: 'Pipe it in with --code-stdin.' });
    try {
      code = await readTerminalLine(terminal, false, 'Code that was sent: ');
    } finally {
      terminal.close();
    }
  }
  if (!/^\d{4,10}$/.test(code.trim())) {
    throw new BrokerError('invalid-argument', 'The code needs the digits of the code that was sent, such as 123456.', {
      hint: `Run \`cognito-broker ${command} --help\`.`,
    });
  }
  return { code: code.trim(), rest };
}

export interface SecretQuestion {
  /** What the terminal shows, e.g. "New password: ". */
  question: string;
  /** Ask a second time and compare (a password being chosen). */
  confirm?: boolean;
  /** Shown on the terminal before the question, e.g. the pool's password policy. */
  note?: string;
}

/**
 * "Password policy: at least 8 characters, a number." when the pool's policy can be read (DescribeUserPool
 * needs credentials in the environment; see auth/password-policy.ts), else undefined.
 */
export async function passwordPolicyNote(account: Account, io: CliIo): Promise<string | undefined> {
  const text = describePasswordPolicy(await fetchPasswordPolicy(account, io.env));
  return text ? `Password policy: ${text}.` : undefined;
}

/**
 * Reads secrets in order: from stdin lines when `fromStdin` (the `--…-stdin` flag named by `flag`), otherwise
 * hidden on the terminal; with neither, fails naming the flag instead of hanging.
 */
export async function readSecrets(io: CliIo, questions: SecretQuestion[], fromStdin: boolean, flag: string): Promise<string[]> {
  if (fromStdin) {
    const what = questions.map((q) => q.question.replace(/:\s*$/, '').toLowerCase()).join(', then ');
    const lines = await readStdinLines(io.stdin, `${what}, one per line`);
    if (lines.length < questions.length || lines.slice(0, questions.length).some((l) => l === '')) {
      throw new BrokerError('invalid-argument', `Stdin must hold ${what}, one per line.`, { hint: `Pipe them in with ${flag}.` });
    }
    return lines.slice(0, questions.length);
  }
  const terminal = openTerminal();
  if (!terminal) {
    throw new BrokerError('invalid-argument', 'There is no terminal to type the password on.', { hint: `Pipe it in with ${flag}.` });
  }
  try {
    const answers: string[] = [];
    for (const q of questions) {
      if (q.note) terminal.output.write(`${q.note}\n`);
      for (;;) {
        const answer = await readTerminalLine(terminal, true, q.question);
        if (answer === '') continue;
        if (q.confirm && (await readTerminalLine(terminal, true, 'Repeat it: ')) !== answer) {
          terminal.output.write('The two entries differ. Try again.\n');
          continue;
        }
        answers.push(answer);
        break;
      }
    }
    return answers;
  } finally {
    terminal.close();
  }
}

/** "a code was sent by EMAIL to a***@e***.com" from Cognito's (already masked) delivery details. */
export function describeDelivery(delivery: { medium?: string; destination?: string } | undefined): string {
  if (!delivery) return 'a code was sent';
  const medium = delivery.medium === 'SMS' ? 'text message' : delivery.medium === 'EMAIL' ? 'e-mail' : 'message';
  return `a code was sent by ${medium}${delivery.destination ? ` to ${delivery.destination}` : ''}`;
}
