import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, type CliSandbox } from '../support/cli-harness.js';

/**
 * An account that was never signed in here (or was signed out: logout deletes every keychain entry) is not
 * "expired": credential-process says what is true and what to run, with or without the app to hand off to.
 */
let box: CliSandbox;
beforeAll(async () => {
  box = await cliSandbox();
  const add = await box.run([
    'account',
    'add',
    'fresh',
    '--user-pool-id',
    'us-east-1_Never1',
    '--client-id',
    'c1',
    '--identity-pool-id',
    'us-east-1:1234-ab',
    '--endpoint-url-cognito-idp',
    'http://127.0.0.1:9',
  ]);
  expect(add.code).toBe(0);
});
afterAll(() => box?.cleanup());

describe('credential-process for an account that is not signed in', () => {
  it.each([[[]], [['--wait', '0']]])('says "not signed in", never "expired" (%j)', async (extra) => {
    const run = await box.run(['credential-process', 'fresh', ...extra]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('fresh is not signed in');
    expect(run.stderr).not.toMatch(/expired/i);
    expect(run.stderr).toContain('cognito-broker login fresh');
  });
});
