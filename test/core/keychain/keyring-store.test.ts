import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyringStore } from '../../../main/core/keychain/keyring-store.js';
import { keychainService } from '../../../main/core/keychain/service-name.js';
import { startPrivateSecretService, type PrivateSecretService } from '../../support/private-secret-service.js';

const ROOT = join(__dirname, '..', '..', '..');

describe('KeyringStore on the real session Secret Service', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cb-keyring-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips a secret, reads a missing one as null, deletes', async () => {
    const store = new KeyringStore(join(dir, 'a'));
    expect(await store.get('acct/refresh-token')).toBeNull();
    await store.set('acct/refresh-token', 'value-1');
    expect(await store.get('acct/refresh-token')).toBe('value-1');
    await store.set('acct/refresh-token', 'value-2');
    expect(await store.get('acct/refresh-token')).toBe('value-2');
    expect(await store.delete('acct/refresh-token')).toBe(true);
    expect(await store.delete('acct/refresh-token')).toBe(false);
    expect(await store.get('acct/refresh-token')).toBeNull();
  });

  it('namespaces entries per broker home: another home never sees them', async () => {
    const a = new KeyringStore(join(dir, 'home-a'));
    const b = new KeyringStore(join(dir, 'home-b'));
    expect(a.service).not.toBe(b.service);
    expect(keychainService(join(dir, 'home-a'))).toBe(keychainService(`${join(dir, 'home-a')}/.`));
    await a.set('acct/session', 'only-in-a');
    expect(await b.get('acct/session')).toBeNull();
    expect(await b.deleteAll('acct')).toBe(0);
    expect(await a.get('acct/session')).toBe('only-in-a');
    await a.deleteAll('acct');
  });

  it('deleteAll removes every entry of one account (credentials of every role too) and nothing of another', async () => {
    const store = new KeyringStore(join(dir, 'home-c'));
    const keys = [
      'one/refresh-token',
      'one/session',
      'one/identity-id',
      'one/client-secret',
      'one/credentials/arn:aws:iam::123456789012:role/A',
      'one/credentials/default',
    ];
    for (const key of keys) await store.set(key, 'x');
    await store.set('one-more/session', 'keep');
    await store.set('two/session', 'keep');
    expect((await store.keysOf('one')).sort()).toEqual([...keys].sort());
    expect(await store.deleteAll('one')).toBe(keys.length);
    for (const key of keys) expect(await store.get(key)).toBeNull();
    expect(await store.get('one-more/session')).toBe('keep');
    expect(await store.get('two/session')).toBe('keep');
    await store.deleteAll('one-more');
    await store.deleteAll('two');
  });
});

describe('KeyringStore when the keychain cannot be used (each case in its own process)', () => {
  let service: PrivateSecretService;
  let dir: string;
  let probe: string;
  beforeAll(async () => {
    service = await startPrivateSecretService();
    dir = await mkdtemp(join(tmpdir(), 'cb-keyring-bad-'));
    probe = join(dir, 'probe.cjs');
    await build({
      entryPoints: [join(__dirname, 'keychain-probe.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: probe,
      external: ['@napi-rs/keyring'],
      logLevel: 'warning',
    });
  });
  afterAll(async () => {
    await service?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const run = (env: Record<string, string>, ...args: string[]): ProbeResult => {
    const out = spawnSync(process.execPath, [probe, join(dir, 'home'), ...args], {
      env: { PATH: process.env.PATH, HOME: dir, NODE_PATH: join(ROOT, 'node_modules'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return JSON.parse(out.stdout) as ProbeResult;
  };

  it('no D-Bus session bus → keychain-unavailable (never "not found"), with what to do', () => {
    const result = run({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-bus-here')}` }, 'get', 'acct/refresh-token');
    expect(result.ok).toBe(false);
    expect(result.code).toBe('keychain-unavailable');
    expect(result.hint).toMatch(/Secret Service|D-Bus/);
    expect(result.message).not.toMatch(/no-bus-here/);
  });

  it('a locked collection → keychain-locked for an entry that exists, not "not signed in"', () => {
    expect(run(service.env, 'set', 'acct/refresh-token', 'present')).toMatchObject({ ok: true });
    expect(run(service.env, 'get', 'acct/refresh-token')).toMatchObject({ ok: true, result: 'present' });
    service.lock();
    expect(service.isLocked()).toBe(true);
    const read = run(service.env, 'get', 'acct/refresh-token');
    expect(read).toMatchObject({ ok: false, code: 'keychain-locked' });
    expect(read.hint).toMatch(/[Uu]nlock/);
    expect(run(service.env, 'set', 'acct/refresh-token', 'new')).toMatchObject({ ok: false, code: 'keychain-locked' });
  });

  it('a hung keychain daemon → keychain-timeout within seconds, not a hang', () => {
    service.freeze();
    try {
      const result = run({ ...service.env, PROBE_TIMEOUT_MS: '3000' }, 'get', 'acct/refresh-token');
      expect(result, JSON.stringify(result)).toMatchObject({ ok: false, code: 'keychain-timeout' });
      expect(result.ms).toBeLessThan(10_000);
    } finally {
      service.thaw();
    }
  });
});

interface ProbeResult {
  ok: boolean;
  result?: string | null;
  code?: string;
  message?: string;
  hint?: string;
  ms: number;
}
