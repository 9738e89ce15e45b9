import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFileLock } from '../../../../main/core/fs/file-lock.js';

/**
 * mode "hold": takes the lock, prints "locked", and waits forever (the parent kills it).
 * mode "work": N times: take the lock, log enter/leave with high-resolution times around a short sleep
 * and a read-modify-write of a counter file, so the parent can check no two holders overlapped.
 */
const [mode, lockPath, logPath, countText, holdText] = process.argv.slice(2) as [string, string, string?, string?, string?];
const { readFileSync, writeFileSync } = await import('node:fs');

if (mode === 'hold') {
  await withFileLock(lockPath, async () => {
    process.stdout.write('locked\n');
    // A pending promise alone does not keep Node running; a timer does.
    await new Promise(() => setInterval(() => undefined, 60_000));
  });
} else {
  const count = Number(countText ?? '1');
  const hold = Number(holdText ?? '2');
  for (let n = 0; n < count; n++) {
    await withFileLock(
      lockPath,
      async () => {
        const enter = process.hrtime.bigint();
        const counterFile = `${logPath}.counter`;
        let value: number;
        try {
          value = Number(readFileSync(counterFile, 'utf8'));
        } catch {
          value = 0;
        }
        await sleep(hold);
        writeFileSync(counterFile, String(value + 1));
        appendFileSync(logPath!, `${process.pid} ${enter} ${process.hrtime.bigint()}\n`);
      },
      { timeoutMs: 60_000 },
    );
  }
}
