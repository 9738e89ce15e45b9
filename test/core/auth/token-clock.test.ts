import { describe, expect, it } from 'vitest';
import { checkTokenTimes, expiryGraceSeconds } from '../../../main/core/auth/token-clock.js';
import { CLOCK_TOLERANCE_MS } from '../../../main/core/aws/server-clock.js';
import { isBrokerError } from '../../../main/core/errors.js';

const MIN = 60_000;
const local = Date.parse('2026-12-06T10:00:00.000Z');
const at = (ms: number) => Math.floor(ms / 1000);

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isBrokerError(error) ? error.code : 'not a BrokerError';
  }
}

describe('token times judged by the server clock', () => {
  it('a token just issued by a server 10 minutes ahead (iat "in the future" here) is accepted', () => {
    const server = local + 10 * MIN;
    expect(code(() => checkTokenTimes('work', { iat: at(server), exp: at(server + 5 * MIN) }, 10 * MIN, local))).toBeUndefined();
    // Without the offset, the same token is refused: it is what the offset is for.
    expect(code(() => checkTokenTimes('work', { iat: at(server), exp: at(server + 5 * MIN) }, undefined, local))).toBe('token-invalid');
  });

  it('a 5-minute token from a server 10 minutes behind (expired here) is accepted', () => {
    const server = local - 10 * MIN;
    expect(code(() => checkTokenTimes('work', { iat: at(server), exp: at(server + 5 * MIN) }, -10 * MIN, local))).toBeUndefined();
    expect(code(() => checkTokenTimes('work', { iat: at(server), exp: at(server + 5 * MIN) }, undefined, local))).toBe('session-expired');
  });

  it('expired by the server clock beyond the tolerance: session-expired; within it: accepted', () => {
    const server = local + 10 * MIN;
    expect(code(() => checkTokenTimes('work', { exp: at(server - CLOCK_TOLERANCE_MS - 2000) }, 10 * MIN, local))).toBe('session-expired');
    expect(code(() => checkTokenTimes('work', { exp: at(server - CLOCK_TOLERANCE_MS + 2000) }, 10 * MIN, local))).toBeUndefined();
  });

  it('issued in the future beyond the tolerance: token-invalid with a hint to fix the clock', () => {
    let hint: string | undefined;
    try {
      checkTokenTimes('work', { iat: at(local + CLOCK_TOLERANCE_MS + 5000), exp: at(local + 60 * MIN) }, 0, local);
    } catch (error) {
      hint = isBrokerError(error) ? error.hint : undefined;
    }
    expect(hint).toMatch(/automatic date and time/);
    expect(code(() => checkTokenTimes('work', { iat: at(local + CLOCK_TOLERANCE_MS - 5000), exp: at(local + 60 * MIN) }, 0, local))).toBeUndefined();
  });

  it("aws-jwt-verify's grace never makes its own (local-clock) expiry check stricter than ours", () => {
    // Its check: exp + grace >= local now. Ours: exp + tolerance >= local now + offset.
    for (const offset of [undefined, 0, 10 * MIN, -10 * MIN, CLOCK_TOLERANCE_MS, 3 * MIN, -60 * MIN]) {
      const grace = expiryGraceSeconds(offset);
      expect(grace).toBeGreaterThanOrEqual(0);
      expect(grace * 1000).toBeGreaterThanOrEqual(CLOCK_TOLERANCE_MS - (offset ?? 0) - 1000);
    }
    expect(expiryGraceSeconds(undefined)).toBe(120);
    expect(expiryGraceSeconds(-10 * MIN)).toBe(720);
    expect(expiryGraceSeconds(10 * MIN)).toBe(0);
  });
});
