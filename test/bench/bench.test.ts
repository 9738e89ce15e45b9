import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run bench` runs end to end and prints its table. Only that: speed targets are the bench's business
 * (its PASS/FAIL column), never a test's, so this runs it small (10 runs, bursts of 8) and does not look at
 * the exit code, which says whether the targets were met on this machine at this moment.
 */
describe('npm run bench', () => {
  it('prints every figure with its target and a PASS/FAIL result', async () => {
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts', 'bench.mjs'), '--cli-only'], {
        cwd: ROOT,
        env: { ...process.env, BENCH_RUNS: '10', BENCH_BURST: '8' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(run.stderr).not.toMatch(
      /^bench: (?!starting|credential-process cold|\/usr\/bin\/aws|credentials endpoint|refresh path|\d+ concurrent|independent|sign-in through a proxy)/m,
    );
    const table = run.stdout;
    for (const figure of [
      'credential-process, app running (cache hit)',
      'credential-process cold, no app (cache hit)',
      'hot path peak RSS',
      'aws configure export-credentials',
      'AWS CLI call, endpoint variables',
      'refresh path median wall',
      'stampede 8× stale cache',
      'stampede 8× refreshes / outputs',
      "other role while one role's refresh hangs",
      'sign-in + first credentials, proxy + TLS',
      'config read, one 1 MiB line (worst shape)',
      'client SRP work (user SRP) median',
    ]) {
      const line = table.split('\n').find((l) => l.startsWith(`| ${figure}`));
      expect(line, figure).toBeDefined();
      expect(line).toMatch(/\| (PASS|FAIL) +\|/);
    }
    // A figure reported without a target: a time in milliseconds and no verdict.
    expect(table).toMatch(/^\| endpoint answer, cache hit, median +\| [\d.]+ ms +\| p95 [\d.]+ ms +\| +\| report +\| +\|/m);
    // Call counts are exact, whatever the machine's speed.
    expect(table).toMatch(/refresh path median wall .*\| PASS/);
    expect(table).toMatch(/stampede 8× refreshes \/ outputs +\| 1 refresh, 1 GetCredentials, 0 GetId/);
  }, 300_000);
});
