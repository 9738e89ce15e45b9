import { Readable } from 'node:stream';
import type { CliIo } from '../../../main/cli/command.js';

/** A CliIo whose stdin holds `stdinLines` and whose stdout/stderr are recorded, for running one command. */
export function recordingIo(home: string, env: NodeJS.ProcessEnv, stdinLines: string[] = []): CliIo & { out: string; err: string } {
  const io = {
    env,
    home,
    debug: false,
    out: '',
    err: '',
    stdin: Readable.from(stdinLines.length ? [`${stdinLines.join('\n')}\n`] : []),
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
