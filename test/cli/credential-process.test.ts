import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFRESH_WINDOW_MS } from '../../main/core/credentials/aws-credentials.js';
import { locksDir } from '../../main/core/paths.js';
import { roleArn } from '../stand-ins/seed.js';
import { brokerWorld, childEnv, makeStale, type BrokerWorld } from '../support/broker-world.js';
import { blackHole, parseProcessOutput, runCli, startCli, CLI } from '../support/broker-cli.js';

/**
 * credential-process as the AWS CLI runs it: the BUILT command as a real process, against the real test
 * backend and the real keychain. The session is created with the real core (login) first.
 */
describe('cognito-broker credential-process', () => {
  let w: BrokerWorld;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    await w.broker.login(w.account, w.prompter());
    env = childEnv(w);
  });
  afterAll(async () => {
    await w?.cleanup();
  });

  it('a cache hit prints exactly the Version 1 JSON of the cached credentials and calls nothing', async () => {
    w.backend.resetCounts();
    const run = await runCli(['credential-process', 'work'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = parseProcessOutput(run.stdout);
    const issued = w.backend.issued.at(-1);
    expect(doc.AccessKeyId).toBe(issued?.accessKeyId);
    expect(doc.SecretAccessKey).toBe(issued?.secretAccessKey);
    expect(doc.SessionToken).toBe(issued?.sessionToken);
    expect(Date.parse(doc.Expiration)).toBe(issued?.expiration.getTime());
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('offline: with every endpoint dead, valid cached credentials are still served', async () => {
    const run = await runCli(['credential-process', 'work'], {
      ...env,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(0);
    expect(parseProcessOutput(run.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
  });

  it('the hot path loads only its two bundles and the keychain binding: no AWS SDK, no zod, no cli-main', async () => {
    const out = join(w.dir, 'trace.json');
    const run = await runCli(['credential-process', 'work'], { ...env, MODULE_TRACE_OUT: out }, ['--require', join(__dirname, 'module-tracer.cjs')]);
    expect(run.code).toBe(0);
    const trace = JSON.parse(await readFile(out, 'utf8')) as { files: string[]; builtins: string[] };
    const files = trace.files.map((f) => f.replace(/\\/g, '/'));
    // The first stage (the socket path, which found no app) and then the keychain stage next to it.
    expect(files[0]).toBe(CLI.replace(/\\/g, '/'));
    expect(files[1]).toBe(join(dirname(CLI), 'keychain-path.cjs').replace(/\\/g, '/'));
    const others = files.slice(2);
    // Exactly @napi-rs/keyring's loader and its native binary.
    expect(others.length).toBeGreaterThan(0);
    expect(others.length).toBeLessThanOrEqual(3);
    for (const file of others) expect(file).toMatch(/node_modules\/@napi-rs\/keyring/);
    for (const file of files) expect(file).not.toMatch(/@aws-sdk|@smithy|zod|react|electron|cli-main|aws-jwt-verify/);
    // No crypto, HTTP or child processes on the hot path either, and no sockets: with no app running nothing
    // asks one, and the output is written to fd 1 without the process.stdout stream.
    for (const builtin of ['crypto', 'http', 'https', 'child_process', 'worker_threads', 'net']) expect(trace.builtins).not.toContain(builtin);
  });

  it('stale credentials: one GetTokensFromRefreshToken and one GetCredentialsForIdentity, GetId never repeated; ≥ 15 min left', async () => {
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const run = await runCli(['credential-process', 'work'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = parseProcessOutput(run.stdout);
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    expect(doc.AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    expect(Date.parse(doc.Expiration) - Date.now()).toBeGreaterThanOrEqual(REFRESH_WINDOW_MS);
  });

  it('a stampede of 24 processes with stale credentials refreshes exactly once; all print the same valid credentials', async () => {
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const runs = await Promise.all(Array.from({ length: 24 }, () => runCli(['credential-process', 'work'], env)));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const docs = runs.map((r) => parseProcessOutput(r.stdout));
    expect(new Set(docs.map((d) => JSON.stringify(d))).size).toBe(1);
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    expect(docs[0]?.AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
  });

  it('different (account, role) pairs do not share a lock: a hung refresh of one role does not hold up another', async () => {
    // Role A's refresh hangs on a server that never answers while it holds A's lock; role B is served.
    const hole = await blackHole();
    try {
      await makeStale(w, 'default');
      const hung = startCli(['credential-process', 'work', '--deadline', '30'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: hole.url });
      await waitForLock(w);
      const other = await runCli(['credential-process', 'work', '--role', roleArn('BrokerReadOnly')], env);
      expect(other.code).toBe(0);
      expect(hung.child.exitCode).toBeNull();
      hung.child.kill('SIGKILL');
      await hung.done;
    } finally {
      await hole.close();
    }
  });

  it('a lock holder killed with SIGKILL: the next caller takes over the lock and refreshes', async () => {
    const hole = await blackHole();
    try {
      await makeStale(w, 'default');
      const holder = startCli(['credential-process', 'work', '--deadline', '60'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: hole.url });
      const lock = await waitForLock(w);
      holder.child.kill('SIGKILL');
      await holder.done;
      expect(existsSync(lock)).toBe(true);
      w.backend.resetCounts();
      const next = await runCli(['credential-process', 'work'], env);
      expect(next.stderr).toBe('');
      expect(next.code).toBe(0);
      expect(parseProcessOutput(next.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
      expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
      expect(w.backend.counts.userPool.get('InitiateAuth:REFRESH_TOKEN_AUTH')).toBe(0);
      // The dead holder is detected on the first poll, not after a stale timeout (30 s): a functional bound
      // that includes the whole process start and the refresh.
      expect(next.ms).toBeLessThan(5_000);
    } finally {
      await hole.close();
    }
  });

  it('a hung server: the deadline ends the process with one line saying why', async () => {
    const hole = await blackHole();
    try {
      await makeStale(w, 'default');
      const run = await runCli(['credential-process', 'work', '--deadline', '2'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: hole.url });
      expect(run.code === 0).toBe(false);
      expect(run.stdout).toBe('');
      const lines = run.stderr.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/gave up after 2 s .*while renewing the sign-in at the user pool/);
      expect(run.ms).toBeLessThan(8_000);
    } finally {
      await hole.close();
    }
  });

  it('COGNITO_BROKER_DEADLINE sets the same deadline', async () => {
    const hole = await blackHole();
    try {
      await makeStale(w, 'default');
      const run = await runCli(['credential-process', 'work'], {
        ...env,
        COGNITO_BROKER_DEADLINE: '1.5',
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: hole.url,
      });
      expect(run.code === 0).toBe(false);
      expect(run.stderr).toMatch(/^cognito-broker: gave up after 1\.5 s/);
    } finally {
      await hole.close();
    }
  });

  it('a dead network with stale credentials: a clear error well within the deadline, nothing on stdout', async () => {
    await makeStale(w, 'default');
    const run = await runCli(['credential-process', 'work'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^cognito-broker: /);
    expect(run.stderr).toMatch(/reach|connect|network/i);
    expect(run.stderr.split('\n').filter((l) => l !== '').length).toBeLessThanOrEqual(2);
  });

  it('a burst behind a refresh that fails gets that failure at once; the user pool is asked only once', async () => {
    let requests = 0;
    const failing = createServer((req, res) => {
      requests++;
      req.resume();
      req.on('end', () => {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ __type: 'InternalErrorException', message: 'down for maintenance' }));
      });
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const port = (failing.address() as AddressInfo).port;
    try {
      await makeStale(w, 'default');
      const runs = await Promise.all(
        Array.from({ length: 12 }, () =>
          runCli(['credential-process', 'work'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${port}` }),
        ),
      );
      for (const run of runs) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
      }
      expect(new Set(runs.map((r) => r.stderr)).size).toBe(1);
      expect(runs[0]?.stderr).toMatch(/^cognito-broker: /);
      // One refresh attempt (the SDK's own retry included), not one per process.
      expect(requests).toBeGreaterThanOrEqual(1);
      expect(requests).toBeLessThanOrEqual(2);
      // A call that starts after the failure tries again itself.
      const before = requests;
      await runCli(['credential-process', 'work'], { ...env, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `http://127.0.0.1:${port}` });
      expect(requests).toBeGreaterThan(before);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  it('a role the token does not allow is refused before any call', async () => {
    w.backend.resetCounts();
    const run = await runCli(['credential-process', 'work', '--role', roleArn('BrokerAdmin')], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('not allowed');
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('an unknown account: a clear error, not a crash', async () => {
    const run = await runCli(['credential-process', 'nobody'], env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/nobody/);
  });

  it('end to end: the real AWS CLI v2 and boto3 resolve exactly the credentials the identity pool issued', async () => {
    const refreshed = await runCli(['credential-process', 'work'], env);
    const issued = parseProcessOutput(refreshed.stdout);
    const config = `[profile p]\ncredential_process = "${process.execPath}" "${CLI}" credential-process work\nregion = ${w.backend.region}\n`;
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(w.dir, 'aws'), { recursive: true });
    await writeFile(env.AWS_CONFIG_FILE as string, config);
    const aws = spawnSync('/usr/bin/aws', ['configure', 'export-credentials', '--profile', 'p', '--format', 'process'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(aws.stderr).toBe('');
    expect(aws.status).toBe(0);
    const fromAws = JSON.parse(aws.stdout) as Record<string, string>;
    expect(fromAws.AccessKeyId).toBe(issued.AccessKeyId);
    expect(fromAws.SecretAccessKey).toBe(issued.SecretAccessKey);
    expect(fromAws.SessionToken).toBe(issued.SessionToken);
    expect(Date.parse(fromAws.Expiration as string)).toBe(Date.parse(issued.Expiration));
    const py = spawnSync(
      '/usr/bin/python3',
      [
        '-c',
        'import boto3, json; c = boto3.Session(profile_name="p").get_credentials().get_frozen_credentials(); print(json.dumps([c.access_key, c.secret_key, c.token]))',
      ],
      { env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(py.status).toBe(0);
    expect(JSON.parse(py.stdout)).toEqual([issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken]);
    const last = w.backend.issued.at(-1);
    expect(issued.AccessKeyId).toBe(last?.accessKeyId);
  });
});

/** Wait until a refresh lock file appears (a holder is inside the lock); returns its path. */
async function waitForLock(w: BrokerWorld): Promise<string> {
  const dir = locksDir(w.home);
  for (let i = 0; i < 200; i++) {
    const found = existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('refresh-') && f.endsWith('.lock')) : [];
    if (found[0]) return join(dir, found[0]);
    await sleep(25);
  }
  throw new Error('no process took the refresh lock');
}
