import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrokerError } from '../../../main/core/errors.js';
import { withFileLock } from '../../../main/core/fs/file-lock.js';
import { bundleChild } from './bundle-child.js';

let dir: string;
let holder: string;
const cleanups: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-lock-'));
  const b = await bundleChild(join(__dirname, 'children', 'lock-holder.ts'));
  holder = b.file;
  cleanups.push(dir, b.dir);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of cleanups) await rm(d, { recursive: true, force: true });
});

function fresh(name: string): string {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

function startHolder(lockPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [holder, 'hold', lockPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', () => resolve(child));
  });
}

function runWorkers(n: number, lockPath: string, log: string, count: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, [holder, 'work', lockPath, log, String(count), '2'], { stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
    }),
  );
}

/** Every [enter, leave] interval from the log, sorted; asserts none overlaps the next. */
function expectNoOverlap(log: string, expected: number): void {
  const spans = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(BigInt) as [bigint, bigint, bigint])
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  expect(spans).toHaveLength(expected);
  for (let i = 1; i < spans.length; i++) expect(spans[i]![1] > spans[i - 1]![2]).toBe(true);
  expect(Number(readFileSync(`${log}.counter`, 'utf8'))).toBe(expected);
}

describe('withFileLock', () => {
  it('serialises callers in one process and returns their results', async () => {
    const lock = join(fresh('inproc'), 'x.lock');
    let inside = 0;
    let maxInside = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withFileLock(lock, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 1));
          inside--;
          return i;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(existsSync(lock)).toBe(false);
  });

  it('releases the lock when the function throws, and passes the error on', async () => {
    const lock = join(fresh('throws'), 'x.lock');
    await expect(withFileLock(lock, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
    expect(await withFileLock(lock, async () => 'again')).toBe('again');
  });

  it('creates a missing folder for the lock file', async () => {
    const lock = join(fresh('mkdir'), 'locks', 'deep', 'x.lock');
    expect(await withFileLock(lock, async () => 1)).toBe(1);
  });

  it('excludes across 24 processes × 5 rounds: no two holders overlap, no update is lost', async () => {
    const d = fresh('procs');
    const log = join(d, 'log');
    const codes = await runWorkers(24, join(d, 'x.lock'), log, 5);
    expect(codes.every((c) => c === 0)).toBe(true);
    expectNoOverlap(log, 120);
    expect(readdirSync(d).sort()).toEqual(['log', 'log.counter']);
  });

  it('times out with lock-timeout while a live process holds it', async () => {
    const lock = join(fresh('timeout'), 'x.lock');
    const child = await startHolder(lock);
    const error = await withFileLock(lock, async () => 'never', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BrokerError);
    expect((error as BrokerError).code).toBe('lock-timeout');
    expect((error as BrokerError).message).toContain(`held by process ${child.pid}`);
    child.kill('SIGKILL');
  });

  it('recovers a lock whose holder was SIGKILLed: the waiter proceeds within 2 s of the death', async () => {
    const lock = join(fresh('killed'), 'x.lock');
    const child = await startHolder(lock);
    const waiting = withFileLock(lock, async () => 'got it', { timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const diedAt = Date.now();
    const result = await Promise.race([waiting, new Promise((r) => setTimeout(() => r('still waiting'), 2000))]);
    expect(result).toBe('got it');
    expect(diedAt).toBeGreaterThan(0);
  });

  it("takes over a dead holder's lock found at start, and a recycled pid does not keep it alive", async () => {
    const d = fresh('dead-at-start');
    const lock = join(d, 'x.lock');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'old', at: Date.now() }));
    expect(await withFileLock(lock, async () => 'ok', { timeoutMs: 2000 })).toBe('ok');
    // Our own pid is alive, but with another start time it is a different (earlier) process.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), start: '1', token: 'old', at: Date.now() }));
    expect(await withFileLock(lock, async () => 'ok', { timeoutMs: 2000 })).toBe('ok');
  });

  it("another host's lock is respected until staleMs, then taken over", async () => {
    const lock = join(fresh('other-host'), 'x.lock');
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'some-other-host', token: 'remote', at: Date.now() }));
    const fresh1 = await withFileLock(lock, async () => 'no', { timeoutMs: 300, staleMs: 60_000 }).catch((e: unknown) => (e as BrokerError).code);
    expect(fresh1).toBe('lock-timeout');
    writeFileSync(lock, JSON.stringify({ pid: 1, host: 'some-other-host', token: 'remote', at: Date.now() - 120_000 }));
    expect(await withFileLock(lock, async () => 'yes', { timeoutMs: 2000, staleMs: 60_000 })).toBe('yes');
  });

  it('30 callers that all find the same dead lock in the same instant: still one holder at a time', async () => {
    const lock = join(fresh('stale-race-inproc'), 'x.lock');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'dead', at: Date.now() }));
    let inside = 0;
    let maxInside = 0;
    let done = 0;
    // Staggered starts so some callers read the dead lock just as others remove it and take a new one.
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        new Promise((r) => setTimeout(r, (i % 10) * 0.3)).then(() =>
          withFileLock(lock, async () => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            await new Promise((r) => setTimeout(r, 2));
            inside--;
            done++;
          }),
        ),
      ),
    );
    expect(maxInside).toBe(1);
    expect(done).toBe(30);
  });

  it('a waiter that judged a dead lock stale late never removes the fresh lock another waiter took meanwhile', async () => {
    const lock = join(fresh('slow-breaker'), 'x.lock');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'dead', at: Date.now() }));
    const events: string[] = [];
    let inside = 0;
    let maxInside = 0;
    const critical = (who: string) => async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      events.push(`${who} in`);
      await new Promise((r) => setTimeout(r, 150));
      events.push(`${who} out`);
      inside--;
    };
    // B judges the dead lock stale, then stalls 50 ms; A meanwhile removes it and holds a fresh one.
    const b = withFileLock(lock, critical('B'), { beforeTakeover: () => new Promise((r) => setTimeout(r, 50)) });
    const a = withFileLock(lock, critical('A'));
    await Promise.all([a, b]);
    expect(maxInside).toBe(1);
    expect(events).toEqual(['A in', 'A out', 'B in', 'B out']);
  });

  it('40 processes racing for one dead lock: exactly one holder at a time (the stale-lock race)', async () => {
    const d = fresh('stale-race');
    const lock = join(d, 'x.lock');
    const log = join(d, 'log');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), token: 'dead', at: Date.now() }));
    const codes = await runWorkers(40, lock, log, 1);
    expect(codes.every((c) => c === 0)).toBe(true);
    expectNoOverlap(log, 40);
  });
});
