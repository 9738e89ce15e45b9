import { realpathSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProfiles } from '../../main/core/aws-config/profile-editor.js';
import { consumerEnv, listProfilesWithAwsCli } from '../support/aws-consumers.js';
import { CLI, cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';

/**
 * The built `cognito-broker` binary, as installed users run it: `profiles` and `use` are registered, the
 * profiles it writes point at this Node and the real path of dist/cli/cognito-broker.cjs, and the AWS CLI
 * reads them. (Signing in and serving credentials through them end to end belongs to the credential-process
 * tests.)
 */
const POOL = ['--user-pool-id', 'eu-west-1_AbC123', '--client-id', '1example23456789', '--identity-pool-id', 'eu-west-1:11111111-2222-3333-4444-555555555555'];
const USER = '[default]\nregion = us-east-1\n# keep me\n';

let box: CliSandbox;
beforeAll(async () => {
  box = await cliSandbox();
  await mkdir(box.awsConfig.replace(/\/config$/, ''), { recursive: true });
  await writeFile(box.awsConfig, USER);
});
afterAll(async () => {
  expectCleanRuns(box.outputs);
  await box.cleanup();
});

describe('profiles and use in the built CLI', { timeout: 180_000 }, () => {
  it('lists the commands in --help', async () => {
    const help = await box.run(['--help']);
    for (const name of ['profiles sync', 'profiles add', 'profiles list', 'profiles remove', 'use'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\s`, 'm'));
  });

  it('sync, use and remove --all on a real config, read by the AWS CLI', async () => {
    expect((await box.run(['account', 'add', 'dev', ...POOL])).code).toBe(0);
    const sync = await box.run(['profiles', 'sync']);
    expect(sync).toMatchObject({ code: 0, stderr: '' });
    const text = await readFile(box.awsConfig, 'latin1');
    expect(listProfiles(text)).toEqual([
      {
        name: 'dev',
        account: 'dev',
        region: 'eu-west-1',
        credentialProcess: `${process.execPath} ${realpathSync(CLI)} credential-process dev`,
        duplicate: false,
      },
    ]);
    expect((await box.run(['use', 'dev'])).code).toBe(0);
    const env = consumerEnv(box.awsConfig, `${box.dir}/aws/credentials`, box.dir);
    expect(await listProfilesWithAwsCli(env)).toEqual(['cognito-broker-active', 'default', 'dev']);
    const list = await box.run(['profiles', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((v) => v.name)).toEqual(['dev', 'cognito-broker-active']);
    expect((await box.run(['profiles', 'remove', '--all'])).code).toBe(0);
    expect(await readFile(box.awsConfig, 'utf8')).toBe(USER);
  });
});
