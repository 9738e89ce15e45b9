import { describe, expect, it } from 'vitest';
import {
  CLOCK_NOISE_MS,
  CLOCK_TOLERANCE_MS,
  clockWarning,
  isClockOff,
  offsetFromDateHeader,
  remainingMs,
  serverNow,
  toLocalTime,
} from '../../../main/core/aws/server-clock.js';
import { REFRESH_WINDOW_MS } from '../../../main/core/credentials/aws-credentials.js';
import { isFresh, parseCachedCredentials, serializeCredentials } from '../../../main/core/credentials/cached-credentials.js';
import type { AwsCredentials } from '../../../main/core/credentials/aws-credentials.js';

const MIN = 60_000;
const local = Date.parse('2026-12-06T10:00:00.000Z');

describe('server clock arithmetic', () => {
  it("reads the offset from a Date header: positive when the server is ahead, the middle of the header's second", () => {
    // This clock reads 10:00:00.000; the server said 10:10:00 (anywhere in [10:10:00, 10:10:01)).
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 10:10:00 GMT', local)).toBe(10 * MIN + 500);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 09:50:00 GMT', local)).toBe(-10 * MIN + 500);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 10:00:00 GMT', local + 500)).toBe(0);
  });

  it("a difference one reading cannot tell from zero (under 2 s: the header's second plus network delay) is 0", () => {
    expect(CLOCK_NOISE_MS).toBe(2_000);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 10:00:01 GMT', local)).toBe(0);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 09:59:59 GMT', local + 900)).toBe(0);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 10:00:02 GMT', local)).toBe(2_500);
    expect(offsetFromDateHeader('Sun, 06 Dec 2026 09:59:57 GMT', local)).toBe(-2_500);
  });

  it('keeps no offset for a missing or unreadable header', () => {
    expect(offsetFromDateHeader(undefined, local)).toBeUndefined();
    expect(offsetFromDateHeader(null, local)).toBeUndefined();
    expect(offsetFromDateHeader('', local)).toBeUndefined();
    expect(offsetFromDateHeader('yesterday-ish', local)).toBeUndefined();
  });

  it('judges remaining time by the server clock; an unknown offset is this clock', () => {
    const expiresAt = local + 30 * MIN;
    expect(serverNow(10 * MIN, local)).toBe(local + 10 * MIN);
    expect(serverNow(undefined, local)).toBe(local);
    expect(remainingMs(expiresAt, 10 * MIN, local)).toBe(20 * MIN);
    expect(remainingMs(expiresAt, -10 * MIN, local)).toBe(40 * MIN);
    expect(remainingMs(expiresAt, undefined, local)).toBe(30 * MIN);
  });

  it('turns a server time into the moment this clock shows then (for timers)', () => {
    expect(toLocalTime(local + 60 * MIN, 10 * MIN)).toBe(local + 50 * MIN);
    expect(toLocalTime(local + 60 * MIN, -10 * MIN)).toBe(local + 70 * MIN);
    expect(toLocalTime(local, undefined)).toBe(local);
    // Round trip: a timer set for toLocalTime(t) fires when the server's clock reads t.
    expect(serverNow(7 * MIN, toLocalTime(local + 60 * MIN, 7 * MIN))).toBe(local + 60 * MIN);
  });

  it('warns beyond two minutes either way, with one sentence that says what to do', () => {
    expect(CLOCK_TOLERANCE_MS).toBe(2 * MIN);
    expect(isClockOff(undefined)).toBe(false);
    expect(isClockOff(2 * MIN)).toBe(false);
    expect(isClockOff(-2 * MIN)).toBe(false);
    expect(isClockOff(2 * MIN + 1)).toBe(true);
    expect(isClockOff(-10 * MIN)).toBe(true);
    expect(clockWarning(90_000)).toBeUndefined();
    expect(clockWarning(undefined)).toBeUndefined();
    expect(clockWarning(10 * MIN + 500)).toBe(
      "This computer's clock is 10 minutes behind AWS's: turn on automatic date and time in your system settings, or AWS may refuse requests signed on this computer.",
    );
    expect(clockWarning(-10 * MIN + 500)).toMatch(/^This computer's clock is 10 minutes ahead of AWS's: turn on automatic date and time/);
    expect(clockWarning(-(60 * MIN))).toMatch(/60 minutes ahead of/);
    expect(clockWarning(-Math.round(2.6 * MIN))).toMatch(/3 minutes ahead of/);
  });
});

describe('cached credentials judged by the server clock', () => {
  const creds = (minutesLeftByServer: number, offsetMs: number | undefined): AwsCredentials => ({
    accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
    secretAccessKey: 's',
    sessionToken: 't',
    // Expiration is the server's time: server now + minutes left.
    expiration: new Date(local + (offsetMs ?? 0) + minutesLeftByServer * MIN).toISOString(),
    roleArn: '',
    identityId: 'eu-west-1:1',
    ...(offsetMs === undefined ? {} : { clockOffsetMs: offsetMs }),
  });

  it('the 15-minute rule holds by the server clock when this clock is behind (it would otherwise hand out too little time)', () => {
    // Clock 10 min behind: 10 min left by the server looks like 20 min here.
    expect(isFresh(creds(10, 10 * MIN), local)).toBe(false);
    expect(isFresh(creds(14, 10 * MIN), local)).toBe(false);
    expect(isFresh(creds(15, 10 * MIN), local)).toBe(true);
    // Already expired by the server, still 9 minutes left by this clock: never served.
    expect(isFresh(creds(-1, 10 * MIN), local)).toBe(false);
  });

  it('a clock ahead does not make fresh credentials look stale (no refresh on every call)', () => {
    // Clock 10 min ahead: 20 min left by the server looks like 10 min here.
    expect(isFresh(creds(20, -10 * MIN), local)).toBe(true);
    expect(isFresh(creds(15, -10 * MIN), local)).toBe(true);
    expect(isFresh(creds(14, -10 * MIN), local)).toBe(false);
  });

  it('never hands out credentials this clock already sees as expired (the AWS CLI would refuse them)', () => {
    // Clock 20 min ahead: 16 min left by the server, already 4 min past Expiration here.
    expect(isFresh(creds(16, -20 * MIN), local)).toBe(false);
    expect(isFresh(creds(21, -20 * MIN), local)).toBe(true);
  });

  it('without a kept offset (older caches), this clock decides as before', () => {
    expect(isFresh(creds(15, undefined), local)).toBe(true);
    expect(isFresh(creds(14, undefined), local)).toBe(false);
    expect(REFRESH_WINDOW_MS).toBe(15 * MIN);
  });

  it('keeps the offset through the keychain text; an unreadable one is dropped, the credentials kept', () => {
    const c = creds(30, -600_000);
    const back = parseCachedCredentials(serializeCredentials(c));
    expect(back).toEqual(c);
    const older = { ...c };
    delete older.clockOffsetMs;
    expect(parseCachedCredentials(serializeCredentials(older))).toEqual(older);
    expect(serializeCredentials(older)).not.toContain('clockOffsetMs');
    const bad = parseCachedCredentials(JSON.stringify({ ...c, clockOffsetMs: 'ten minutes' }));
    expect(bad?.accessKeyId).toBe(c.accessKeyId);
    expect(bad?.clockOffsetMs).toBeUndefined();
  });
});
