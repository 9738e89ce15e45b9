import { writeSync } from 'node:fs';

/**
 * The credentials go out with write(2) on fd 1 rather than through process.stdout: for a pipe (how the AWS
 * CLI and SDKs run credential_process) creating that stream sets up a socket handle and its stream machinery,
 * a measurable share of a call this short. A pipe someone made non-blocking may refuse the write (EAGAIN);
 * the stream then writes what is left, and waits for it.
 */
export function printAndExit(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    process.stdout.write(bytes.subarray(written), () => process.exit(0));
    return;
  }
  process.exit(0);
}
