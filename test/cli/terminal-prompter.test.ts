import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Prompt, Prompter } from '../../main/core/auth/prompter.js';
import { BrokerError } from '../../main/core/errors.js';
import { describePasswordPolicy, groupKey, renderPrompt } from '../../main/cli/prompt-rendering.js';
import { readTerminalLine, type Terminal } from '../../main/cli/terminal.js';
import { CliPrompter, TerminalPrompter } from '../../main/cli/terminal-prompter.js';

/**
 * Unit tests of the prompter's pieces. The terminal here is a pair of in-memory streams standing in for
 * /dev/tty (raw-mode calls recorded); the real terminal is exercised through a pseudo-terminal in
 * login-terminal.test.ts.
 */
function fakeTerminal(): Terminal & { shown(): string; typed(text: string): void; hangUp(): void; rawCalls: boolean[] } {
  const input = new PassThrough() as PassThrough & { setRawMode(mode: boolean): void; isTTY: boolean };
  const rawCalls: boolean[] = [];
  input.setRawMode = (mode: boolean) => void rawCalls.push(mode);
  input.isTTY = true;
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, close: () => input.destroy(), shown: () => shown, typed: (t) => void input.write(t), hangUp: () => void input.end(), rawCalls };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('renderPrompt', () => {
  it('renders each prompt kind for the terminal, hiding only secrets', async () => {
    expect(await renderPrompt({ kind: 'username' })).toEqual({ preamble: '', question: 'Username: ', hidden: false });
    expect(await renderPrompt({ kind: 'password', username: 'alice' })).toEqual({ preamble: '', question: 'Password for alice: ', hidden: true });
    expect((await renderPrompt({ kind: 'totp-code' })).question).toBe('Code from your authenticator app: ');
    expect((await renderPrompt({ kind: 'sms-code', destination: '+*******1234' })).question).toBe('Code sent by text message to +*******1234: ');
    expect((await renderPrompt({ kind: 'email-code', destination: 'j***@e***' })).question).toBe('Code sent by e-mail to j***@e***: ');
    expect((await renderPrompt({ kind: 'email-code' })).question).toBe('Code sent by e-mail: ');
  });

  it('shows a retry reason above the question', async () => {
    const view = await renderPrompt({ kind: 'totp-code' }, 'That code is not right. Try the current code.');
    expect(view.preamble).toBe('That code is not right. Try the current code.\n');
  });

  it('numbers the second factors to choose from', async () => {
    const view = await renderPrompt({ kind: 'select-mfa', options: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
    expect(view.preamble).toBe(
      'How do you want to confirm this sign-in?\n  1) Text message (SMS code)\n  2) Authenticator app (TOTP code)\n  3) E-mail (code)\n',
    );
    expect(view.question).toBe('Choose 1-3: ');
  });

  it('shows a QR code, the otpauth link and the key in groups of four for TOTP enrolment', async () => {
    const uri = 'otpauth://totp/work:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=work';
    const view = await renderPrompt({ kind: 'mfa-setup', otpauthUri: uri, secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    expect(view.preamble).toContain('Scan this QR code with the app:');
    expect(view.preamble).toMatch(/[▄▀█]{6,}/);
    expect(view.preamble).toContain(`Or add this link: ${uri}\n`);
    expect(view.preamble).toContain('Or type this key: JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP\n');
    expect(view.question).toBe('First code the app shows: ');
    expect(view.hidden).toBe(false);
  });

  it('states the password policy and required attributes for a new password, asked twice', async () => {
    const view = await renderPrompt({
      kind: 'new-password',
      policy: { minimumLength: 12, requireUppercase: true, requireLowercase: true, requireNumbers: true, requireSymbols: true },
      requiredAttributes: ['email'],
    });
    expect(view.preamble).toBe(
      'You must choose a new password.\nIt needs at least 12 characters, an uppercase letter, a lowercase letter, a number, a symbol.\nThe pool also requires: email.\n',
    );
    expect(view).toMatchObject({ question: 'New password: ', hidden: true, confirm: 'Repeat the new password: ' });
    expect((await renderPrompt({ kind: 'new-password', requiredAttributes: [] })).preamble).toBe('You must choose a new password.\n');
  });

  it('describes policies and groups keys', () => {
    expect(describePasswordPolicy(undefined)).toBe('');
    expect(describePasswordPolicy({ minimumLength: 8 })).toBe('at least 8 characters');
    expect(groupKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});

describe('readTerminalLine', () => {
  it('reads a hidden line in raw mode without echoing, handling backspace and ignoring arrow keys', async () => {
    const term = fakeTerminal();
    const line = readTerminalLine(term, true, 'Password: ');
    expect(term.rawCalls).toEqual([true]);
    expect(term.shown()).toBe('Password: ');
    term.typed('hunter22');
    term.typed('\u007f');
    term.typed('\u001b[D');
    term.typed('3\r');
    expect(await line).toBe('hunter23');
    await tick();
    expect(term.shown()).toBe('Password: \n');
    expect(term.rawCalls).toEqual([true, false]);
  });

  it('echoes a visible line, including erasing on backspace', async () => {
    const term = fakeTerminal();
    const line = readTerminalLine(term, false, 'Code: ');
    term.typed('12');
    term.typed('\u007f');
    term.typed('3\n');
    expect(await line).toBe('13');
    await tick();
    expect(term.shown()).toBe('Code: 12\b \b3\n');
  });

  it('turns Ctrl-C, Ctrl-D on an empty line and a closed terminal into a cancellation', async () => {
    for (const keys of ['abc\u0003', '\u0004']) {
      const term = fakeTerminal();
      const line = readTerminalLine(term, true);
      term.typed(keys);
      await expect(line).rejects.toMatchObject({ code: 'cancelled', message: 'Sign-in cancelled.' });
      expect(term.rawCalls.at(-1)).toBe(false);
    }
    const term = fakeTerminal();
    const line = readTerminalLine(term, true);
    term.hangUp();
    await expect(line).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('TerminalPrompter', () => {
  it('asks again on an empty answer and an out-of-range choice, and returns the chosen factor', async () => {
    const term = fakeTerminal();
    const prompter = new TerminalPrompter(term);
    const answer = prompter.ask({ kind: 'select-mfa', options: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'] });
    await tick();
    term.typed('\r');
    await tick();
    term.typed('7\r');
    await tick();
    term.typed('2\r');
    expect(await answer).toBe('SMS_MFA');
    expect(term.shown()).toContain('Type a number from 1 to 2.\n');
  });

  it('asks for a new password twice until both match, without echoing either', async () => {
    const term = fakeTerminal();
    const prompter = new TerminalPrompter(term);
    const answer = prompter.ask({ kind: 'new-password', requiredAttributes: [] });
    for (const typed of ['first-Pass1!\r', 'other-Pass1!\r', 'final-Pass1!\r', 'final-Pass1!\r']) {
      await tick();
      term.typed(typed);
    }
    expect(await answer).toBe('final-Pass1!');
    expect(term.shown()).toContain('The two passwords differ. Try again.\n');
    expect(term.shown()).not.toMatch(/Pass1!/);
  });
});

describe('CliPrompter (flags and stdin first, then the terminal, else a clear error)', () => {
  const noTerminal = () => null;
  const log = () => undefined;

  it('answers from the scripted values by prompt kind', async () => {
    const p = new CliPrompter({ username: 'u', password: 'p', newPassword: 'n', mfaCode: '123456', mfaType: 'SMS_MFA' }, noTerminal, log, 'acct');
    expect(await p.ask({ kind: 'username' })).toBe('u');
    expect(await p.ask({ kind: 'password', username: 'u' })).toBe('p');
    expect(await p.ask({ kind: 'new-password', requiredAttributes: [] })).toBe('n');
    expect(await p.ask({ kind: 'select-mfa', options: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'] })).toBe('SMS_MFA');
    expect(await p.ask({ kind: 'sms-code' })).toBe('123456');
  });

  it('never sends a refused scripted answer twice: it stops with the reason and the flag to fix', async () => {
    const p = new CliPrompter({ mfaCode: '000000' }, noTerminal, log, 'acct');
    expect(await p.ask({ kind: 'totp-code' })).toBe('000000');
    const error = await p.ask({ kind: 'totp-code' }, 'That code is not right.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).describe()).toBe(
      'That code is not right.\nRun the command again with the current code on stdin (--mfa-code-stdin), or run `cognito-broker login acct` in a terminal.',
    );
    expect((error as BrokerError).code).toBe('code-mismatch');
  });

  it('falls back to the terminal only when a scripted answer is missing or refused', async () => {
    const asked: Prompt[] = [];
    const terminal: Prompter = { ask: async (prompt) => (asked.push(prompt), 'from-terminal') };
    let opened = 0;
    const p = new CliPrompter({ password: 'p' }, () => (opened++, terminal), log, 'acct');
    expect(await p.ask({ kind: 'password', username: 'u' })).toBe('p');
    expect(opened).toBe(0);
    expect(await p.ask({ kind: 'password', username: 'u' }, 'wrong')).toBe('from-terminal');
    expect(await p.ask({ kind: 'totp-code' })).toBe('from-terminal');
    expect(asked.map((a) => a.kind)).toEqual(['password', 'totp-code']);
  });

  it('names the flag that would answer each prompt when there is no terminal', async () => {
    const p = new CliPrompter({}, noTerminal, log, 'acct');
    const cases: [Prompt, RegExp][] = [
      [{ kind: 'username' }, /needs a username, and there is no terminal to ask on\.\nPass --username U\.$/],
      [{ kind: 'password', username: 'u' }, /needs the password of u, .*\nPipe it in with --password-stdin/],
      [{ kind: 'totp-code' }, /authenticator app, .*\nPipe it in with --mfa-code-stdin/],
      [{ kind: 'sms-code' }, /code just sent by text message, .*\nRun the command again soon and pipe the code in with --mfa-code-stdin/],
      [{ kind: 'email-code' }, /code just sent by e-mail/],
      [{ kind: 'select-mfa', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] }, /choice of second factor, .*\nPass --mfa-type totp or email/],
      [
        { kind: 'mfa-setup', otpauthUri: 'otpauth://x', secret: 'S' },
        /must set up an authenticator app first, .*\nRun `cognito-broker login acct` once in a terminal\.$/,
      ],
      [
        { kind: 'new-password', requiredAttributes: [] },
        /needs a new password, .*\nPipe the current and the new password in, one per line, with --password-stdin --new-password-stdin/,
      ],
    ];
    for (const [prompt, pattern] of cases) {
      const error = (await p.ask(prompt).catch((e: unknown) => e)) as BrokerError;
      expect(error.code, prompt.kind).toBe('auth-challenge');
      expect(error.describe()).toMatch(pattern);
    }
  });

  it('refuses an --mfa-type the pool does not offer', async () => {
    const p = new CliPrompter({ mfaType: 'EMAIL_OTP' }, noTerminal, log, 'acct');
    const error = (await p.ask({ kind: 'select-mfa', options: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'] }).catch((e: unknown) => e)) as BrokerError;
    expect(error.describe()).toBe('This sign-in cannot use E-mail (code).\nPass --mfa-type totp or sms.');
  });
});
