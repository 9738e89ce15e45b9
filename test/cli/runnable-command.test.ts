import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runnableCommand, withRunnableCommand } from '../../main/cli/runnable-command.js';
import { CLI, runNode } from '../support/cli-harness.js';

const bin = mkdtempSync(join(tmpdir(), 'cb-runnable-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

describe('hints name the command the way this person can run it', () => {
  it('cognito-broker when it is on PATH, else the launcher, else node and the script', () => {
    writeFileSync(join(bin, 'cognito-broker'), '#!/bin/sh\n', { mode: 0o755 });
    expect(runnableCommand({ PATH: bin }, ['node', '/x/dist/cli/cognito-broker.cjs'], '/x')).toBe('cognito-broker');
    const empty = mkdtempSync(join(tmpdir(), 'cb-empty-'));
    try {
      expect(
        runnableCommand({ PATH: empty, COGNITO_BROKER_LAUNCHER: '/Applications/Cognito Broker.app/Contents/Resources/cli/cognito-broker' }, ['e', 's'], '/'),
      ).toBe("'/Applications/Cognito Broker.app/Contents/Resources/cli/cognito-broker'");
      expect(runnableCommand({ PATH: empty }, ['node', '/repo/dist/cli/cognito-broker.cjs'], '/repo')).toBe('node dist/cli/cognito-broker.cjs');
      expect(runnableCommand({ PATH: empty }, ['node', '/repo/dist/cli/cognito-broker.cjs'], '/elsewhere')).toBe('node /repo/dist/cli/cognito-broker.cjs');
      // Run inside another program (a test runner): its script is not ours to name.
      expect(runnableCommand({ PATH: empty }, ['node', '/repo/node_modules/vitest/dist/workers/forks.js'], '/repo')).toBe('cognito-broker');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('rewrites every hint that names cognito-broker', () => {
    expect(withRunnableCommand('Run `cognito-broker login work`, or `cognito-broker status`.', 'node dist/cli/cognito-broker.cjs')).toBe(
      'Run `node dist/cli/cognito-broker.cjs login work`, or `node dist/cli/cognito-broker.cjs status`.',
    );
  });

  it('the built CLI, run from a checkout without npm link, names itself runnably in its error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cb-runnable-home-'));
    try {
      // A PATH without the test run's linked `cognito-broker`, as for someone who never ran `npm link`.
      const result = await runNode([CLI, 'logout', 'nobody'], { COGNITO_BROKER_HOME: home, PATH: '/usr/bin:/bin', HOME: home });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/`node \S*dist\/cli\/cognito-broker\.cjs account list`|`node \S*dist\/cli\/cognito-broker\.cjs account add/);
      expect(result.stderr).not.toMatch(/`cognito-broker /);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
