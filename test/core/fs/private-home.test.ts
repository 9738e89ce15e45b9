import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addAccount } from '../../../main/core/accounts/account-store.js';
import { activityFile, ActivityLog } from '../../../main/core/activity/activity-log.js';
import { BrokerError } from '../../../main/core/errors.js';
import { writeFileAtomic } from '../../../main/core/fs/atomic-write.js';
import { assertPrivateBrokerHome } from '../../../main/core/fs/private-dir.js';
import { startHandOffServer } from '../../../main/core/hand-off/hand-off-server.js';
import { accountsFile, settingsFile } from '../../../main/core/paths.js';
import { updateSettings } from '../../../main/core/settings/settings-store.js';
import { runCli } from '../../support/broker-cli.js';

/**
 * The broker home decides where sign-ins go and holds the files other broker processes act on. A home (or
 * locks/) that another local user can write, or owns, is refused; the broker's own files are created without
 * following a symbolic link planted at their name. Real folders, real modes, a real other owner (the tests
 * run as root, so they can chown to nobody).
 */
const NOBODY = 65534;
const ACCOUNT = {
  name: 'work',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbCdEf123',
  clientId: 'abcdefghijklmnopqrstuvwxyz',
  identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555',
};

let dir: string;
let home: string;
let victim: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-private-home-'));
  home = join(dir, 'home');
  mkdirSync(home, { mode: 0o700 });
  // A file of the person's that a planted link points at: it must never change.
  victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function refusal(fn: () => unknown): BrokerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BrokerError);
    return error as BrokerError;
  }
  throw new Error('expected a refusal');
}

describe('a broker home others can change is refused', () => {
  it('accepts a private home, a missing one, and a home that is a link to a private folder', () => {
    assertPrivateBrokerHome(home);
    assertPrivateBrokerHome(join(dir, 'not-yet'));
    symlinkSync(home, join(dir, 'linked'));
    assertPrivateBrokerHome(join(dir, 'linked'));
  });

  it('refuses a 0777 home with one sentence and the chmod that fixes it', () => {
    chmodSync(home, 0o777);
    const error = refusal(() => assertPrivateBrokerHome(home));
    expect(error.message).toBe(`The broker home ${home} can be changed by other users (mode 0777), so cognito-broker will not trust what is in it.`);
    expect(error.hint).toBe(`Make it private: chmod 700 ${home}`);
    chmodSync(home, 0o770);
    expect(refusal(() => assertPrivateBrokerHome(home)).message).toContain('(mode 0770)');
  });

  it('refuses a home owned by another user, with the chown that fixes it', () => {
    chownSync(home, NOBODY, NOBODY);
    const error = refusal(() => assertPrivateBrokerHome(home));
    expect(error.message).toBe(`The broker home ${home} belongs to another user (uid ${NOBODY}), so cognito-broker will not trust what is in it.`);
    expect(error.hint).toMatch(/^Make it yours \(chown -R 0 .*\), or point COGNITO_BROKER_HOME at a folder of your own\.$/);
  });

  it("refuses a locks/ folder that is world-writable, someone else's, or a link", () => {
    const locks = join(home, 'locks');
    mkdirSync(locks, { mode: 0o700 });
    chmodSync(locks, 0o777);
    expect(refusal(() => assertPrivateBrokerHome(home)).message).toBe(
      `The lock folder ${locks} can be changed by other users (mode 0777), so cognito-broker will not trust what is in it.`,
    );
    chmodSync(locks, 0o700);
    chownSync(locks, NOBODY, NOBODY);
    expect(refusal(() => assertPrivateBrokerHome(home)).message).toContain('belongs to another user');
  });

  it('refuses a locks/ that is a symbolic link', () => {
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, join(home, 'locks'));
    expect(refusal(() => assertPrivateBrokerHome(home)).message).toBe(
      `The lock folder ${join(home, 'locks')} is a symbolic link, which cognito-broker does not follow there.`,
    );
  });

  it('the built command refuses a 0777 home before doing anything, for every command including credential-process', async () => {
    chmodSync(home, 0o777);
    const env = { ...process.env, COGNITO_BROKER_HOME: home };
    for (const args of [
      ['account', 'list'],
      ['credential-process', 'work', '--wait', '0'],
    ]) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `cognito-broker: The broker home ${home} can be changed by other users (mode 0777), so cognito-broker will not trust what is in it.\nMake it private: chmod 700 ${home}\n`,
      );
    }
  });

  it('the app refuses to serve the hand-off socket from a home someone else owns', async () => {
    chownSync(home, NOBODY, NOBODY);
    const error = await startHandOffServer({ home, onSignInRequest: async () => undefined }).catch((e: unknown) => e);
    expect((error as BrokerError).message).toContain('belongs to another user');
  });
});

describe("the broker's files are never written through a planted symbolic link", () => {
  function expectUntouched(link: string, content = 'precious\n'): void {
    expect(readFileSync(victim, 'utf8')).toBe(content);
    // The link itself was replaced by the broker's own file (or refused): not followed.
    const stats = lstatSync(link, { throwIfNoEntry: false });
    if (stats?.isSymbolicLink()) expect(readlinkSync(link)).toBe(victim);
  }

  it('accounts.json', async () => {
    // The link's target is a valid (empty) accounts file, so the broker reads it and then writes.
    const content = '{"version":1,"accounts":[]}\n';
    writeFileSync(victim, content);
    symlinkSync(victim, accountsFile(home));
    await addAccount(home, ACCOUNT);
    expectUntouched(accountsFile(home), content);
    expect(lstatSync(accountsFile(home)).isFile()).toBe(true);
    expect(readFileSync(accountsFile(home), 'utf8')).toContain('"work"');
  });

  it('settings.json', async () => {
    writeFileSync(victim, '{}\n');
    symlinkSync(victim, settingsFile(home));
    await updateSettings(home, { handOff: 'notify' });
    expectUntouched(settingsFile(home), '{}\n');
    expect(lstatSync(settingsFile(home)).isFile()).toBe(true);
  });

  it('the activity log', async () => {
    symlinkSync(victim, activityFile(home));
    await new ActivityLog(home).record({ kind: 'account', message: 'Added work.' }).catch(() => undefined);
    expectUntouched(activityFile(home));
  });

  it('a marker written with noFollow (the refresh-failure marker) replaces the link, not its target', async () => {
    const marker = join(home, 'locks', 'refresh-work-abc.lock.failed');
    mkdirSync(join(home, 'locks'), { mode: 0o700 });
    symlinkSync(victim, marker);
    await writeFileAtomic(marker, '{"at":1}', { mode: 0o600, noFollow: true });
    expectUntouched(marker);
    expect(readFileSync(marker, 'utf8')).toBe('{"at":1}');
  });
});
