import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/cli-main.js';
import type { CliIo } from '../../main/cli/command.js';
import { PROFILE_COMMANDS } from '../../main/cli/commands/profiles.js';
import { addAccount } from '../../main/core/accounts/account-store.js';
import { consumerEnv, credentialsWithBoto3, exportCredentialsWithAwsCli, fakeLauncher, listProfilesWithAwsCli } from '../support/aws-consumers.js';

/**
 * The profile names `profiles sync|add|remove` must not take, through the real command runner on real
 * files read back by the AWS CLI and boto3: a user's section under another spelling (`[profile 'demo']`),
 * and another account's (or role's) managed profile. And `remove --all` gives back a missing file.
 */
const POOL = { userPoolId: 'eu-west-1_AbC123', clientId: '1example23456789', identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555' };
const READ_ONLY = 'arn:aws:iam::123456789012:role/BrokerReadOnly';

let dir: string;
let env: NodeJS.ProcessEnv;
let configFile: string;
let credentialsFile: string;
let launcherPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-cli-clashes-'));
  launcherPath = await fakeLauncher(dir);
  configFile = join(dir, 'aws', 'config');
  credentialsFile = join(dir, 'aws', 'credentials');
  env = {
    HOME: dir,
    COGNITO_BROKER_HOME: join(dir, 'home'),
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    COGNITO_BROKER_LAUNCHER: launcherPath,
  };
  await addAccount(join(dir, 'home'), { name: 'demo', region: 'eu-west-1', ...POOL });
  await addAccount(join(dir, 'home'), { name: 'demo-BrokerReadOnly', region: 'us-east-1', ...POOL });
  await mkdir(join(dir, 'aws'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Partial<CliIo> = { env, home: join(dir, 'home'), stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await runCli(argv, io, PROFILE_COMMANDS);
  return { code, stdout, stderr };
}

const awsEnv = () => consumerEnv(configFile, credentialsFile, dir);

describe('profile names that are taken', { timeout: 180_000 }, () => {
  it("sync leaves a user's [profile 'demo'] alone and says so; the AWS CLI and boto3 still use the user's", async () => {
    // The user's own profile gets credentials from the same stand-in, for an account called "users-own".
    const user = `[profile 'demo']\nregion = ap-south-1\ncredential_process = "${launcherPath}" credential-process users-own\n`;
    await writeFile(configFile, user);
    const run = await cli('profiles', 'sync');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'Skipped account "demo": a profile named "demo" that cognito-broker did not write already exists. Give it another name with `cognito-broker profiles add demo --name NAME`.\n',
    );
    expect((await readFile(configFile, 'utf8')).startsWith(`${user}\n[profile demo-BrokerReadOnly]\n`)).toBe(true);
    expect(await listProfilesWithAwsCli(awsEnv())).toEqual(['demo', 'demo-BrokerReadOnly']);
    expect(await credentialsWithBoto3(awsEnv(), 'demo')).toEqual({
      access_key: 'AKID-users-own',
      secret_key: 'secret-none',
      token: 'token',
      region: 'ap-south-1',
    });
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'demo')).toMatchObject({ AccessKeyId: 'AKID-users-own' });
  });

  it("add refuses another account's profile by name, nothing changes; sync does not flip an add's profile", async () => {
    await rm(configFile, { force: true });
    expect((await cli('profiles', 'sync')).code).toBe(0);
    const before = await readFile(configFile);
    const add = await cli('profiles', 'add', 'demo', '--role', READ_ONLY);
    expect(add).toMatchObject({ code: 1, stdout: '' });
    // The hint names the command the way this person can run it (a launcher path in a checkout).
    expect(add.stderr).toMatch(
      /^cognito-broker: The profile "demo-BrokerReadOnly" is already cognito-broker's profile for account "demo-BrokerReadOnly" with its default role, so it was left unchanged\.\nChoose another name with --name NAME, or remove that profile first with `.*profiles remove demo-BrokerReadOnly`\.\n$/,
    );
    expect((await readFile(configFile)).equals(before)).toBe(true);
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'demo-BrokerReadOnly')).toMatchObject({
      AccessKeyId: 'AKID-demo-BrokerReadOnly',
      SecretAccessKey: 'secret-none',
    });

    // The other way round: the role profile came first; sync reports the account that owns the name.
    await rm(configFile, { force: true });
    expect((await cli('profiles', 'add', 'demo', '--role', READ_ONLY)).code).toBe(0);
    for (let round = 0; round < 2; round++) {
      const sync = await cli('profiles', 'sync');
      expect(sync.code).toBe(1);
      expect(sync.stderr).toBe(
        `Skipped account "demo-BrokerReadOnly": the profile "demo-BrokerReadOnly" is already cognito-broker's profile for account "demo" as role ${READ_ONLY}. ` +
          'Give one of them another name with `cognito-broker profiles add demo-BrokerReadOnly --name NAME`, or remove that profile with `cognito-broker profiles remove demo-BrokerReadOnly`.\n',
      );
      expect(await exportCredentialsWithAwsCli(awsEnv(), 'demo-BrokerReadOnly')).toMatchObject({
        AccessKeyId: 'AKID-demo',
        SecretAccessKey: `secret-${READ_ONLY}`,
      });
    }
  });

  it('remove --all after the broker created the config leaves no config file, as before', async () => {
    await rm(configFile, { force: true });
    expect((await cli('profiles', 'add', 'demo', '--role', READ_ONLY, '--name', 'demo-ro')).code).toBe(0);
    expect((await cli('profiles', 'sync')).code).toBe(0);
    expect(await listProfilesWithAwsCli(awsEnv())).toEqual(['demo', 'demo-BrokerReadOnly', 'demo-ro']);
    expect(await cli('profiles', 'remove', '--all')).toEqual({
      code: 0,
      stdout: `Removed demo-ro, demo, demo-BrokerReadOnly from ${configFile}.\n`,
      stderr: '',
    });
    expect(existsSync(configFile)).toBe(false);
    expect(await listProfilesWithAwsCli(awsEnv())).toEqual([]);
  });
});
