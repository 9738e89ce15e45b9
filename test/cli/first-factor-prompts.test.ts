import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SEND_NEW_CODE } from '../../main/contract/sign-in-method.js';
import { stdinLineReader } from '../../main/cli/commands/read-stdin.js';
import { renderPrompt } from '../../main/cli/prompt-rendering.js';
import type { Terminal } from '../../main/cli/terminal.js';
import { CliPrompter, TerminalPrompter } from '../../main/cli/terminal-prompter.js';
import { offeredFactors } from '../../main/core/auth/sign-in/first-factors.js';
import type { BrokerError } from '../../main/core/errors.js';

/**
 * Unit tests of choice-based sign-in's small pieces: the first-factor menu and the "resend" answer on a
 * terminal (in-memory streams standing in for /dev/tty; the real one is in login-user-auth.test.ts), the
 * scripted answers of `--method` and `--code-stdin`, stdin read line by line, and the mapping of Cognito's
 * AvailableChallenges to the choices a person sees.
 */
function fakeTerminal(): Terminal & { shown(): string; typed(text: string): void } {
  const input = new PassThrough() as PassThrough & { setRawMode(mode: boolean): void; isTTY: boolean };
  input.setRawMode = () => undefined;
  input.isTTY = true;
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, close: () => input.destroy(), shown: () => shown, typed: (t) => void input.write(t) };
}

const tick = () => new Promise((r) => setImmediate(r));
const noTerminal = () => null;
const log = () => undefined;

describe('offeredFactors', () => {
  it("shows PASSWORD and PASSWORD_SRP as one 'password', in a fixed order, leaving out what the broker does not know", () => {
    expect(offeredFactors(['WEB_AUTHN', 'EMAIL_OTP', 'PASSWORD_SRP', 'PASSWORD', 'SMS_OTP'])).toEqual(['password', 'email-code', 'sms-code', 'passkey']);
    expect(offeredFactors(['PASSWORD'])).toEqual(['password']);
    expect(offeredFactors(['CUSTOM_CHALLENGE', 'toString'])).toEqual([]);
  });
});

describe('the first-factor prompts on a terminal', () => {
  it('numbers the choices and offers "resend" only on a sign-in code', async () => {
    const menu = await renderPrompt({ kind: 'select-factor', options: ['password', 'email-code', 'passkey'] });
    expect(menu.preamble).toBe('How do you want to sign in?\n  1) Password\n  2) Code by e-mail\n  3) Passkey\n');
    expect(menu.question).toBe('Choose 1-3: ');
    expect((await renderPrompt({ kind: 'email-code', destination: 'a***@e***', canResend: true })).question).toBe(
      'Code sent by e-mail to a***@e*** (or "resend" for a new one): ',
    );
    expect((await renderPrompt({ kind: 'sms-code', canResend: true })).question).toBe('Code sent by text message (or "resend" for a new one): ');
    expect((await renderPrompt({ kind: 'sms-code' })).question).toBe('Code sent by text message: ');
  });

  it('takes a number or the factor name, and asks again otherwise', async () => {
    const term = fakeTerminal();
    const prompter = new TerminalPrompter(term);
    const byNumber = prompter.ask({ kind: 'select-factor', options: ['password', 'sms-code'] });
    await tick();
    term.typed('5\r');
    await tick();
    term.typed('2\r');
    expect(await byNumber).toBe('sms-code');
    expect(term.shown()).toContain('Type a number from 1 to 2.\n');
    const byName = prompter.ask({ kind: 'select-factor', options: ['password', 'sms-code'] });
    await tick();
    term.typed('password\r');
    expect(await byName).toBe('password');
  });

  it('"resend" asks for a new code where one can be sent, and is just text elsewhere', async () => {
    const term = fakeTerminal();
    const prompter = new TerminalPrompter(term);
    const resend = prompter.ask({ kind: 'email-code', canResend: true });
    await tick();
    term.typed('Resend\r');
    expect(await resend).toBe(SEND_NEW_CODE);
    const mfa = prompter.ask({ kind: 'email-code' });
    await tick();
    term.typed('resend\r');
    expect(await mfa).toBe('resend');
  });
});

describe('scripted answers: --method and --code-stdin', () => {
  it('--method answers the choice; one the pool does not offer is refused naming the ones it does', async () => {
    expect(await new CliPrompter({ method: 'email-code' }, noTerminal, log, 'acct').ask({ kind: 'select-factor', options: ['password', 'email-code'] })).toBe(
      'email-code',
    );
    const error = (await new CliPrompter({ method: 'passkey' }, noTerminal, log, 'acct')
      .ask({ kind: 'select-factor', options: ['password', 'sms-code'] })
      .catch((e: unknown) => e)) as BrokerError;
    expect(error.describe()).toBe('This sign-in cannot use passkey.\nPass --method password or sms-code.');
  });

  it('without a terminal, the choice names --method and a sign-in code names --code-stdin', async () => {
    const p = new CliPrompter({}, noTerminal, log, 'acct');
    const choice = (await p.ask({ kind: 'select-factor', options: ['password', 'email-code'] }).catch((e: unknown) => e)) as BrokerError;
    expect(choice.describe()).toBe(
      'Signing in to "acct" needs a choice of how to sign in, and there is no terminal to ask on.\nPass --method password or email-code.',
    );
    const code = (await p.ask({ kind: 'sms-code', canResend: true }).catch((e: unknown) => e)) as BrokerError;
    expect(code.describe()).toMatch(/needs the code just sent by text message, .*\nWrite it to stdin with --code-stdin once it arrives/);
  });

  it('--code-stdin reads its line only when a code is asked for, once; a refused code names --code-stdin', async () => {
    let reads = 0;
    const p = new CliPrompter({ readCode: () => (reads++, Promise.resolve('654321')) }, noTerminal, log, 'acct');
    expect(reads).toBe(0);
    expect(await p.ask({ kind: 'email-code', canResend: true })).toBe('654321');
    expect(reads).toBe(1);
    const error = (await p.ask({ kind: 'email-code', canResend: true }, 'That code is not right.').catch((e: unknown) => e)) as BrokerError;
    expect(error.describe()).toContain('(--code-stdin)');
    expect(reads).toBe(1);
  });
});

describe('stdinLineReader', () => {
  it('gives lines as they arrive, one per call, then undefined at the end', async () => {
    const stdin = new PassThrough();
    const reader = stdinLineReader(stdin);
    stdin.write('first\r\nsec');
    expect(await reader.next()).toBe('first');
    const pending = reader.next();
    let settled = false;
    void pending.then(() => (settled = true));
    await tick();
    // The second line is not complete yet: the reader waits for it instead of ending.
    expect(settled).toBe(false);
    stdin.write('ond\nlast');
    expect(await pending).toBe('second');
    stdin.end();
    expect(await reader.next()).toBe('last');
    expect(await reader.next()).toBeUndefined();
    reader.close();
  });
});
