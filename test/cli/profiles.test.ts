import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/cli-main.js';
import type { CliIo } from '../../main/cli/command.js';
import { COMMANDS } from '../../main/cli/commands/command-list.js';
import { PROFILE_COMMANDS } from '../../main/cli/commands/profiles.js';
import { useCommand } from '../../main/cli/commands/use.js';
import { addAccount } from '../../main/core/accounts/account-store.js';
import { updateSettings } from '../../main/core/settings/settings-store.js';
import { consumerEnv, credentialsWithBoto3, exportCredentialsWithAwsCli, fakeLauncher, listProfilesWithAwsCli } from '../support/aws-consumers.js';

/**
 * `profiles sync|add|list|remove` and `use` through the real command runner (parsing, help, errors, exit
 * codes) in-process, on real files, read back by the real AWS CLI and boto3. The launcher is a stand-in at
 * a path with spaces (COGNITO_BROKER_LAUNCHER), so export-credentials runs it. profiles-built.test.ts runs
 * the same commands through the built binary.
 */
const ALL = [...COMMANDS.filter((c) => !PROFILE_COMMANDS.some((p) => p.name === c.name) && c.name !== 'use'), ...PROFILE_COMMANDS, useCommand];
const ADMIN = 'arn:aws:iam::123456789012:role/Admin';
const USER = '# hand-written\r\n[default]\r\nregion = us-east-1\r\n\r\n[profile legacy]\r\naws_access_key_id = AKIAOLD\r\n';
const POOL = { userPoolId: 'eu-west-1_AbC123', clientId: '1example23456789', identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555' };

let dir: string;
let env: NodeJS.ProcessEnv;
let configFile: string;
let credentialsFile: string;
let launcherPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-cli-profiles-'));
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
  await addAccount(join(dir, 'home'), { name: 'dev', region: 'eu-west-1', ...POOL });
  await addAccount(join(dir, 'home'), { name: 'prod', region: 'us-west-2', ...POOL });
  await mkdir(join(dir, 'aws'));
  await writeFile(configFile, USER);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Partial<CliIo> = { env, home: join(dir, 'home'), stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await runCli(argv, io, ALL);
  return { code, stdout, stderr };
}

const run = promisify(execFile);
const config = () => readFile(configFile, 'utf8');
const awsEnv = () => consumerEnv(configFile, credentialsFile, dir);

describe('profiles and use commands', { timeout: 180_000 }, () => {
  it('profiles sync writes one profile per account that the AWS CLI and boto3 use', async () => {
    const run = await cli('profiles', 'sync');
    expect(run).toEqual({ code: 0, stdout: `${configFile}: wrote dev, prod.\n`, stderr: '' });
    expect(await config()).toBe(
      `${USER}\r\n[profile dev]\r\n# managed by cognito-broker: account=dev\r\ncredential_process = "${launcherPath}" credential-process dev\r\nregion = eu-west-1\r\n` +
        `\r\n[profile prod]\r\n# managed by cognito-broker: account=prod\r\ncredential_process = "${launcherPath}" credential-process prod\r\nregion = us-west-2\r\n`,
    );
    expect(await listProfilesWithAwsCli(awsEnv())).toEqual(['default', 'dev', 'legacy', 'prod']);
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'prod')).toMatchObject({ AccessKeyId: 'AKID-prod' });
    expect((await cli('profiles', 'sync')).stdout).toBe(`${configFile}: unchanged dev, prod.\n`);
  });

  it('profiles add: a role profile, named after the role unless --name', async () => {
    expect(await cli('profiles', 'add', 'dev', '--role', ADMIN)).toEqual({
      code: 0,
      stdout: `Wrote profile "dev-Admin" in ${configFile}. Use it with \`aws --profile dev-Admin ...\`.\n`,
      stderr: '',
    });
    expect((await cli('profiles', 'add', 'dev', '--role', ADMIN, '--name', 'dev-admin-2')).code).toBe(0);
    expect(await credentialsWithBoto3(awsEnv(), 'dev-admin-2')).toEqual({
      access_key: 'AKID-dev',
      secret_key: `secret-${ADMIN}`,
      token: 'token',
      region: 'eu-west-1',
    });
  });

  it('profiles add: bad role, unknown account, taken name are one clear sentence each, nothing written', async () => {
    const before = await config();
    const badRole = await cli('profiles', 'add', 'dev', '--role', 'Admin');
    expect(badRole).toMatchObject({ code: 2, stdout: '' });
    expect(badRole.stderr).toMatch(/^cognito-broker: --role must be an IAM role ARN, but it is "Admin"\.\n/);
    const unknown = await cli('profiles', 'add', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^cognito-broker: .*"nope"/);
    const taken = await cli('profiles', 'add', 'dev', '--name', 'legacy');
    expect(taken).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'cognito-broker: The AWS config already has a profile named "legacy" that cognito-broker did not write, so it was left unchanged.\nChoose another name with --name NAME, or rename or remove your own section first.\n',
    });
    expect(await config()).toBe(before);
  });

  it('profiles list: table and JSON, with a shadowing credentials section reported on stderr', async () => {
    await writeFile(credentialsFile, '[prod]\naws_access_key_id = AKIAOLD\naws_secret_access_key = x\n');
    const table = await cli('profiles', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^PROFILE\s+ACCOUNT\s+ROLE\s+REGION\s+USED BY AWS CLI$/);
    expect(table.stdout).toMatch(/^dev-Admin\s+dev\s+arn:aws:iam::123456789012:role\/Admin\s+eu-west-1\s+yes$/m);
    expect(table.stdout).toMatch(/^prod\s+prod\s+\(account default\)\s+us-west-2\s+no$/m);
    expect(table.stderr).toBe(
      `Warning: profile "prod": ${credentialsFile} has a [prod] section with keys, which the AWS CLI uses instead of this profile; remove that section to use it.\n`,
    );
    const json = JSON.parse((await cli('profiles', 'list', '--json')).stdout) as { name: string; effective: boolean }[];
    expect(json.map((v) => [v.name, v.effective])).toEqual([
      ['dev', true],
      ['prod', false],
      ['dev-Admin', true],
      ['dev-admin-2', true],
    ]);
    await rm(credentialsFile);
  });

  it('use: the active profile follows the account; --as-default is refused while a [default] of yours exists', async () => {
    expect(await cli('use', 'prod')).toEqual({ code: 0, stdout: `Active account: prod (profile cognito-broker-active in ${configFile}).\n`, stderr: '' });
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'cognito-broker-active')).toMatchObject({ AccessKeyId: 'AKID-prod' });
    expect((await cli('use', 'dev')).code).toBe(0);
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'cognito-broker-active')).toMatchObject({ AccessKeyId: 'AKID-dev' });
    const before = await config();
    const refused = await cli('use', 'prod', '--as-default');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'cognito-broker: The AWS config already has a profile named "default" that cognito-broker did not write, so it was left unchanged.\nRename or remove your own [default] section first if you want cognito-broker to manage the default profile.\n',
    });
    expect(await config()).toBe(before);
  });

  it('use --shell: stdout is only the line that sets AWS_PROFILE, which bash and fish evaluate; PowerShell gets $Env:', async () => {
    // dev, as the test before left it: the ones after expect the active profile on dev.
    const posix = await cli('use', 'dev', '--shell', 'bash');
    expect(posix).toEqual({
      code: 0,
      stdout: 'export AWS_PROFILE=cognito-broker-active\n',
      stderr: `Active account: dev (profile cognito-broker-active in ${configFile}).\n`,
    });
    const bash = await run('bash', ['--norc', '--noprofile', '-c', 'eval "$1"; printf %s "$AWS_PROFILE"', 'bash', posix.stdout]);
    expect(bash.stdout).toBe('cognito-broker-active');
    const fishLine = await cli('use', 'dev', '--shell', 'fish');
    expect(fishLine.stdout).toBe('set -gx AWS_PROFILE cognito-broker-active;\n');
    const fish = await run('fish', ['--no-config', '-c', 'echo $argv[1] | source; printf %s $AWS_PROFILE', fishLine.stdout]);
    expect(fish.stdout).toBe('cognito-broker-active');
    expect((await cli('use', 'dev', '--shell', 'powershell')).stdout).toBe("$Env:AWS_PROFILE = 'cognito-broker-active'\n");
    const bad = await cli('use', 'dev', '--shell', 'tcsh');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shell must be one of bash, zsh, fish, powershell/);
  });

  it('profiles remove: exactly one selector; ours only; --all gives back the original file byte for byte', async () => {
    expect((await cli('profiles', 'remove')).code).toBe(2);
    expect((await cli('profiles', 'remove', 'dev', '--all')).code).toBe(2);
    const foreign = await cli('profiles', 'remove', 'legacy');
    expect(foreign).toMatchObject({
      code: 1,
      stderr:
        'cognito-broker: The profile "legacy" was not written by cognito-broker, so it was left unchanged.\ncognito-broker only removes profiles it manages; edit your AWS config by hand to remove this one.\n',
    });
    expect(await cli('profiles', 'remove', '--account', 'dev')).toEqual({
      code: 0,
      stdout: `Removed dev, dev-Admin, dev-admin-2, cognito-broker-active from ${configFile}.\n`,
      stderr: '',
    });
    expect(await cli('profiles', 'remove', '--all')).toEqual({ code: 0, stdout: `Removed prod from ${configFile}.\n`, stderr: '' });
    expect(await config()).toBe(USER);
    expect(await listProfilesWithAwsCli(awsEnv())).toEqual(['default', 'legacy']);
  });

  it('with the allowDefaultProfile setting and no [default] of yours, use writes a managed default too', async () => {
    await writeFile(configFile, '# no default\n');
    await updateSettings(join(dir, 'home'), { allowDefaultProfile: true, activeProfileName: 'current' });
    expect(await cli('use', 'dev')).toEqual({ code: 0, stdout: `Active account: dev (profiles current and default in ${configFile}).\n`, stderr: '' });
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'default')).toMatchObject({ AccessKeyId: 'AKID-dev' });
    expect((await cli('use', 'prod')).code).toBe(0);
    expect(await exportCredentialsWithAwsCli(awsEnv(), 'default')).toMatchObject({ AccessKeyId: 'AKID-prod' });
    await cli('profiles', 'remove', '--all');
    expect(await config()).toBe('# no default\n');
  });

  it('sync reports a clash on stderr, writes the rest and exits 1', async () => {
    await writeFile(configFile, '[profile dev]\nregion = x\n');
    const run = await cli('profiles', 'sync');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${configFile}: wrote prod.\n`);
    expect(run.stderr).toBe(
      'Skipped account "dev": a profile named "dev" that cognito-broker did not write already exists. Give it another name with `cognito-broker profiles add dev --name NAME`.\n',
    );
  });

  it('help shows what a managed profile looks like and how to undo everything', async () => {
    const sync = await cli('profiles', 'sync', '--help');
    expect(sync.stdout).toContain('# managed by cognito-broker: account=dev');
    const remove = await cli('profiles', 'remove', '--help');
    expect(remove.stdout).toContain('`--all` undoes everything');
  });
});
