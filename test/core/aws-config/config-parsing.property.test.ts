import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleChild } from '../fs/bundle-child.js';

/**
 * Fault: parsing the config was quadratic on a long line (a 100 KB line took 10 s, synchronously — the app
 * would freeze). This asserts "not quadratic", not a speed target (speed is the benchmark's to report): for
 * generated megabyte lines, every read and edit of the store takes about 16 times as long on a line 16
 * times as long (quadratic: 256 times), and stays far below a second. The generous bounds hold on a loaded 2-core
 * machine; quadratic code misses them by orders of magnitude (and is stopped by the deadline).
 */
const SIZE = 1024 * 1024;
const RUNS = 40;
const DEADLINE_MS = 60_000;

let child: { file: string; dir: string };
beforeAll(async () => {
  child = await bundleChild(join(__dirname, 'children', 'long-lines.ts'));
});
afterAll(async () => {
  await rm(child.dir, { recursive: true, force: true });
});

interface Run {
  line: string;
  context: string;
  bigMs: number;
  smallMs: number;
}

function measure(): Promise<{ runs: Run[]; code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child.file, String(SIZE), String(RUNS), String(Date.now() % 100_000)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, DEADLINE_MS);
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        runs: stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Run),
        code,
        stderr,
        timedOut,
      });
    });
  });
}

describe('config parsing is linear in the length of a line (fast-check, megabyte lines)', () => {
  it(
    `${RUNS} generated configs with a ${SIZE / 1024} KiB line: ~16× the time for 16× the line, each well under a second`,
    async () => {
      const { runs, code, stderr, timedOut } = await measure();
      const last = runs[runs.length - 1];
      expect(timedOut, `still parsing after ${DEADLINE_MS / 1000} s (last finished: ${JSON.stringify(last)})`).toBe(false);
      expect(code, stderr).toBe(0);
      expect(runs).toHaveLength(RUNS);
      for (const run of runs) {
        expect(run.bigMs, JSON.stringify(run)).toBeLessThan(1000);
        // Linear: about 16 (less where fixed costs dominate, more when a collection lands in the big run);
        // quadratic: about 256. Sub-2 ms runs are timer noise, counted as 2 ms.
        expect(run.bigMs / Math.max(run.smallMs, 2), JSON.stringify(run)).toBeLessThan(64);
      }
      const worst = runs.reduce((a, b) => (b.bigMs > a.bigMs ? b : a));
      console.info(
        `config parsing, ${SIZE / 1024} KiB line: worst ${worst.bigMs.toFixed(1)} ms (${worst.line}), median ${[...runs].sort((a, b) => a.bigMs - b.bigMs)[RUNS >> 1]!.bigMs.toFixed(1)} ms`,
      );
    },
    DEADLINE_MS + 60_000,
  );
});
