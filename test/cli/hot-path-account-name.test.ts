import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/broker-cli.js';

/**
 * The credential-process fast path builds a lock path from the account name; a name that is not an account
 * name must be refused before that, so `../..` cannot create folders outside the broker home.
 */
describe('credential-process with a name that is not an account name', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-hot-name-'));
    await mkdir(join(dir, 'home'), { mode: 0o700 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates nothing outside the home and fails with a sentence', async () => {
    const env = { ...process.env, COGNITO_BROKER_HOME: join(dir, 'home') };
    const run = await runCli(['credential-process', '../../../../planted/x', '--role', 'arn:aws:iam::123456789012:role/R', '--wait', '0'], env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toMatch(/^cognito-broker: /);
    // locks/refresh-<name>-… with this name would be <home>/../planted/x-….lock.
    expect(existsSync(join(dir, 'planted'))).toBe(false);
    expect(existsSync(join(dir, 'home', 'planted'))).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['home']);
  });
});
