import { mkdtemp, readFile, rm, stat, appendFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivityLog, activityFile } from '../../../main/core/activity/activity-log.js';

describe('activity log', () => {
  let home: string;
  beforeEach(async () => {
    home = join(await mkdtemp(join(tmpdir(), 'activity-')), 'broker home');
  });
  afterEach(async () => {
    await rm(join(home, '..'), { recursive: true, force: true });
  });

  it('records entries as JSON lines (0600) and lists them newest first', async () => {
    let t = Date.parse('2026-03-01T12:00:00Z');
    const log = new ActivityLog(home, { now: () => new Date((t += 1000)) });
    await log.record({ kind: 'sign-in', account: 'prod', message: 'Signed in as alice.' });
    await log.record({ kind: 'refresh-failed', account: 'prod', message: 'Could not reach Cognito.' });
    await log.record({ kind: 'account', message: 'Added account dev.' });
    const list = await log.list();
    expect(list.map((e) => e.message)).toEqual(['Added account dev.', 'Could not reach Cognito.', 'Signed in as alice.']);
    expect(list[2]).toEqual({ at: '2026-03-01T12:00:01.000Z', kind: 'sign-in', account: 'prod', message: 'Signed in as alice.' });
    expect(await log.list(1)).toHaveLength(1);
    const text = await readFile(activityFile(home), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(3);
    expect((await stat(activityFile(home))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o777).toBe(0o700);
  });

  it('keeps at most the cap, dropping the oldest, without leftovers', async () => {
    const log = new ActivityLog(home, { cap: 20 });
    for (let i = 0; i < 100; i++) await log.record({ kind: 'refresh', account: 'a', message: `refresh ${i}` });
    const lines = (await readFile(activityFile(home), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(25);
    const list = await log.list(1000);
    expect(list[0]?.message).toBe('refresh 99');
    expect(list.length).toBeGreaterThanOrEqual(20);
    expect((await readdir(home)).sort()).toEqual(['activity.jsonl']);
  });

  it('skips torn or hand-edited lines instead of failing', async () => {
    const log = new ActivityLog(home);
    await log.record({ kind: 'sign-out', account: 'a', message: 'Signed out.' });
    await appendFile(activityFile(home), '{"at":"x","kind":"nonsense","message":"m"}\nnot json\n{"at":"2026');
    await log.record({ kind: 'sign-in', account: 'a', message: 'Signed in.' });
    expect((await log.list()).map((e) => e.message)).toEqual(['Signed in.', 'Signed out.']);
  });

  it('withholds a message that looks like a secret', async () => {
    const log = new ActivityLog(home);
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
    await log.record({ kind: 'sign-in-failed', account: 'a', message: `failed with ${jwt}` });
    expect(await readFile(activityFile(home), 'utf8')).not.toContain(jwt);
    expect((await log.list())[0]?.message).toBe('Details withheld because they looked like a secret.');
  });

  it('lists nothing when there is no log yet', async () => {
    expect(await new ActivityLog(home).list()).toEqual([]);
  });
});
