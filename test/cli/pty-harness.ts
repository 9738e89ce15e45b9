import { spawn } from 'node:child_process';

/**
 * Runs a command inside a real pseudo-terminal (util-linux `script`), so the command's /dev/tty is a
 * terminal a test can type into: raw mode, hidden input and Ctrl-C behave as they do for a person.
 * `script` forwards our writes to the terminal and everything the command writes there (stdout and stderr
 * alike, with CRLF line endings) to its own stdout.
 */
export interface PtySession {
  /** Everything the terminal has shown so far. */
  output(): string;
  /** Resolves with the output once `pattern` appears in what was shown after `from` (default: the start). */
  waitFor(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpMatchArray>;
  type(text: string): void;
  exit: Promise<number | null>;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function runInPty(command: string[], env: NodeJS.ProcessEnv): PtySession {
  const child = spawn('script', ['-qfec', command.map(shellQuote).join(' '), '/dev/null'], {
    env: { ...env, SHELL: '/bin/sh', TERM: 'xterm' },
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onText = (d: Buffer) => {
    text += d.toString('utf8');
    for (const w of [...waiters]) w();
  };
  child.stdout.on('data', onText);
  child.stderr.on('data', onText);
  child.stdin.on('error', () => undefined);
  const exit = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const w of [...waiters]) w();
      resolve(code);
    }),
  );
  let exited = false;
  void exit.then(() => (exited = true));
  return {
    output: () => text,
    waitFor(pattern, from = 0, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.slice(from).match(pattern);
          if (match) {
            done();
            resolve(match);
          } else if (exited) {
            done();
            reject(new Error(`the command ended before ${pattern} appeared; it showed:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${pattern} did not appear within ${timeoutMs} ms; the terminal showed:\n${text}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    type(input) {
      child.stdin.write(input);
    },
    exit,
  };
}
