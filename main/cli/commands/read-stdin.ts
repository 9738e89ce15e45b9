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
