import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { stopMarkedServers } from './global-setup.js';

describe('the test run sweeps what tests left running', () => {
  it('ends a process that carries the run mark, and leaves an unmarked one alone', async () => {
    const run = `sweep-${process.pid}`;
    const marked = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, COGNITO_BROKER_TEST_SERVER: run },
      stdio: 'ignore',
    });
    const unmarked = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      env: { ...process.env, COGNITO_BROKER_TEST_SERVER: 'another-run' },
      stdio: 'ignore',
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const exited = new Promise<NodeJS.Signals | null>((r) => marked.once('exit', (_code, signal) => r(signal)));
      stopMarkedServers(run);
      expect(await exited).toBe('SIGKILL');
      expect(unmarked.exitCode).toBeNull();
      expect(unmarked.signalCode).toBeNull();
    } finally {
      marked.kill('SIGKILL');
      unmarked.kill('SIGKILL');
    }
  });
});
