import { constants } from 'node:fs';
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActivityEntry } from '../../contract/activity-entry.js';
import { findSecret } from '../../contract/secret-guard.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { withFileLock } from '../fs/file-lock.js';
import { ioError } from '../fs/io-error.js';

/** Append, create if missing, and never through a symbolic link (0 where the platform has no O_NOFOLLOW). */
const APPEND_NO_FOLLOW = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

/**
 * The local activity log — sign-ins, refreshes, failures, account and profile changes — so a person can
 * answer "was there a failed sign-in I did not make?". JSON lines in the broker home, newest last, capped:
 * when the file holds 25% more than the cap it is rewritten (atomically, under a lock) with the newest
 * `cap` entries. Messages are built from names and codes by the callers; as a second line of defence an
 * entry whose text looks like a secret is recorded with its message withheld.
 */
export function activityFile(home: string): string {
  return join(home, 'activity.jsonl');
}

const KINDS: ReadonlySet<ActivityEntry['kind']> = new Set(['sign-in', 'sign-in-failed', 'sign-out', 'refresh', 'refresh-failed', 'account', 'profile']);
const MAX_MESSAGE = 500;

export interface ActivityLogOptions {
  /** Entries kept (default 1000). */
  cap?: number;
  now?: () => Date;
}

function isEntry(value: unknown): value is ActivityEntry {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.at === 'string' &&
    typeof v.message === 'string' &&
    KINDS.has(v.kind as ActivityEntry['kind']) &&
    (v.account === undefined || typeof v.account === 'string')
  );
}

function parseLines(text: string): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      // A torn last line (a crash mid-append) or a hand edit is skipped, not fatal: the log is advisory.
      if (isEntry(value)) entries.push(value);
    } catch {
      continue;
    }
  }
  return entries;
}

export class ActivityLog {
  private readonly file: string;
  private readonly cap: number;
  private readonly now: () => Date;
  /** Appends from this process happen one at a time so lines never interleave and trimming sees them all. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly home: string,
    options: ActivityLogOptions = {},
  ) {
    this.file = activityFile(home);
    this.cap = Math.max(1, options.cap ?? 1000);
    this.now = options.now ?? (() => new Date());
  }

  record(entry: Omit<ActivityEntry, 'at'>): Promise<ActivityEntry> {
    const message = entry.message.slice(0, MAX_MESSAGE);
    const full: ActivityEntry = { at: this.now().toISOString(), kind: entry.kind, message };
    if (entry.account !== undefined) full.account = entry.account;
    if (findSecret(full)) full.message = 'Details withheld because they looked like a secret.';
    const run = this.queue.then(() => this.append(full));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Newest first. */
  async list(limit = 100): Promise<ActivityEntry[]> {
    await this.queue;
    return (await this.readAll()).reverse().slice(0, Math.max(0, limit));
  }

  private async readAll(): Promise<ActivityEntry[]> {
    try {
      return parseLines(await readFile(this.file, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw ioError('read', this.file, err);
    }
  }

  private async append(entry: ActivityEntry): Promise<ActivityEntry> {
    try {
      await mkdir(this.home, { recursive: true, mode: 0o700 });
      // After a crash mid-append the last line may be torn; start on a fresh line so this entry survives.
      const lead = (await this.endsWithNewline()) ? '' : '\n';
      // O_NOFOLLOW: a symbolic link planted at the log's name is refused (ELOOP), never appended through.
      await appendFile(this.file, `${lead}${JSON.stringify(entry)}\n`, { mode: 0o600, flag: APPEND_NO_FOLLOW });
    } catch (err) {
      throw ioError('write', this.file, err);
    }
    await this.trimIfNeeded();
    return entry;
  }

  private async endsWithNewline(): Promise<boolean> {
    let handle;
    try {
      handle = await open(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      if (size === 0) return true;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      return last[0] === 0x0a;
    } finally {
      await handle.close();
    }
  }

  private async trimIfNeeded(): Promise<void> {
    const entries = await this.readAll();
    if (entries.length <= Math.ceil(this.cap * 1.25)) return;
    await withFileLock(`${this.file}.lock`, async () => {
      const fresh = await this.readAll();
      if (fresh.length <= this.cap) return;
      const kept = fresh.slice(-this.cap);
      await writeFileAtomic(this.file, kept.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600, noFollow: true });
    });
  }
}
