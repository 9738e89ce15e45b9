import { BrokerError } from '../../core/errors.js';

/**
 * Reads stdin to its end for `--password-stdin`, `--new-password-stdin` and `--client-secret-stdin`, and
 * returns its lines without line endings. Like `docker login --password-stdin`, a person at a terminal
 * ends the input with Ctrl-D.
 */
export async function readStdinLines(stdin: NodeJS.ReadableStream, what: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!lines.length || lines.every((l) => l === '')) {
    throw new BrokerError('invalid-argument', `Nothing was read from stdin, where ${what} was expected.`, {
      hint: `Pipe it in, for example: printf '%s\\n' "$VALUE" | cognito-broker ...`,
    });
  }
  return lines;
}

/**
 * Stdin one line at a time, each read only when asked for: `login --code-stdin` reads the code's line when
 * the code is asked for, so a script can write it after the e-mail or text message has arrived (a code sent
 * during the sign-in cannot be known before it starts). Lines already piped in are simply read in order.
 */
export function stdinLineReader(stdin: NodeJS.ReadableStream): { next(): Promise<string | undefined>; close(): void } {
  let buffered = '';
  let ended = false;
  const waiting: (() => void)[] = [];
  const wake = () => {
    for (const w of waiting.splice(0)) w();
  };
  const onData = (chunk: Buffer | string) => {
    buffered += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    wake();
  };
  const onEnd = () => {
    ended = true;
    wake();
  };
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.on('error', onEnd);
  return {
    async next() {
      for (;;) {
        const newline = buffered.indexOf('\n');
        if (newline >= 0) {
          const line = buffered.slice(0, newline).replace(/\r$/, '');
          buffered = buffered.slice(newline + 1);
          return line;
        }
        if (ended) {
          const rest = buffered;
          buffered = '';
          return rest === '' ? undefined : rest;
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    close() {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onEnd);
      // A paused stream does not keep the process alive once the command is done.
      (stdin as NodeJS.ReadableStream & { pause?: () => void }).pause?.();
    },
  };
}
