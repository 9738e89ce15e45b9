import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testServerMark } from '../support/test-server-mark.js';

/**
 * A real forward proxy (Debian's squid) on 127.0.0.1 for tests of company networks. Its `hosts_file` maps the
 * test's host names to 127.0.0.1, so only the proxy can resolve them: a client that goes around the proxy
 * fails with ENOTFOUND. Hosts in `deny` get squid's 403 to CONNECT, as a company proxy refuses a destination.
 * Every request (a CONNECT per tunnel) is written to its access log when it ends.
 */
export interface ForwardProxy {
  port: number;
  url: string;
  /** Access-log lines so far: `<time> <METHOD> <url> <status>`. */
  log(): Promise<string[]>;
  stop(): Promise<void>;
}

export const SQUID = '/usr/sbin/squid';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startForwardProxy(options: { hosts: readonly string[]; deny?: readonly string[] }): Promise<ForwardProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'cb-proxy-'));
  // squid started as root drops to its own user, which must be able to write its logs here.
  await chmod(dir, 0o777);
  const port = await freePort();
  const f = (name: string) => join(dir, name);
  await writeFile(f('hosts'), `127.0.0.1 ${options.hosts.join(' ')}\n`);
  const deny = options.deny?.length ? [`acl denied dstdomain ${options.deny.join(' ')}`, 'http_access deny denied'] : [];
  await writeFile(
    f('squid.conf'),
    [
      `http_port 127.0.0.1:${port}`,
      `pid_filename ${f('squid.pid')}`,
      'logformat broker %ts.%03tu %rm %ru %>Hs',
      `access_log stdio:${f('access.log')} broker`,
      `cache_log ${f('cache.log')}`,
      'cache_store_log none',
      'cache deny all',
      'cache_mem 8 MB',
      `hosts_file ${f('hosts')}`,
      // Names outside the hosts file must not leak to a real resolver from a test.
      'dns_nameservers 127.0.0.1',
      'pinger_enable off',
      ...deny,
      'http_access allow all',
      'shutdown_lifetime 0 seconds',
      `coredump_dir ${dir}`,
      'logfile_rotate 0',
      '',
    ].join('\n'),
  );
  // The run mark lets the global teardown end a squid that a crashed test file left running.
  const child: ChildProcess = spawn(SQUID, ['-N', '-f', f('squid.conf')], { stdio: 'ignore', env: { ...process.env, ...testServerMark() } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Ready when squid says it accepts connections (a probe connection would be logged as a request).
    for (let waited = 0; ; waited += 50) {
      if (child.exitCode !== null) throw new Error(`squid exited with ${child.exitCode}: ${await readFile(f('cache.log'), 'utf8').catch(() => '')}`);
      if (/Accepting HTTP Socket connections/.test(await readFile(f('cache.log'), 'utf8').catch(() => ''))) break;
      if (waited > 10_000) throw new Error('squid did not start within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log: async () => (await readFile(f('access.log'), 'utf8').catch(() => '')).split('\n').filter((line) => line.trim() !== ''),
    stop,
  };
}
