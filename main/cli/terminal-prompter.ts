import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { toString as qrToString } from 'qrcode';
import { BrokerError } from '../core/errors.js';
import type { MfaType, PasswordPolicy, Prompt, Prompter } from '../core/auth/prompter.js';

/**
 * Sign-in prompts for the `cognito-broker` command.
 *
 * Prompts go to the terminal — /dev/tty when there is one, so they still reach the person when stdout is
 * piped or stdin carries `--password-stdin` — and never to stdout, which belongs to the command's output.
 * Scripts answer through flags instead (`--password-stdin`, `--mfa-code-stdin`, `--new-password-stdin`,
 * `--mfa-type`); when an answer is needed that neither a flag nor a terminal can give, the prompter fails
 * with a sentence naming the flag, instead of hanging.
 */

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  output: NodeJS.WritableStream;
  close(): void;
}

/**
 * The person's terminal, or null when there is none (a CI job, a detached process, credential_process).
 * /dev/tty is preferred: it is the terminal even when stdin and stdout are redirected.
 */
export function openTerminal(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): Terminal | null {
  if (process.platform !== 'win32') {
    try {
      const fd = openSync('/dev/tty', 'r+');
      const input = new ReadStream(fd);
      const output = new WriteStream(fd);
      return {
        input,
        output,
        close: () => {
          input.destroy();
        },
      };
    } catch {
      // ENXIO: no controlling terminal. Fall through to stdin, which may still be one (Windows consoles).
    }
  }
  if (stdin.isTTY && stderr.isTTY) return { input: stdin, output: stderr, close: () => stdin.pause() };
  return null;
}

const MFA_LABELS: Record<MfaType, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app (TOTP code)',
  SMS_MFA: 'Text message (SMS code)',
  EMAIL_OTP: 'E-mail (code)',
};

/** `--mfa-type` values and the challenge names they stand for. */
export const MFA_TYPE_FLAGS: Record<string, MfaType> = { totp: 'SOFTWARE_TOKEN_MFA', sms: 'SMS_MFA', email: 'EMAIL_OTP' };

/** The requirements of a pool's password policy as a phrase, or '' when nothing is known. */
export function describePasswordPolicy(policy: PasswordPolicy | undefined): string {
  if (!policy) return '';
  const parts: string[] = [];
  if (policy.minimumLength) parts.push(`at least ${policy.minimumLength} characters`);
  if (policy.requireUppercase) parts.push('an uppercase letter');
  if (policy.requireLowercase) parts.push('a lowercase letter');
  if (policy.requireNumbers) parts.push('a number');
  if (policy.requireSymbols) parts.push('a symbol');
  return parts.join(', ');
}

/** Groups a base32 key in fours so a person can type it into an authenticator app. */
export function groupKey(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export async function renderQrCode(text: string): Promise<string> {
  return qrToString(text, { type: 'terminal', small: true });
}

export interface RenderedPrompt {
  /** Lines shown before the question (explanations, the QR code, the list of choices). */
  preamble: string;
  /** The question itself, on the line where the person types. */
  question: string;
  hidden: boolean;
  /** Asked a second time and compared (new passwords). */
  confirm?: string;
}

/** What the terminal shows for one prompt. Pure apart from drawing the QR code, so it is tested directly. */
export async function renderPrompt(prompt: Prompt, retryReason?: string): Promise<RenderedPrompt> {
  const retry = retryReason ? `${retryReason}\n` : '';
  switch (prompt.kind) {
    case 'username':
      return { preamble: retry, question: 'Username: ', hidden: false };
    case 'password':
      return { preamble: retry, question: `Password for ${prompt.username}: `, hidden: true };
    case 'totp-code':
      return { preamble: retry, question: 'Code from your authenticator app: ', hidden: false };
    case 'sms-code':
      return { preamble: retry, question: `Code sent by text message${prompt.destination ? ` to ${prompt.destination}` : ''}: `, hidden: false };
    case 'email-code':
      return { preamble: retry, question: `Code sent by e-mail${prompt.destination ? ` to ${prompt.destination}` : ''}: `, hidden: false };
    case 'select-mfa': {
      const lines = prompt.options.map((option, i) => `  ${i + 1}) ${MFA_LABELS[option] ?? option}`);
      return {
        preamble: `${retry}How do you want to confirm this sign-in?\n${lines.join('\n')}\n`,
        question: `Choose 1-${prompt.options.length}: `,
        hidden: false,
      };
    }
    case 'mfa-setup': {
      const qr = await renderQrCode(prompt.otpauthUri);
      return {
        preamble:
          `${retry}This account must set up an authenticator app (TOTP) before it can sign in.\n` +
          'Scan this QR code with the app:\n\n' +
          `${qr}\n` +
          `Or add this link: ${prompt.otpauthUri}\n` +
          `Or type this key: ${groupKey(prompt.secret)}\n`,
        question: 'First code the app shows: ',
        hidden: false,
      };
    }
    case 'new-password': {
      const rules = describePasswordPolicy(prompt.policy);
      const attributes = prompt.requiredAttributes.length ? `The pool also requires: ${prompt.requiredAttributes.join(', ')}.\n` : '';
      return {
        preamble: `${retry}You must choose a new password.\n${rules ? `It needs ${rules}.\n` : ''}${attributes}`,
        question: 'New password: ',
        hidden: true,
        confirm: 'Repeat the new password: ',
      };
    }
  }
}

/**
 * Reads one line from a terminal in raw mode, echoing the characters or not. Raw mode is what lets a
 * password stay hidden and Ctrl-C cancel cleanly (BrokerError 'cancelled') instead of killing the process
 * with the terminal left in raw mode.
 */
export function readTerminalLine(term: Terminal, hidden: boolean, question = ''): Promise<string> {
  const { input, output } = term;
  // Raw mode first, the question second: a person (or a test) who types as soon as the question shows
  // must never have a password echoed by the terminal in between.
  input.setRawMode?.(true);
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    let escape = false;
    const finish = (error?: Error) => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onEnd = () => finish(new BrokerError('cancelled', 'Sign-in cancelled: the terminal closed.'));
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (escape) {
          // Skip the rest of an escape sequence (arrow keys and the like): letters and ~ end it.
          if (/[A-Za-z~]/.test(ch)) escape = false;
          continue;
        }
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return finish(new BrokerError('cancelled', 'Sign-in cancelled.'));
        if (ch === '\u001b') {
          escape = true;
        } else if (ch === '\u007f' || ch === '\b') {
          if (value.length) {
            value = [...value].slice(0, -1).join('');
            if (!hidden) output.write('\b \b');
          }
        } else if (ch >= ' ') {
          value += ch;
          if (!hidden) output.write(ch);
        }
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

/** Answers every prompt on the person's terminal. */
export class TerminalPrompter implements Prompter {
  constructor(private readonly term: Terminal) {}

  async ask(prompt: Prompt, retryReason?: string): Promise<string> {
    const view = await renderPrompt(prompt, retryReason);
    if (view.preamble) this.term.output.write(view.preamble);
    for (;;) {
      const answer = (await readTerminalLine(this.term, view.hidden, view.question)).trim();
      if (answer === '') continue;
      if (prompt.kind === 'select-mfa') {
        const choice = prompt.options[Number(answer) - 1];
        if (/^\d+$/.test(answer) && choice) return choice;
        this.term.output.write(`Type a number from 1 to ${prompt.options.length}.\n`);
        continue;
      }
      if (view.confirm) {
        const again = (await readTerminalLine(this.term, view.hidden, view.confirm)).trim();
        if (again !== answer) {
          this.term.output.write('The two passwords differ. Try again.\n');
          continue;
        }
      }
      return answer;
    }
  }

  info(message: string): void {
    this.term.output.write(`${message}\n`);
  }
}

/** Answers given up front by a script: flags and lines read from stdin. */
export interface ScriptedAnswers {
  username?: string;
  password?: string;
  newPassword?: string;
  mfaCode?: string;
  mfaType?: MfaType;
}

/**
 * Uses each scripted answer once (a refused answer is not sent again), then the terminal when there is one,
 * else fails with the flag that would have answered. `account` names the account in those sentences.
 */
export class CliPrompter implements Prompter {
  private readonly used = new Set<string>();

  /**
   * `terminal` is called only when a prompt has no scripted answer, so a fully scripted sign-in never
   * opens /dev/tty; it returns null when there is no terminal (or prompting is switched off).
   */
  constructor(
    private readonly answers: ScriptedAnswers,
    private readonly terminal: () => Prompter | null,
    private readonly log: (message: string) => void,
    private readonly account: string,
  ) {}

  async ask(prompt: Prompt, retryReason?: string): Promise<string> {
    const scripted = this.scripted(prompt);
    if (scripted !== undefined && !this.used.has(prompt.kind)) {
      this.used.add(prompt.kind);
      return scripted;
    }
    const terminal = this.terminal();
    if (terminal) return terminal.ask(prompt, retryReason);
    throw this.unanswerable(prompt, retryReason);
  }

  info(message: string): void {
    this.log(message);
  }

  private scripted(prompt: Prompt): string | undefined {
    switch (prompt.kind) {
      case 'username':
        return this.answers.username;
      case 'password':
        return this.answers.password;
      case 'new-password':
        return this.answers.newPassword;
      case 'totp-code':
      case 'sms-code':
      case 'email-code':
      case 'mfa-setup':
        return this.answers.mfaCode;
      case 'select-mfa': {
        const wanted = this.answers.mfaType;
        if (wanted && !prompt.options.includes(wanted)) {
          throw new BrokerError('invalid-argument', `This sign-in cannot use ${MFA_LABELS[wanted]}.`, {
            hint: `Pass --mfa-type ${prompt.options.map(flagFor).join(' or ')}.`,
          });
        }
        return wanted;
      }
    }
  }

  private unanswerable(prompt: Prompt, retryReason?: string): BrokerError {
    const interactive = `or run \`cognito-broker login ${this.account}\` in a terminal`;
    if (retryReason) {
      // The scripted answer was refused and the same answer must not be sent again: stop with the reason.
      if (prompt.kind === 'password')
        return new BrokerError('wrong-password', retryReason, { hint: `Check the username and the password given on stdin, ${interactive}.` });
      if (prompt.kind === 'new-password')
        return new BrokerError('password-policy', retryReason, { hint: `Choose another new password for --new-password-stdin, ${interactive}.` });
      if (prompt.kind === 'username' || prompt.kind === 'select-mfa')
        return new BrokerError('auth-challenge', retryReason, { hint: `Run the command again, ${interactive}.` });
      return new BrokerError('code-mismatch', retryReason, {
        hint: `Run the command again with the current code on stdin (--mfa-code-stdin), ${interactive}.`,
      });
    }
    const noTerminal = 'and there is no terminal to ask on';
    switch (prompt.kind) {
      case 'username':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs a username, ${noTerminal}.`, { hint: 'Pass --username U.' });
      case 'password':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs the password of ${prompt.username}, ${noTerminal}.`, {
          hint: `Pipe it in with --password-stdin, ${interactive}.`,
        });
      case 'totp-code':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs a code from the authenticator app, ${noTerminal}.`, {
          hint: `Pipe it in with --mfa-code-stdin, ${interactive}.`,
        });
      case 'sms-code':
      case 'email-code':
        return new BrokerError(
          'auth-challenge',
          `Signing in to "${this.account}" needs the code just sent by ${prompt.kind === 'sms-code' ? 'text message' : 'e-mail'}, ${noTerminal}.`,
          {
            hint: `Run the command again soon and pipe the code in with --mfa-code-stdin, ${interactive}.`,
          },
        );
      case 'select-mfa':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs a choice of second factor, ${noTerminal}.`, {
          hint: `Pass --mfa-type ${prompt.options.map(flagFor).join(' or ')} (and --mfa-code-stdin).`,
        });
      case 'mfa-setup':
        return new BrokerError('auth-challenge', `"${this.account}" must set up an authenticator app first, ${noTerminal} to show its QR code.`, {
          hint: `Run \`cognito-broker login ${this.account}\` once in a terminal.`,
        });
      case 'new-password':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs a new password, ${noTerminal}.`, {
          hint: `Pipe the current and the new password in, one per line, with --password-stdin --new-password-stdin, ${interactive}.`,
        });
    }
  }
}

function flagFor(type: MfaType): string {
  return Object.entries(MFA_TYPE_FLAGS).find(([, v]) => v === type)?.[0] ?? type;
}
