import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsConfigLocation, type AwsConfigLocation } from '../../../main/core/aws-config/config-location.js';
import type { CliLauncher } from '../../../main/core/aws-config/credential-process-command.js';
import { listProfiles, removeProfiles } from '../../../main/core/aws-config/profile-editor.js';
import { lockPathFor } from '../../../main/core/aws-config/config-edit.js';
import { addProfile, removeAccountProfiles, removeManagedProfiles, syncProfiles, useAccount } from '../../../main/core/aws-config/profile-store.js';
import { activeAccount, listProfileViews } from '../../../main/core/aws-config/profile-views.js';
import type { AtomicWriteFs } from '../../../main/core/fs/atomic-write.js';
import { bundleChild } from '../fs/bundle-child.js';
import { rejection } from '../../support/rejection.js';

const NOBODY = 65534;
const launcher: CliLauncher = { kind: 'node-script', node: '/usr/bin/node', script: '/opt/cognito-broker/dist/cli/cognito-broker.cjs' };
const alpha = { name: 'alpha', region: 'eu-west-1' };
const beta = { name: 'beta', region: 'us-east-1' };
const USER_CONFIG =
  '# my settings\n[default]\nregion = us-east-1\noutput = json\n\n[profile work]\nrole_arn = arn:aws:iam::123456789012:role/Work\nsource_profile = default\n';

let root: string;
let child: string;
let counter = 0;
const cleanups: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cb-profiles-'));
  chmodSync(root, 0o755);
  const bundle = await bundleChild(join(__dirname, 'children', 'profile-op.ts'));
  child = bundle.file;
  cleanups.push(root, bundle.dir);
});

afterAll(async () => {
  for (const d of cleanups) await rm(d, { recursive: true, force: true });
});

function place(content?: string): AwsConfigLocation & { dir: string } {
  const dir = join(root, `w${++counter}`);
  mkdirSync(dir);
  const location = { dir, configFile: join(dir, 'config'), credentialsFile: join(dir, 'credentials') };
  if (content !== undefined) writeFileSync(location.configFile, content);
  return location;
}

function runOp(args: string[], options: { uid?: number } = {}): Promise<{ ok: boolean; code?: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
    });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.on('error', reject);
    p.on('close', () => resolve(JSON.parse(out || '{"ok":false,"message":"no output"}') as { ok: boolean; code?: string; message?: string }));
  });
}

describe('where the config is', () => {
  it('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE win, with ~ expanded like the AWS CLI does', () => {
    expect(awsConfigLocation({ HOME: '/home/u', AWS_CONFIG_FILE: '~/cfg/aws', AWS_SHARED_CREDENTIALS_FILE: '/x/creds' })).toEqual({
      configFile: '/home/u/cfg/aws',
      credentialsFile: '/x/creds',
    });
    expect(awsConfigLocation({ HOME: '/home/u' })).toEqual({ configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' });
  });

  it('creates ~/.aws with mode 0700 and a new config with 0600', async () => {
    const home = join(root, `home${++counter}`);
    mkdirSync(home);
    const location = awsConfigLocation({ HOME: home });
    const old = process.umask(0o022);
    try {
      await syncProfiles({ location, launcher }, [alpha]);
    } finally {
      process.umask(old);
    }
    expect(statSync(join(home, '.aws')).mode & 0o777).toBe(0o700);
    expect(statSync(location.configFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(home, '.aws'))).toEqual(['config']);
    expect(existsSync(location.credentialsFile)).toBe(false);
  });
});

describe('profile store', () => {
  it('sync: one profile per account, stale managed profiles removed, user content untouched', async () => {
    const loc = place(USER_CONFIG);
    expect(await syncProfiles({ location: loc, launcher }, [alpha, beta])).toEqual({ written: ['alpha', 'beta'], unchanged: [], removed: [], clashes: [] });
    await addProfile({ location: loc, launcher }, beta, { roleArn: 'arn:aws:iam::123456789012:role/Admin' });
    expect(await syncProfiles({ location: loc, launcher }, [alpha])).toEqual({
      written: [],
      unchanged: ['alpha'],
      removed: ['beta', 'beta-Admin'],
      clashes: [],
    });
    const text = readFileSync(loc.configFile, 'latin1');
    expect(removeProfiles(text, () => true).text).toBe(USER_CONFIG);
  });

  it('sync twice: the second run does not even rewrite the file', async () => {
    const loc = place(USER_CONFIG);
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    const before = statSync(loc.configFile);
    const bytes = readFileSync(loc.configFile);
    await new Promise((r) => setTimeout(r, 20));
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    expect(readFileSync(loc.configFile).equals(bytes)).toBe(true);
    expect(statSync(loc.configFile).ino).toBe(before.ino);
  });

  it('a name clash is reported with the way out, and the file is not changed', async () => {
    const loc = place('[profile alpha]\nregion = us-west-2\n');
    const result = await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    expect(result.clashes).toEqual([{ account: 'alpha', name: 'alpha' }]);
    expect(result.written).toEqual(['beta']);
    const error = await rejection(addProfile({ location: loc, launcher }, alpha, {}));
    expect(error.code).toBe('profile-clash');
    expect(error.describe()).toBe(
      'The AWS config already has a profile named "alpha" that cognito-broker did not write, so it was left unchanged.\nChoose another name with --name NAME, or rename or remove your own section first.',
    );
    expect((await addProfile({ location: loc, launcher }, alpha, { name: 'alpha-cb' })).name).toBe('alpha-cb');
    expect(readFileSync(loc.configFile, 'utf8').startsWith('[profile alpha]\nregion = us-west-2\n\n')).toBe(true);
  });

  it('add refuses the default profile and bad names', async () => {
    const loc = place();
    expect((await rejection(addProfile({ location: loc, launcher }, alpha, { name: 'default' }))).code).toBe('invalid-argument');
    expect((await rejection(addProfile({ location: loc, launcher }, alpha, { name: 'has space' }))).code).toBe('invalid-argument');
    expect(existsSync(loc.configFile)).toBe(false);
  });

  it('use: writes the active profile; default only on request; a foreign default stops everything', async () => {
    const loc = place(USER_CONFIG);
    expect(await useAccount({ location: loc, launcher }, alpha, { activeProfileName: 'cognito-broker-active', asDefault: false })).toEqual({
      written: ['cognito-broker-active'],
    });
    expect(await activeAccount(loc, 'cognito-broker-active')).toBe('alpha');
    const before = readFileSync(loc.configFile);
    const error = await rejection(useAccount({ location: loc, launcher }, beta, { activeProfileName: 'cognito-broker-active', asDefault: true }));
    expect(error.code).toBe('profile-clash');
    expect(error.message).toContain('"default"');
    expect(error.hint).toContain('[default]');
    expect(readFileSync(loc.configFile).equals(before)).toBe(true);
    expect(await activeAccount(loc, 'cognito-broker-active')).toBe('alpha');

    const taken = await rejection(useAccount({ location: loc, launcher }, beta, { activeProfileName: 'work', asDefault: false }));
    expect(taken.code).toBe('profile-clash');
    expect(taken.hint).toContain('activeProfileName');
    expect(readFileSync(loc.configFile).equals(before)).toBe(true);

    const clean = place('# no default here\n');
    expect(await useAccount({ location: clean, launcher }, beta, { activeProfileName: 'mine', asDefault: true })).toEqual({ written: ['mine', 'default'] });
    await useAccount({ location: clean, launcher }, alpha, { activeProfileName: 'mine', asDefault: true });
    const text = readFileSync(clean.configFile, 'utf8');
    expect(listProfiles(text).map((e) => [e.name, e.account])).toEqual([
      ['mine', 'alpha'],
      ['default', 'alpha'],
    ]);
  });

  it('remove: by name (ours only), by account, all; removing an account removes its profiles', async () => {
    const loc = place(USER_CONFIG);
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    await addProfile({ location: loc, launcher }, alpha, { roleArn: 'arn:aws:iam::123456789012:role/Admin' });
    const notOurs = await rejection(removeManagedProfiles({ location: loc }, { name: 'work' }));
    expect(notOurs.code).toBe('profile-clash');
    expect(notOurs.message).toBe('The profile "work" was not written by cognito-broker, so it was left unchanged.');
    expect((await rejection(removeManagedProfiles({ location: loc }, { name: 'nope' }))).message).toBe(
      'There is no profile named "nope" managed by cognito-broker.',
    );
    expect(await removeManagedProfiles({ location: loc }, { name: 'beta' })).toEqual(['beta']);
    expect(await removeAccountProfiles('alpha', { HOME: root, AWS_CONFIG_FILE: loc.configFile })).toEqual(['alpha', 'alpha-Admin']);
    expect(readFileSync(loc.configFile, 'utf8')).toBe(USER_CONFIG);
    expect(await removeManagedProfiles({ location: loc }, { all: true })).toEqual([]);
    const missing = place();
    expect(await removeManagedProfiles({ location: missing }, { all: true })).toEqual([]);
    expect(existsSync(missing.configFile)).toBe(false);
  });

  it('list: account, role, region, and a same-named credentials section reported (AWS_SHARED_CREDENTIALS_FILE honoured)', async () => {
    const loc = place(USER_CONFIG);
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    await addProfile({ location: loc, launcher }, alpha, { roleArn: 'arn:aws:iam::123456789012:role/Admin', name: 'admin' });
    writeFileSync(loc.credentialsFile, '[alpha]\naws_access_key_id = AKIAOLD\naws_secret_access_key = x\n[admin]\nregion = ap-south-1\n');
    const views = await listProfileViews(loc);
    expect(views).toEqual([
      {
        name: 'alpha',
        account: 'alpha',
        region: 'eu-west-1',
        effective: false,
        warning: `${loc.credentialsFile} has a [alpha] section with keys, which the AWS CLI uses instead of this profile; remove that section to use it.`,
      },
      { name: 'beta', account: 'beta', region: 'us-east-1', effective: true },
      {
        name: 'admin',
        account: 'alpha',
        roleArn: 'arn:aws:iam::123456789012:role/Admin',
        region: 'eu-west-1',
        effective: true,
        warning: `${loc.credentialsFile} has a [admin] section whose settings override this profile's.`,
      },
    ]);
    // We read ~/.aws/credentials, never write it.
    expect(readFileSync(loc.credentialsFile, 'utf8')).toContain('AKIAOLD');
    expect(await listProfileViews(place())).toEqual([]);
  });

  it('a symlinked config stays a symlink; the target changes and keeps its mode and owner', async () => {
    const loc = place();
    mkdirSync(join(loc.dir, 'dotfiles'));
    const target = join(loc.dir, 'dotfiles', 'aws-config');
    writeFileSync(target, USER_CONFIG);
    chmodSync(target, 0o640);
    chownSync(target, NOBODY, NOBODY);
    symlinkSync('dotfiles/aws-config', loc.configFile);
    await syncProfiles({ location: loc, launcher }, [alpha]);
    expect(lstatSync(loc.configFile).isSymbolicLink()).toBe(true);
    const st = statSync(target);
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o640, NOBODY, NOBODY]);
    expect(listProfiles(readFileSync(target, 'latin1')).map((e) => e.name)).toEqual(['alpha']);
    await removeManagedProfiles({ location: loc }, { all: true });
    expect(readFileSync(target, 'utf8')).toBe(USER_CONFIG);
    expect(lstatSync(loc.configFile).isSymbolicLink()).toBe(true);
  });
});

describe("managed profiles of different owners never take each other's name", () => {
  const demo = { name: 'demo', region: 'eu-west-1' };
  const demoRo = { name: 'demo-BrokerReadOnly', region: 'us-east-1' };
  const READ_ONLY = 'arn:aws:iam::123456789012:role/BrokerReadOnly';

  it("add with a role refuses the profile another account's sync wrote, naming that account; nothing changes", async () => {
    const loc = place(USER_CONFIG);
    await syncProfiles({ location: loc, launcher }, [demo, demoRo]);
    const before = readFileSync(loc.configFile);
    const error = await rejection(addProfile({ location: loc, launcher }, demo, { roleArn: READ_ONLY }));
    expect(error.code).toBe('profile-clash');
    expect(error.describe()).toBe(
      'The profile "demo-BrokerReadOnly" is already cognito-broker\'s profile for account "demo-BrokerReadOnly" with its default role, so it was left unchanged.\n' +
        'Choose another name with --name NAME, or remove that profile first with `cognito-broker profiles remove demo-BrokerReadOnly`.',
    );
    expect(readFileSync(loc.configFile).equals(before)).toBe(true);
    expect((await addProfile({ location: loc, launcher }, demo, { roleArn: READ_ONLY, name: 'demo-ro' })).name).toBe('demo-ro');
  });

  it('sync reports the profile an add wrote for another account as a clash with its owner, and never flips it', async () => {
    const loc = place(USER_CONFIG);
    await addProfile({ location: loc, launcher }, demo, { roleArn: READ_ONLY });
    for (let round = 0; round < 2; round++) {
      const result = await syncProfiles({ location: loc, launcher }, [demo, demoRo]);
      expect(result.clashes).toEqual([{ account: 'demo-BrokerReadOnly', name: 'demo-BrokerReadOnly', owner: `account "demo" as role ${READ_ONLY}` }]);
      expect(listProfiles(readFileSync(loc.configFile, 'latin1')).map((e) => [e.name, e.account, e.roleArn])).toEqual([
        ['demo-BrokerReadOnly', 'demo', READ_ONLY],
        ['demo', 'demo', undefined],
      ]);
    }
  });

  it('the same account with another role under the same name is a clash too; the same owner is an update', async () => {
    const loc = place();
    await addProfile({ location: loc, launcher }, demo, { roleArn: READ_ONLY, name: 'demo-x' });
    expect((await addProfile({ location: loc, launcher }, { ...demo, region: 'ap-south-1' }, { roleArn: READ_ONLY, name: 'demo-x' })).changed).toBe(true);
    const error = await rejection(addProfile({ location: loc, launcher }, demo, { roleArn: 'arn:aws:iam::123456789012:role/Admin', name: 'demo-x' }));
    expect(error.message).toBe(`The profile "demo-x" is already cognito-broker's profile for account "demo" as role ${READ_ONLY}, so it was left unchanged.`);
  });

  it("a user's section added later under another spelling makes ours not effective, and says why", async () => {
    const loc = place();
    await syncProfiles({ location: loc, launcher }, [demo]);
    writeFileSync(loc.configFile, `${readFileSync(loc.configFile, 'utf8')}[profile 'demo']\nregion = x\n`);
    expect(await listProfileViews(loc)).toEqual([
      {
        name: 'demo',
        account: 'demo',
        region: 'eu-west-1',
        effective: false,
        warning:
          'The config defines the profile "demo" in more than one section, so the AWS CLI refuses the file or uses only one of them; remove the other section.',
      },
    ]);
    expect((await syncProfiles({ location: loc, launcher }, [demo])).clashes).toEqual([{ account: 'demo', name: 'demo' }]);
  });

  it('use still re-points the active profile and default from one account to another', async () => {
    const loc = place();
    await useAccount({ location: loc, launcher }, demo, { activeProfileName: 'current', asDefault: true });
    await useAccount({ location: loc, launcher }, demoRo, { activeProfileName: 'current', asDefault: true, roleArn: READ_ONLY });
    expect(listProfiles(readFileSync(loc.configFile, 'latin1')).map((e) => [e.name, e.account, e.roleArn])).toEqual([
      ['current', 'demo-BrokerReadOnly', READ_ONLY],
      ['default', 'demo-BrokerReadOnly', READ_ONLY],
    ]);
  });
});

describe('remove restores a config file that was absent', () => {
  it('a file the broker created is deleted again when its last section goes (sync, add, use, then remove --all)', async () => {
    const loc = place();
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    await addProfile({ location: loc, launcher }, alpha, { roleArn: 'arn:aws:iam::123456789012:role/Admin' });
    await useAccount({ location: loc, launcher }, beta, { activeProfileName: 'current', asDefault: false });
    expect(listProfiles(readFileSync(loc.configFile, 'latin1')).length).toBe(4);
    expect(await removeManagedProfiles({ location: loc }, { all: true })).toEqual(['alpha', 'beta', 'alpha-Admin', 'current']);
    expect(existsSync(loc.configFile)).toBe(false);
    expect(readdirSync(loc.dir)).toEqual([]);
  });

  it('also one section at a time, by name and by account', async () => {
    const loc = place();
    await syncProfiles({ location: loc, launcher }, [alpha, beta]);
    expect(await removeManagedProfiles({ location: loc }, { name: 'alpha' })).toEqual(['alpha']);
    expect(existsSync(loc.configFile)).toBe(true);
    expect(await removeAccountProfiles('beta', { HOME: root, AWS_CONFIG_FILE: loc.configFile })).toEqual(['beta']);
    expect(existsSync(loc.configFile)).toBe(false);
  });

  it('never a file the user made: an empty one they created, or one they wrote into after us', async () => {
    const empty = place('');
    await syncProfiles({ location: empty, launcher }, [alpha]);
    await removeManagedProfiles({ location: empty }, { all: true });
    expect(readFileSync(empty.configFile, 'utf8')).toBe('');

    const shared = place();
    await syncProfiles({ location: shared, launcher }, [alpha]);
    writeFileSync(shared.configFile, `${readFileSync(shared.configFile, 'utf8')}\n[profile mine]\nregion = x\n`);
    await addProfile({ location: shared, launcher }, beta, {});
    await removeManagedProfiles({ location: shared }, { all: true });
    expect(readFileSync(shared.configFile, 'utf8')).toBe('\n[profile mine]\nregion = x\n');
  });

  it('a symlink to an emptied file stays, and so does its target', async () => {
    const loc = place();
    mkdirSync(join(loc.dir, 'dotfiles'));
    symlinkSync('dotfiles/aws-config', loc.configFile);
    await syncProfiles({ location: loc, launcher }, [alpha]);
    await removeManagedProfiles({ location: loc }, { all: true });
    expect(lstatSync(loc.configFile).isSymbolicLink()).toBe(true);
  });
});

describe('bad input: clear error, original untouched, nothing left behind', () => {
  it('unreadable config (a real EACCES: the operation runs as nobody, the file is root-only)', async () => {
    const loc = place(USER_CONFIG);
    chmodSync(loc.dir, 0o777);
    chmodSync(loc.configFile, 0o600);
    const outcome = await runOp(['add', loc.configFile, 'alpha'], { uid: NOBODY });
    expect(outcome).toEqual({ ok: false, code: 'config-io', message: `Could not read ${loc.configFile}: permission denied.` });
    expect(readFileSync(loc.configFile, 'utf8')).toBe(USER_CONFIG);
    expect(leftovers(loc.dir)).toEqual([]);
  });

  it('a folder nobody may write into (as nobody): the lock cannot be taken, nothing changes', async () => {
    const loc = place(USER_CONFIG);
    chmodSync(loc.configFile, 0o666);
    const outcome = await runOp(['add', loc.configFile, 'alpha'], { uid: NOBODY });
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('config-io');
    expect(outcome.message).toMatch(/permission denied\.$/);
    expect(readFileSync(loc.configFile, 'utf8')).toBe(USER_CONFIG);
    expect(leftovers(loc.dir)).toEqual([]);
  });

  it('a directory where the config file should be', async () => {
    const loc = place();
    mkdirSync(loc.configFile);
    const error = await rejection(syncProfiles({ location: loc, launcher }, [alpha]));
    expect(error.message).toBe(`Could not read ${loc.configFile}: it is a directory, not a file.`);
    expect(readdirSync(loc.configFile)).toEqual([]);
    expect(leftovers(loc.dir)).toEqual([]);
  });

  it('a full disk (ENOSPC injected into the write): original untouched, no temp file, lock released', async () => {
    const loc = place(USER_CONFIG);
    const fullDisk: AtomicWriteFs = {
      ...fsp,
      open: (async (path: string, flags?: string, mode?: number) => {
        const handle = await fsp.open(path, flags, mode);
        if (flags !== 'wx') return handle;
        return new Proxy(handle, {
          get(target, prop, receiver) {
            if (prop === 'writeFile') return async () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
            const value = Reflect.get(target, prop, receiver) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        });
      }) as AtomicWriteFs['open'],
    };
    const error = await rejection(syncProfiles({ location: loc, launcher, fs: fullDisk }, [alpha]));
    expect(error.describe()).toBe(`Could not write ${loc.configFile}: the disk is full.\nFree some disk space and try again; the file was left as it was.`);
    expect(readFileSync(loc.configFile, 'utf8')).toBe(USER_CONFIG);
    expect(leftovers(loc.dir)).toEqual([]);
  });

  it('a read-only config file', async () => {
    const loc = place(USER_CONFIG);
    chmodSync(loc.configFile, 0o444);
    const error = await rejection(addProfile({ location: loc, launcher }, alpha));
    expect(error.message).toBe(`Could not write ${loc.configFile}: the file is read-only.`);
    expect(readFileSync(loc.configFile, 'utf8')).toBe(USER_CONFIG);
    expect(statSync(loc.configFile).mode & 0o777).toBe(0o444);
    expect(leftovers(loc.dir)).toEqual([]);
  });
});

describe('concurrent writers', () => {
  it('2 waves × 50 processes adding profiles interleaved: every profile present, nothing else changed', async () => {
    const loc = place(USER_CONFIG);
    const wave = (n: number) => Array.from({ length: 50 }, (_, i) => runOp(['add', loc.configFile, `acct${n}-${i}`]));
    const first = wave(1);
    await new Promise((r) => setTimeout(r, 150));
    const second = wave(2);
    const outcomes = await Promise.all([...first, ...second]);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const text = readFileSync(loc.configFile, 'latin1');
    const names = listProfiles(text)
      .map((e) => e.name)
      .sort();
    expect(names).toEqual([1, 2].flatMap((n) => Array.from({ length: 50 }, (_, i) => `acct${n}-${i}`)).sort());
    expect(removeProfiles(text, () => true).text).toBe(USER_CONFIG);
    expect(leftovers(loc.dir)).toEqual([]);
  }, 300_000);

  it('adds and removes racing: the removals and the additions all take effect', async () => {
    const loc = place(USER_CONFIG);
    await Promise.all(Array.from({ length: 20 }, (_, i) => runOp(['add', loc.configFile, `old-${i}`])));
    const outcomes = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => runOp(['remove', loc.configFile, `old-${i}`])),
      ...Array.from({ length: 20 }, (_, i) => runOp(['add', loc.configFile, `new-${i}`])),
    ]);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const text = readFileSync(loc.configFile, 'latin1');
    expect(
      listProfiles(text)
        .map((e) => e.name)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `new-${i}`).sort());
    expect(removeProfiles(text, () => true).text).toBe(USER_CONFIG);
  }, 300_000);

  it('a lock left by a SIGKILLed writer is recovered within seconds', async () => {
    const loc = place(USER_CONFIG);
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(lockPathFor(loc.configFile), JSON.stringify({ pid: dead, host: hostname(), token: 'killed', at: Date.now() }));
    await addProfile({ location: loc, launcher, lock: { timeoutMs: 3000 } }, alpha);
    expect(listProfiles(readFileSync(loc.configFile, 'latin1')).map((e) => e.name)).toEqual(['alpha']);
    expect(existsSync(lockPathFor(loc.configFile))).toBe(false);
  });
});

/** Anything in the folder besides the files the test put there: temp files, lock files. */
function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => n !== 'config' && n !== 'credentials' && n !== 'dotfiles');
}
