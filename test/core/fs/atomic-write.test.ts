import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftoverTemps, writeFileAtomic, type AtomicWriteFs } from '../../../main/core/fs/atomic-write.js';
import { BrokerError } from '../../../main/core/errors.js';
import { bundleChild } from './bundle-child.js';

const NOBODY = 65534;
let dir: string;
let writer: string;
let writeOnce: string;
const cleanups: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-atomic-'));
  const a = await bundleChild(join(__dirname, 'children', 'atomic-writer.ts'));
  const b = await bundleChild(join(__dirname, 'children', 'write-once.ts'));
  writer = a.file;
  writeOnce = b.file;
  cleanups.push(dir, a.dir, b.dir);
});

afterAll(async () => {
  for (const d of cleanups) await rm(d, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const d = join(dir, name);
  mkdirSync(d);
  return d;
}

async function expectBrokerError(promise: Promise<unknown>, pattern: RegExp): Promise<BrokerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrokerError);
  expect((error as BrokerError).code).toBe('config-io');
  expect((error as BrokerError).message).toMatch(pattern);
  expect((error as BrokerError).hint).toBeTruthy();
  return error as BrokerError;
}

/** A file system that fails one call the way a full disk or a read-only mount does. */
function failing(step: 'write' | 'sync' | 'rename', code: string): AtomicWriteFs {
  const err = () => Object.assign(new Error(`simulated ${code}`), { code });
  return {
    ...fsp,
    rename: step === 'rename' ? async () => Promise.reject(err()) : fsp.rename,
    open: (async (path: string, flags?: string, mode?: number) => {
      const handle = await fsp.open(path, flags, mode);
      if (flags !== 'wx') return handle;
      return new Proxy(handle, {
        get(target, prop, receiver) {
          if ((prop === 'writeFile' && step === 'write') || (prop === 'sync' && step === 'sync')) return async () => Promise.reject(err());
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    }) as AtomicWriteFs['open'],
  };
}

describe('writeFileAtomic', () => {
  it('creates a new file with mode 0600 whatever the umask', async () => {
    const d = await fresh('new');
    const file = join(d, 'config');
    const old = process.umask(0o000);
    try {
      await writeFileAtomic(file, 'hello\n');
    } finally {
      process.umask(old);
    }
    expect(readFileSync(file, 'utf8')).toBe('hello\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await leftoverTemps(file)).toEqual([]);
  });

  it("keeps an existing file's mode and, as root, its owner and group", async () => {
    const d = await fresh('mode');
    const file = join(d, 'config');
    writeFileSync(file, 'old');
    chmodSync(file, 0o640);
    chownSync(file, NOBODY, NOBODY);
    await writeFileAtomic(file, 'new');
    const st = statSync(file);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(st.mode & 0o7777).toBe(0o640);
    expect(process.getuid?.()).toBe(0);
    expect([st.uid, st.gid]).toEqual([NOBODY, NOBODY]);
  });

  it('replaces the target of a symbolic link (through a chain of relative links) and keeps the links', async () => {
    const d = await fresh('symlink');
    mkdirSync(join(d, 'dotfiles'));
    const target = join(d, 'dotfiles', 'aws-config');
    writeFileSync(target, 'old');
    chmodSync(target, 0o644);
    symlinkSync('dotfiles/aws-config', join(d, 'middle'));
    symlinkSync('middle', join(d, 'config'));
    await writeFileAtomic(join(d, 'config'), 'new');
    expect(lstatSync(join(d, 'config')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'config'))).toBe('middle');
    expect(lstatSync(join(d, 'middle')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(readdirSync(d).sort()).toEqual(['config', 'dotfiles', 'middle']);
    expect(readdirSync(join(d, 'dotfiles'))).toEqual(['aws-config']);
  });

  it('creates the file a dangling symbolic link points at', async () => {
    const d = await fresh('dangling');
    symlinkSync('real-config', join(d, 'config'));
    await writeFileAtomic(join(d, 'config'), 'made');
    expect(lstatSync(join(d, 'config')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'real-config'), 'utf8')).toBe('made');
  });

  it('refuses a directory where the file should be, naming it, and leaves nothing behind', async () => {
    const d = await fresh('isdir');
    mkdirSync(join(d, 'config'));
    await expectBrokerError(writeFileAtomic(join(d, 'config'), 'x'), /config: it is a directory/);
    expect(readdirSync(d)).toEqual(['config']);
    expect(readdirSync(join(d, 'config'))).toEqual([]);
  });

  it('honours a read-only file even as root: clear error, file untouched', async () => {
    const d = await fresh('readonly');
    const file = join(d, 'config');
    writeFileSync(file, 'keep me');
    chmodSync(file, 0o444);
    const error = await expectBrokerError(writeFileAtomic(file, 'x'), /read-only/);
    expect(error.hint).toMatch(/chmod u\+w/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(readdirSync(d)).toEqual(['config']);
  });

  for (const [step, code, pattern] of [
    ['write', 'ENOSPC', /the disk is full/],
    ['sync', 'EIO', /input\/output error/],
    ['rename', 'EROFS', /read-only/],
  ] as const) {
    it(`on ${code} during ${step} (injected): clear error, original untouched, no temporary file`, async () => {
      const d = await fresh(`fail-${step}`);
      const file = join(d, 'config');
      writeFileSync(file, 'original');
      await expectBrokerError(writeFileAtomic(file, 'replacement'.repeat(1000), { fs: failing(step, code) }), pattern);
      expect(readFileSync(file, 'utf8')).toBe('original');
      expect(readdirSync(d)).toEqual(['config']);
    });
  }

  it('as an unprivileged user (setuid nobody) in a folder it cannot write: EACCES named, file untouched, no temp', async () => {
    const d = await fresh('eacces');
    chmodSync(d, 0o755);
    chmodSync(dir, 0o755);
    const file = join(d, 'config');
    writeFileSync(file, 'original');
    // nobody may even write the file itself: an in-place writer would succeed, an atomic one must not half-do it.
    chownSync(file, NOBODY, NOBODY);
    const run = spawnSync(process.execPath, [writeOnce, file, 'replacement'], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const outcome = JSON.parse(run.stdout) as { ok: boolean; code: string; message: string };
    expect(outcome).toMatchObject({ ok: false, code: 'config-io' });
    expect(outcome.message).toBe(`Could not write ${file}: permission denied.`);
    expect(readFileSync(file, 'utf8')).toBe('original');
    expect(readdirSync(d)).toEqual(['config']);
  });

  it("a temporary file left by a killed writer is removed by the next write; a live writer's is kept", async () => {
    const d = await fresh('leftover');
    const file = join(d, 'config');
    writeFileSync(file, 'x');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const sample = (await writeFileAtomic(file, 'y'), readdirSync(d));
      expect(sample).toEqual(['config']);
      // Names as the writer makes them: .<name>.<host tag>.<pid>.<random>.cb-tmp
      const tag = (await import('node:crypto'))
        .createHash('sha256')
        .update((await import('node:os')).hostname())
        .digest('hex')
        .slice(0, 8);
      writeFileSync(join(d, `.config.${tag}.${deadPid}.deadbeef.cb-tmp`), 'partial');
      writeFileSync(join(d, `.config.${tag}.${live.pid}.cafebabe.cb-tmp`), 'in progress');
      await writeFileAtomic(file, 'z');
      expect(readdirSync(d).sort()).toEqual(['.config.' + tag + `.${live.pid}.cafebabe.cb-tmp`, 'config'].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('SIGKILL at random moments, 200 times: always the old or the new content, never a mix; leftovers cleaned', async () => {
    const d = await fresh('sigkill');
    const file = join(d, 'config');
    const size = 1 << 20;
    writeFileSync(file, Buffer.alloc(size, 'A'));
    let killedMidWrite = 0;
    for (let round = 0; round < 200; round++) {
      const child = spawn(process.execPath, [writer, file, String(size)], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.once('error', reject);
        child.stdout.once('data', () => resolve());
      });
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      const content = readFileSync(file);
      expect(content.length).toBe(size);
      const first = content[0]!;
      expect(first === 0x41 || first === 0x42).toBe(true);
      expect(content.every((b) => b === first)).toBe(true);
      if ((await leftoverTemps(file)).length) killedMidWrite++;
    }
    // Evidence the kills landed inside writes, not only between them.
    expect(killedMidWrite).toBeGreaterThan(0);
    console.info(`atomic-write: ${killedMidWrite}/200 kills left a temporary file (killed mid-write)`);
    await writeFileAtomic(file, 'after');
    expect(await leftoverTemps(file)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('after');
  }, 300_000);
});
