import { BrokerError } from '../core/errors.js';
import type { MfaType, Prompt, Prompter } from '../core/auth/prompter.js';
import { FIRST_FACTOR_LABELS, SEND_NEW_CODE, type FirstFactor, type RememberDeviceAnswer } from '../contract/sign-in-method.js';
import { MFA_LABELS, RESEND_WORD, renderPrompt } from './prompt-rendering.js';
import { readTerminalLine, type Terminal } from './terminal.js';

/**
 * Sign-in prompts for the `cognito-broker` command.
 *
 * Prompts go to the terminal — /dev/tty when there is one, so they still reach the person when stdout is
 * piped or stdin carries `--password-stdin` — and never to stdout, which belongs to the command's output.
 * Scripts answer through flags instead (`--password-stdin`, `--mfa-code-stdin`, `--new-password-stdin`,
 * `--mfa-type`); when an answer is needed that neither a flag nor a terminal can give, the prompter fails
 * with a sentence naming the flag, instead of hanging.
 */

/** `--mfa-type` values and the challenge names they stand for. */
export const MFA_TYPE_FLAGS: Record<string, MfaType> = { totp: 'SOFTWARE_TOKEN_MFA', sms: 'SMS_MFA', email: 'EMAIL_OTP' };

/** Answers every prompt on the person's terminal. */
export class TerminalPrompter implements Prompter {
  constructor(private readonly term: Terminal) {}

  async ask(prompt: Prompt, retryReason?: string): Promise<string> {
    const view = await renderPrompt(prompt, retryReason);
    if (view.preamble) this.term.output.write(view.preamble);
    for (;;) {
      const answer = (await readTerminalLine(this.term, view.hidden, view.question)).trim();
      // "[y/N]": Enter alone keeps the default, not remembering this computer.
      if (answer === '' && prompt.kind === 'remember-device') return 'no';
      if (answer === '') continue;
      if (prompt.kind === 'select-mfa' || prompt.kind === 'select-factor') {
        const options: readonly string[] = prompt.options;
        const choice = options[Number(answer) - 1];
        if (/^\d+$/.test(answer) && choice) return choice;
        // The factor's own name works too (`sms-code`), as with --method.
        if (prompt.kind === 'select-factor' && options.includes(answer)) return answer;
        this.term.output.write(`Type a number from 1 to ${prompt.options.length}.\n`);
        continue;
      }
      if ((prompt.kind === 'sms-code' || prompt.kind === 'email-code') && prompt.canResend && answer.toLowerCase() === RESEND_WORD) return SEND_NEW_CODE;
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
  /** `--method`: answers the choice of first factor (the sign-in also asks the pool for it up front). */
  method?: FirstFactor;
  /** `--code-stdin`: the one-time code's line of stdin, read only when a code is asked for. */
  readCode?: () => Promise<string>;
  /** `--remember-device yes|no`: the answer when the pool asks whether to remember this computer. */
  rememberDevice?: RememberDeviceAnswer;
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
    const readCode = this.answers.readCode;
    if (readCode && isCodePrompt(prompt) && !this.used.has('code-stdin')) {
      this.used.add('code-stdin');
      return readCode();
    }
    const scripted = this.scripted(prompt);
    if (scripted !== undefined && !this.used.has(prompt.kind)) {
      this.used.add(prompt.kind);
      return scripted;
    }
    const terminal = this.terminal();
    if (terminal) return terminal.ask(prompt, retryReason);
    if (prompt.kind === 'remember-device') {
      // A script is not stopped by this question after the sign-in itself succeeded: it keeps the safe default.
      this.log('Not remembering this computer (pass --remember-device yes to remember it).');
      return 'no';
    }
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
      case 'select-factor': {
        const wanted = this.answers.method;
        if (wanted && !prompt.options.includes(wanted)) {
          throw new BrokerError('invalid-argument', `This sign-in cannot use ${FIRST_FACTOR_LABELS[wanted].toLowerCase()}.`, {
            hint: `Pass --method ${prompt.options.join(' or ')}.`,
          });
        }
        return wanted;
      }
      case 'remember-device':
        return this.answers.rememberDevice;
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
      if (prompt.kind === 'username' || prompt.kind === 'select-mfa' || prompt.kind === 'select-factor')
        return new BrokerError('auth-challenge', retryReason, { hint: `Run the command again, ${interactive}.` });
      return new BrokerError('code-mismatch', retryReason, {
        hint: `Run the command again with the current code on stdin (${this.answers.readCode ? '--code-stdin' : '--mfa-code-stdin'}), ${interactive}.`,
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
        if (prompt.canResend) {
          // A sign-in code (choice-based sign-in) is sent once the sign-in has started: it is read when asked for.
          return new BrokerError(
            'auth-challenge',
            `Signing in to "${this.account}" needs the code just sent by ${prompt.kind === 'sms-code' ? 'text message' : 'e-mail'}, ${noTerminal}.`,
            { hint: `Write it to stdin with --code-stdin once it arrives, ${interactive}.` },
          );
        }
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
      case 'select-factor':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" needs a choice of how to sign in, ${noTerminal}.`, {
          hint: `Pass --method ${prompt.options.join(' or ')}.`,
        });
      case 'remember-device':
        return new BrokerError('auth-challenge', `Signing in to "${this.account}" asks whether to remember this computer, ${noTerminal}.`, {
          hint: 'Pass --remember-device yes or --remember-device no.',
        });
    }
  }
}

function isCodePrompt(prompt: Prompt): boolean {
  return prompt.kind === 'totp-code' || prompt.kind === 'sms-code' || prompt.kind === 'email-code' || prompt.kind === 'mfa-setup';
}

function flagFor(type: MfaType): string {
  return Object.entries(MFA_TYPE_FLAGS).find(([, v]) => v === type)?.[0] ?? type;
}
