import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { roleArn, seedWorld, type World } from '../stand-ins/seed.js';
import { cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';

/**
 * The README's flow with nothing but the built command and the real consumers: account add → login (SRP and a
 * TOTP code, like a real user) → profiles sync → the real AWS CLI v2, boto3 and the AWS SDK for JavaScript v3
 * (its default provider chain, as any Node program uses it) resolve the profile through credential_process and
 * get exactly what the identity pool issued → logout revokes the refresh token → the
 * profile stops working with a clear error.
 */
const AWS = '/usr/bin/aws';
const sdkProviders = createRequire(__filename).resolve('@aws-sdk/credential-providers');
const PYTHON = '/usr/bin/python3';

let backend: Backend;
let world: World;
let box: CliSandbox;

function run(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  box = await cliSandbox();
});

afterAll(async () => {
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  await backend?.stop();
});

describe('end to end through the AWS CLI, boto3 and the AWS SDK for JavaScript', () => {
  it('serves the identity pool credentials after login, and nothing after logout', async () => {
    const user = await world.totpUser(['admins', 'developers']);
    await addTestAccount(box, 'e2e', world, { username: user.username });
    const login = await box.run(['login', 'e2e', '--password-stdin', '--mfa-code-stdin'], {
      input: `${user.password}\n${authenticator.generate(user.totpSecret!)}\n`,
    });
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    const sync = await box.run(['profiles', 'sync']);
    expect(sync.code).toBe(0);

    // The AWS CLI and boto3 run as the person would: no endpoint variables, only the config file.
    const env = {
      PATH: process.env.PATH,
      HOME: box.dir,
      AWS_CONFIG_FILE: box.awsConfig,
      AWS_SHARED_CREDENTIALS_FILE: box.env.AWS_SHARED_CREDENTIALS_FILE,
      ...pick(box.env, ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'COGNITO_BROKER_HOME']),
    };
    const issued = backend.issued.at(-1);
    expect(issued?.roleArn).toBe(roleArn('BrokerAdmin'));

    const cli = await run(AWS, ['configure', 'export-credentials', '--profile', 'e2e', '--format', 'process'], env);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    expect(fromCli).toMatchObject({ AccessKeyId: issued?.accessKeyId, SecretAccessKey: issued?.secretAccessKey, SessionToken: issued?.sessionToken });

    const boto = await run(
      PYTHON,
      [
        '-c',
        'import boto3,json; c=boto3.Session(profile_name="e2e").get_credentials().get_frozen_credentials(); print(json.dumps([c.access_key,c.secret_key,c.token]))',
      ],
      env,
    );
    expect(boto.stderr).toBe('');
    expect(JSON.parse(boto.stdout)).toEqual([issued?.accessKeyId, issued?.secretAccessKey, issued?.sessionToken]);

    // The JS SDK's default chain in a Node process of its own (AWS_PROFILE, then fromIni → credential_process).
    const sdk = await run(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(sdkProviders)}).fromNodeProviderChain()()` +
          '.then((c) => console.log(JSON.stringify([c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiration.toISOString()])))' +
          '.catch((e) => { console.error(e.message); process.exit(1); })',
      ],
      { ...env, AWS_PROFILE: 'e2e' },
    );
    expect(sdk.code).toBe(0);
    const fromSdk = JSON.parse(sdk.stdout) as string[];
    expect(fromSdk.slice(0, 3)).toEqual([issued?.accessKeyId, issued?.secretAccessKey, issued?.sessionToken]);
    expect(Date.parse(fromSdk[3]!)).toBe(issued?.expiration.getTime());

    const logout = await box.run(['logout', 'e2e']);
    expect(logout.stderr).toBe('');
    expect(logout.code).toBe(0);
    expect(logout.stdout).toContain('the refresh token was revoked');
    const after = await run(AWS, ['configure', 'export-credentials', '--profile', 'e2e', '--format', 'process'], env);
    expect(after.code).not.toBe(0);
    expect(after.stdout).toBe('');
    expect(after.stderr).toContain('cognito-broker login e2e');
  });
});

function pick(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}
