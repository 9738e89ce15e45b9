import { openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';
import { BrokerError } from '../core/errors.js';

/**
 * The person's terminal for prompts: /dev/tty when there is one, so prompts still reach the person when stdout
 * is piped or stdin carries `--password-stdin`, and never stdout, which belongs to the command's output.
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
