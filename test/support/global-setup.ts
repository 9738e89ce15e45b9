import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Before any test: a Secret Service must answer (most tests use the real keychain), and dist/ must match the
 * sources. After all tests: no server a test started survives the run.
 *
 * Tests that run the built CLI, the demo bundle or the renderer need dist/ to match the sources. The
 * Node bundles build in milliseconds, so they are rebuilt once per test run here (never per test file:
 * parallel files rebuilding the same outputs would read each other's half-written bundles). The renderer
 * (Vite, slower) is rebuilt only when missing. `npm test` builds everything before vitest starts and
 * sets COGNITO_BROKER_SKIP_BUILD=1.
 */
export default function setup(): () => void {
  const root = join(__dirname, '..', '..');
  if (process.env.COGNITO_BROKER_SKIP_KEYCHAIN_CHECK !== '1') checkSecretService(root);
  if (process.env.COGNITO_BROKER_SKIP_BUILD !== '1') {
    const targets = ['cli', 'demo', 'main', 'preload'];
    if (!existsSync(join(root, 'dist/renderer/index.html'))) targets.push('renderer');
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-present', ...targets], { cwd: root, stdio: 'inherit' });
  }
  const bin = linkCommandOnPath(root);
  // Servers the tests start (cognito-local, proxies) carry this run's mark in their environment
  // (test/support/test-server-mark.ts), so whatever a crashed or timed-out test file left behind can be found and ended.
  const run = randomBytes(8).toString('hex');
  process.env.COGNITO_BROKER_TEST_RUN = run;
  return () => {
    stopMarkedServers(run);
    rmSync(bin, { recursive: true, force: true });
  };
}

/**
 * As after `npm link`: `cognito-broker` on PATH for every test process, so hints read as the README writes
 * them. test/cli/runnable-command.test.ts checks the wording for a person who has not linked it.
 */
function linkCommandOnPath(root: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'cb-test-bin-'));
  writeFileSync(join(bin, 'cognito-broker'), `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist/cli/cognito-broker.cjs')}" "$@"\n`, { mode: 0o755 });
  process.env.PATH = `${bin}${delimiter}${process.env.PATH ?? ''}`;
  return bin;
}

/** scripts/check-secret-service.mjs, also for `npx vitest` without `npm test`; its sentence becomes the error. */
function checkSecretService(root: string): void {
  const result = spawnSync(process.execPath, [join(root, 'scripts/check-secret-service.mjs')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr.trim() || 'No Secret Service answered.');
}

/** Linux: every process whose environment holds this run's server mark is ended. Elsewhere nothing to sweep. */
export function stopMarkedServers(run: string): void {
  if (process.platform !== 'linux') return;
  const mark = `COGNITO_BROKER_TEST_SERVER=${run}`;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(mark)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
}
