import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityLog } from '../../main/core/activity/activity-log.js';
import { startAppRuntime, type AppRuntime } from '../../main/core/app/app-runtime.js';
import type { RefresherClock } from '../../main/core/app/background-refresher.js';
import { credentialSocketPath, credentialSocketSecretPath } from '../../main/core/credential-socket/credential-socket-protocol.js';
import { ensureSecretFile } from '../../main/core/fs/secret-file.js';
import { roleArn } from '../stand-ins/seed.js';
import { brokerWorld, childEnv, makeStale, type BrokerWorld } from '../support/broker-world.js';
import { CLI, parseProcessOutput, runCli, type Run } from '../support/broker-cli.js';

/**
 * credential-process's fastest path: the app's runtime (the real one the Electron shell and dev:web start,
 * on the real core, the real test backend and the real keychain) answers over the credential socket, and
 * the BUILT command loads neither the keychain binding nor the AWS SDK. When nothing answers — no app, a
 * socket left by a killed one, a hung or foreign listener, an error answer — the command takes the keychain
 * path and says exactly what it says without the app.
 */
const NOBODY = 65534;

/** The refresher's timers never fire here: what the tests count is what credential-process caused. */
const stillClock: RefresherClock = { now: () => Date.now(), setTimeout: () => 0, clearTimeout: () => undefined };

interface Trace {
  files: string[];
  builtins: string[];
}

describe('credential-process answered by the running app over the credential socket', () => {
  let w: BrokerWorld;
  let env: NodeJS.ProcessEnv;
  let runtime: AppRuntime | undefined;
  let traces = 0;

  const startApp = async (): Promise<AppRuntime> =>
    startAppRuntime({
      home: w.home,
      env: { ...w.backend.env(), AWS_CONFIG_FILE: join(w.dir, 'aws', 'config') },
      launcher: { kind: 'node-script', node: process.execPath, script: CLI },
      clock: stillClock,
    });

  /** The built command with the module tracer: what it printed and which modules it loaded. */
  const traced = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ run: Run; trace: Trace; files: string[] }> => {
    const out = join(w.dir, `trace-${++traces}.json`);
    const run = await runCli(args, { ...env, ...extraEnv, MODULE_TRACE_OUT: out }, ['--require', join(__dirname, 'module-tracer.cjs')]);
    const trace = JSON.parse(await readFile(out, 'utf8')) as Trace;
    return { run, trace, files: trace.files.map((f) => f.replace(/\\/g, '/')) };
  };

  const expectSocketPathOnly = ({ files, trace }: { files: string[]; trace: Trace }) => {
    // The first-stage bundle alone: not the keychain stage (keychain-path.cjs), not the keychain binding (so no
    // keychain read in this process), no AWS SDK, no cli-main.
    expect(files).toEqual([CLI.replace(/\\/g, '/')]);
    expect(files.some((f) => /keychain-path|@napi-rs\/keyring|@aws-sdk|cli-main/.test(f))).toBe(false);
    // It did talk over the socket.
    expect(trace.builtins).toContain('net');
    for (const builtin of ['crypto', 'http', 'https', 'child_process', 'worker_threads']) expect(trace.builtins).not.toContain(builtin);
  };

  const expectKeychainPath = ({ files }: { files: string[] }) => {
    // The first stage handed the call to the keychain stage next to it, which read the keychain.
    expect(files.slice(0, 2)).toEqual([CLI.replace(/\\/g, '/'), join(dirname(CLI), 'keychain-path.cjs').replace(/\\/g, '/')]);
    expect(files.some((f) => /node_modules\/@napi-rs\/keyring/.test(f))).toBe(true);
  };

  beforeAll(async () => {
    w = await brokerWorld({ name: 'work', endpointsInEnv: true });
    await w.broker.login(w.account, w.prompter());
    env = childEnv(w);
  });
  afterAll(async () => {
    await runtime?.stop();
    await w?.cleanup();
  });

  it('with the app running, a cache hit comes from the app: exactly the cached credentials, no keychain binding, no AWS SDK', async () => {
    runtime = await startApp();
    const socket = credentialSocketPath(w.home);
    expect(lstatSync(socket).isSocket()).toBe(true);
    expect(lstatSync(socket).mode & 0o777).toBe(0o600);
    expect(lstatSync(join(w.home, 'credentials.key')).mode & 0o777).toBe(0o600);
    w.backend.resetCounts();
    const result = await traced(['credential-process', 'work']);
    expect(result.run.stderr).toBe('');
    expect(result.run.code).toBe(0);
    expectSocketPathOnly(result);
    const doc = parseProcessOutput(result.run.stdout);
    const issued = w.backend.issued.at(-1);
    expect(doc.AccessKeyId).toBe(issued?.accessKeyId);
    expect(doc.SecretAccessKey).toBe(issued?.secretAccessKey);
    expect(doc.SessionToken).toBe(issued?.sessionToken);
    expect(Date.parse(doc.Expiration)).toBe(issued?.expiration.getTime());
    expect(w.backend.counts.userPool.snapshot()).toEqual({});
    expect(w.backend.counts.identity.snapshot()).toEqual({});
  });

  it('stale credentials: the app renews them once (and logs it); the command still loads no keychain binding or SDK', async () => {
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const result = await traced(['credential-process', 'work']);
    expect(result.run.stderr).toBe('');
    expect(result.run.code).toBe(0);
    expectSocketPathOnly(result);
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(w.backend.counts.identity.get('GetId')).toBe(0);
    expect(parseProcessOutput(result.run.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
    // Renewed by the app, so logged without the command line's "(command line)".
    const [latest] = await new ActivityLog(w.home).list(1);
    expect(latest?.kind).toBe('refresh');
    expect(latest?.message).toBe('Renewed the AWS credentials of work.');
  });

  it('--role: the app answers that role, by the same rules', async () => {
    const role = roleArn('BrokerReadOnly');
    const result = await traced(['credential-process', 'work', '--role', role]);
    expect(result.run.code).toBe(0);
    expectSocketPathOnly(result);
    expect(parseProcessOutput(result.run.stdout).AccessKeyId).toBe(w.backend.issued.filter((i) => i.roleArn === role).at(-1)?.accessKeyId);
  });

  it('a burst of 24 on a stale cache: one refresh in the app, every process prints the same credentials', async () => {
    await makeStale(w, 'default');
    w.backend.resetCounts();
    const runs = await Promise.all(Array.from({ length: 24 }, () => runCli(['credential-process', 'work'], env)));
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(w.backend.counts.userPool.get('GetTokensFromRefreshToken')).toBe(1);
    expect(w.backend.counts.identity.get('GetCredentialsForIdentity')).toBe(1);
    expect(parseProcessOutput(runs[0]!.stdout).AccessKeyId).toBe(w.backend.issued.at(-1)?.accessKeyId);
  });

  it('an account that is not signed in: the app answers an error and the command says exactly what it says without the app', async () => {
    // A second account in the same home that was never signed in.
    const accounts = JSON.parse(await readFile(join(w.home, 'accounts.json'), 'utf8')) as { version: number; accounts: { name: string }[] };
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(w.home, 'accounts.json'),
      JSON.stringify({ ...accounts, accounts: [...accounts.accounts, { ...accounts.accounts[0], name: 'fresh' }] }),
    );
    // Watch the app's answers (the socket calls the service's credentialsFor on each request).
    const service = runtime!.service;
    const answered: string[] = [];
    const credentialsFor = service.credentialsFor.bind(service);
    service.credentialsFor = (name, role) =>
      credentialsFor(name, role).catch((error: unknown) => {
        answered.push(`${name}: ${(error as Error).message}`);
        throw error;
      });
    const withApp = await traced(['credential-process', 'fresh', '--wait', '0']);
    expect(answered).toEqual([expect.stringMatching(/^fresh: .*not signed in/)]);
    expect(withApp.run.code).toBe(1);
    expect(withApp.run.stdout).toBe('');
    expect(withApp.run.stderr).toContain('fresh is not signed in');
    expect(withApp.run.stderr).toContain('cognito-broker login fresh');
    // After the app's error the command took the keychain path, which printed that sentence.
    expectKeychainPath(withApp);
    await runtime?.stop();
    runtime = undefined;
    const withoutApp = await runCli(['credential-process', 'fresh', '--wait', '0'], env);
    expect(withoutApp.code).toBe(1);
    expect(withApp.run.stderr).toBe(withoutApp.stderr);
  });

  it('after the app quits: no socket is left, and the keychain path answers', async () => {
    runtime = await startApp();
    await runtime.stop();
    runtime = undefined;
    expect(existsSync(credentialSocketPath(w.home))).toBe(false);
    const result = await traced(['credential-process', 'work']);
    expect(result.run.code).toBe(0);
    expectKeychainPath(result);
    const role = roleArn('BrokerReadOnly');
    expect(parseProcessOutput(result.run.stdout).AccessKeyId).toBe(w.backend.issued.filter((i) => i.roleArn !== role).at(-1)?.accessKeyId);
  });

  it('a socket left by an app killed with SIGKILL: the keychain path answers at once, and the next app takes the path over', async () => {
    const socket = credentialSocketPath(w.home);
    await killedListener(socket);
    expect(lstatSync(socket).isSocket()).toBe(true);
    const result = await traced(['credential-process', 'work']);
    expect(result.run.stderr).toBe('');
    expect(result.run.code).toBe(0);
    expectKeychainPath(result);
    parseProcessOutput(result.run.stdout);
    runtime = await startApp();
    const served = await traced(['credential-process', 'work']);
    expect(served.run.code).toBe(0);
    expectSocketPathOnly(served);
    await runtime.stop();
    runtime = undefined;
  });

  it('a listener that accepts and never answers: the keychain path answers after the short handshake wait', async () => {
    await ensureSecretFile(credentialSocketSecretPath(w.home));
    const squatter = await listener(credentialSocketPath(w.home), () => undefined);
    try {
      const result = await traced(['credential-process', 'work']);
      expect(result.run.stderr).toBe('');
      expect(result.run.code).toBe(0);
      expectKeychainPath(result);
      expect(squatter.lines).toHaveLength(1);
    } finally {
      await squatter.close();
    }
  });

  it('a listener of ours that answers an error: the keychain path answers, and the socket is asked once only', async () => {
    await ensureSecretFile(credentialSocketSecretPath(w.home));
    const failing = await listener(credentialSocketPath(w.home), () => [
      { status: 'accepted' },
      { status: 'failed', code: 'keychain-locked', message: 'The keychain is locked.' },
    ]);
    try {
      const result = await traced(['credential-process', 'work']);
      expect(result.run.stderr).toBe('');
      expect(result.run.code).toBe(0);
      expectKeychainPath(result);
      expect(parseProcessOutput(result.run.stdout).AccessKeyId).toBe(
        w.backend.issued.filter((i) => i.roleArn !== roleArn('BrokerReadOnly')).at(-1)?.accessKeyId,
      );
      expect(failing.connections).toBe(1);
      expect(failing.lines).toHaveLength(1);
    } finally {
      await failing.close();
    }
  });

  it.each([
    ['owned by another user', (path: string) => chownSync(path, NOBODY, NOBODY)],
    ['that other users may connect to', (path: string) => chmodSync(path, 0o666)],
  ])('a socket %s is never spoken to: its answer is not believed and the secret is not sent', async (_what, spoil) => {
    const fake = JSON.stringify({
      accessKeyId: 'ASIAFAKEFAKEFAKEFAKE',
      secretAccessKey: 'fake',
      sessionToken: 'fake',
      expiration: new Date(Date.now() + 3_600_000).toISOString(),
      roleArn: roleArn('BrokerDeveloper'),
      identityId: 'us-east-1:fake',
    });
    // The key is there (an app ran in this home before), so only the socket's owner and mode stop the client.
    await ensureSecretFile(credentialSocketSecretPath(w.home));
    const squatter = await listener(credentialSocketPath(w.home), () => [{ status: 'accepted' }, { status: 'ok', credentials: fake }]);
    spoil(squatter.path);
    try {
      const result = await traced(['credential-process', 'work']);
      expect(result.run.code).toBe(0);
      expect(parseProcessOutput(result.run.stdout).AccessKeyId).not.toBe('ASIAFAKEFAKEFAKEFAKE');
      expectKeychainPath(result);
      expect(squatter.connections).toBe(0);
    } finally {
      await squatter.close();
    }
  });
});

/** A Unix socket whose listener was killed with SIGKILL: the file stays, nobody accepts on it. */
async function killedListener(path: string): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const s=require('net').createServer().listen(process.argv[1],()=>{require('fs').chmodSync(process.argv[1],0o600);process.stdout.write('up\\n')})`,
      path,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A listener of the test's own on `path` (0600, this user's): counts connections, records request lines, answers as told. */
async function listener(
  path: string,
  answer: (line: string) => unknown[] | undefined,
): Promise<{ path: string; connections: number; lines: string[]; close(): Promise<void> }> {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const state = { path, connections: 0, lines, close: () => Promise.resolve() };
  const server: Server = createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const newline = buffer.indexOf('\n');
      if (newline === -1) return;
      const line = buffer.slice(0, newline);
      lines.push(line);
      for (const message of answer(line) ?? []) socket.write(`${JSON.stringify(message)}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  chmodSync(path, 0o600);
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}
