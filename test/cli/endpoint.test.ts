import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type Backend } from '../stand-ins/backend.js';
import { seedWorld, type World } from '../stand-ins/seed.js';
import { KeyringStore } from '../../main/core/keychain/keyring-store.js';
import { httpGet } from '../support/endpoint-http.js';
import { CLI, cliSandbox, expectCleanRuns, type CliSandbox } from '../support/cli-harness.js';
import { addTestAccount } from '../support/test-account.js';

/**
 * The credentials endpoint through the built command and the real clients: `serve` (and `exec --server`)
 * answer the AWS CLI v2, boto3 and the AWS SDK for JavaScript's default chain, each with no profile at all
 * (an empty config file), with exactly what the identity pool issued; short-lived credentials are renewed for
 * a client that runs past them; a burst of 64 clients on a stale cache costs one refresh.
 */
const AWS = '/usr/bin/aws';
const PYTHON = '/usr/bin/python3';
const sdkProviders = createRequire(__filename).resolve('@aws-sdk/credential-providers');

let backend: Backend;
let world: World;
let box: CliSandbox;
let serve: ChildProcess | undefined;
let fullUri: string;
let tokenFile: string;
let token: string;
let clientEnv: NodeJS.ProcessEnv;

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

/** Starts `serve` and resolves with what it printed once the variables are out. */
function startServe(args: string[]): Promise<{ child: ChildProcess; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', ...args], { env: box.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (/AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=.*\n/.test(stdout)) resolve({ child, stdout });
    });
    child.on('close', (code) => reject(new Error(`serve ended (${code}): ${stderr}`)));
  });
}

const pythonCreds = 'import boto3,json; c=boto3.Session().get_credentials().get_frozen_credentials(); print(json.dumps([c.access_key,c.secret_key,c.token]))';
const sdkCreds =
  `require(${JSON.stringify(sdkProviders)}).fromNodeProviderChain()()` +
  '.then((c) => console.log(JSON.stringify([c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiration.toISOString()])))' +
  '.catch((e) => { console.error(e.message); process.exit(1); })';

function lastIssued(): string[] {
  const issued = backend.issued.at(-1)!;
  return [issued.accessKeyId, issued.secretAccessKey, issued.sessionToken];
}

beforeAll(async () => {
  backend = await startBackend();
  world = await seedWorld(backend);
  box = await cliSandbox();
  const user = await world.plainUser(['developers']);
  await addTestAccount(box, 'ep', world, { username: user.username });
  const login = await box.run(['login', 'ep', '--password-stdin'], { input: `${user.password}\n` });
  expect(login.code).toBe(0);
  const started = await startServe(['ep']);
  serve = started.child;
  fullUri = /AWS_CONTAINER_CREDENTIALS_FULL_URI=(\S+)/.exec(started.stdout)![1]!;
  tokenFile = /AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=(.+)\n/.exec(started.stdout)![1]!;
  token = await readFile(tokenFile, 'utf8');
  expect(started.stdout).not.toContain(token);
  // No profile anywhere: an empty config file, no credentials file, no AWS_PROFILE.
  const emptyConfig = join(box.dir, 'empty-config');
  await writeFile(emptyConfig, '');
  clientEnv = {
    PATH: process.env.PATH,
    HOME: box.dir,
    LANG: 'C.UTF-8',
    AWS_CONFIG_FILE: emptyConfig,
    AWS_SHARED_CREDENTIALS_FILE: join(box.dir, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_CONTAINER_CREDENTIALS_FULL_URI: fullUri,
  };
});

afterAll(async () => {
  serve?.kill('SIGTERM');
  expectCleanRuns(box?.outputs ?? []);
  await box?.cleanup();
  await backend?.stop();
});

describe('credentials endpoint with real clients', () => {
  it('the AWS CLI v2, boto3 and the JavaScript SDK default chain read exactly what the identity pool issued', async () => {
    expect(fullUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials\/ep$/);
    const env = { ...clientEnv, AWS_CONTAINER_AUTHORIZATION_TOKEN: token };
    const cli = await run(AWS, ['configure', 'export-credentials', '--format', 'process'], env);
    expect(cli.stderr).toBe('');
    const fromCli = JSON.parse(cli.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
    expect([fromCli.AccessKeyId, fromCli.SecretAccessKey, fromCli.SessionToken]).toEqual(lastIssued());
    expect(Date.parse(fromCli.Expiration)).toBe(backend.issued.at(-1)!.expiration.getTime());

    const boto = await run(PYTHON, ['-c', pythonCreds], env);
    expect(boto.stderr).toBe('');
    expect(JSON.parse(boto.stdout)).toEqual(lastIssued());

    // The JavaScript SDK with the token file (it reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE).
    const sdk = await run(process.execPath, ['-e', sdkCreds], { ...clientEnv, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
    expect(sdk.stderr).toBe('');
    const fromSdk = JSON.parse(sdk.stdout) as string[];
    expect(fromSdk.slice(0, 3)).toEqual(lastIssued());
    expect(Date.parse(fromSdk[3]!)).toBe(backend.issued.at(-1)!.expiration.getTime());
  });

  it('export --format container prints lines that work in a shell, with the token read from its file, never printed', async () => {
    const exported = await box.run(['export', 'ep', '--format', 'container']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain(token);
    expect(exported.stdout).toContain(fullUri);
    const shell = await run(
      '/bin/sh',
      ['-c', `eval "$("${process.execPath}" "${CLI}" export ep --format container)" && exec ${AWS} configure export-credentials --format process`],
      { ...clientEnv, COGNITO_BROKER_HOME: box.home, ...pick(box.env, ['DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR']) },
    );
    expect(shell.stderr).toBe('');
    expect((JSON.parse(shell.stdout) as { AccessKeyId: string }).AccessKeyId).toBe(lastIssued()[0]);
    const missing = await box.run(['export', 'ep', '--format', 'container', '--role', 'arn:aws:iam::123456789012:role/Nobody']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('cognito-broker serve ep --role');
  });

  it('a burst of 64 clients on a stale cache costs one refresh, and all get the same renewed credentials', async () => {
    await makeStale();
    backend.resetCounts();
    const replies = await Promise.all(Array.from({ length: 64 }, () => httpGet(fullUri, { authorization: token })));
    expect(replies.map((r) => r.status)).toEqual(Array.from({ length: 64 }, () => 200));
    expect(new Set(replies.map((r) => r.body)).size).toBe(1);
    expect((JSON.parse(replies[0]!.body) as { AccessKeyId: string }).AccessKeyId).toBe(lastIssued()[0]);
    expect(backend.counts.userPool.get('GetTokensFromRefreshToken') + backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(1);
    expect(backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
  });

  it('a client that runs past the expiry of short-lived credentials gets renewed ones (boto3 and the JavaScript SDK)', async () => {
    backend.setCredentialLifetime(4);
    // What is cached has its hour left: make it stale so the next answer is a 4-second set.
    await makeStale();
    try {
      const env = { ...clientEnv, AWS_CONTAINER_AUTHORIZATION_TOKEN: token };
      const boto = await run(
        PYTHON,
        [
          '-c',
          'import boto3,json,time,datetime\n' +
            'c=boto3.Session().get_credentials()\n' +
            'a=c.get_frozen_credentials()\n' +
            'time.sleep(5)\n' +
            'b=c.get_frozen_credentials()\n' +
            'print(json.dumps([a.access_key,b.access_key,b.secret_key,b.token]))',
        ],
        env,
      );
      expect(boto.stderr).toBe('');
      const [first, second, ...rest] = JSON.parse(boto.stdout) as string[];
      expect(second).not.toBe(first);
      expect([second, ...rest]).toEqual(lastIssued());

      const sdk = await run(
        process.execPath,
        [
          '-e',
          `const p = require(${JSON.stringify(sdkProviders)}).fromNodeProviderChain();` +
            '(async () => { const a = await p(); await new Promise((r) => setTimeout(r, 5000)); const b = await p();' +
            'console.log(JSON.stringify([a.accessKeyId, b.accessKeyId, b.expiration > new Date()])); })().catch((e) => { console.error(e.message); process.exit(1); })',
        ],
        env,
      );
      expect(sdk.stderr).toBe('');
      const [a, b, fresh] = JSON.parse(sdk.stdout) as [string, string, boolean];
      expect(b).not.toBe(a);
      expect(b).toBe(lastIssued()[0]);
      expect(fresh).toBe(true);
    } finally {
      backend.setCredentialLifetime(3600);
    }
  });

  it('exec --server gives the command the endpoint, not keys, for as long as it runs', async () => {
    const result = await box.run(
      [
        'exec',
        'ep',
        '--server',
        '--',
        PYTHON,
        '-c',
        'import os,json,boto3; c=boto3.Session().get_credentials().get_frozen_credentials(); print(json.dumps([c.access_key, "AWS_ACCESS_KEY_ID" in os.environ, os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]]))',
      ],
      { env: { AWS_CONFIG_FILE: clientEnv.AWS_CONFIG_FILE, AWS_ACCESS_KEY_ID: 'AKIASTATICSHOULDGO00', AWS_SECRET_ACCESS_KEY: 'static' } },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [accessKeyId, hasStaticKey, uri] = JSON.parse(result.stdout) as [string, boolean, string];
    expect(accessKeyId).toBe(lastIssued()[0]);
    expect(hasStaticKey).toBe(false);
    expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials\/ep$/);
    // Its endpoint ended with the command.
    expect(await httpGet(uri).catch((e: NodeJS.ErrnoException) => e.code)).toBe('ECONNREFUSED');
  });

  it('refusals and failures reach the person through the SDKs with what to do', async () => {
    const wrong = await run(PYTHON, ['-c', pythonCreds], { ...clientEnv, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'not-the-token' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('403');
    expect(wrong.stderr).toContain('not a token of this credentials endpoint');
    expect((await httpGet(fullUri, { authorization: token, host: 'rebound.example' })).status).toBe(403);
    expect((await httpGet(fullUri, { authorization: token, method: 'POST' })).status).toBe(405);
    expect((await httpGet(`${fullUri}/x`, { authorization: token })).status).toBe(404);
    expect((await httpGet(fullUri)).status).toBe(401);

    const logout = await box.run(['logout', 'ep']);
    expect(logout.code).toBe(0);
    const signedOut = await run(AWS, ['configure', 'export-credentials', '--format', 'process'], { ...clientEnv, AWS_CONTAINER_AUTHORIZATION_TOKEN: token });
    expect(signedOut.code).not.toBe(0);
    expect(signedOut.stderr).toContain('cognito-broker login ep');
  });

  it('SIGTERM stops serve and removes its token files', async () => {
    const ended = new Promise<number | null>((resolve) => serve!.once('close', resolve));
    serve!.kill('SIGTERM');
    expect(await ended).toBe(0);
    serve = undefined;
    expect(existsSync(tokenFile)).toBe(false);
  });
});

/** The cached credentials of ep's default role keep their keys but have 5 minutes left (stale for the broker). */
async function makeStale(): Promise<void> {
  const store = new KeyringStore(box.home);
  const key = 'ep/credentials/default';
  const cached = JSON.parse((await store.get(key))!) as Record<string, string>;
  cached.expiration = new Date(Date.now() + 5 * 60_000).toISOString();
  await store.set(key, JSON.stringify(cached));
}

function pick(env: NodeJS.ProcessEnv, keys: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(keys.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
}
