import { describe, expect, it } from 'vitest';
import { stateLabel } from '../../../main/core/tray/tray-model.js';
import { NOW, minutes, view } from '../../support/account-views.js';

describe('tray label with the clock off', () => {
  it("counts credentials down by AWS's clock, and the refresh token's estimate by this one", () => {
    // Expiration 40 min after this clock's now; this clock is 10 min ahead of AWS's (offset -10 min): 50 min left.
    const ahead = view('a', {
      state: 'signed-in',
      credentialsExpireAt: minutes(40),
      clock: { offsetMs: -10 * 60_000, checkedAt: new Date(NOW).toISOString() },
    });
    expect(stateLabel(ahead, NOW, false)).toBe(stateLabel(view('b', { state: 'signed-in', credentialsExpireAt: minutes(50) }), NOW, false));
    // Only the refresh token's expiry (estimated on this machine's clock): the offset is not applied.
    const session = view('c', {
      state: 'signed-in',
      refreshTokenExpiresAt: minutes(40),
      clock: { offsetMs: -10 * 60_000, checkedAt: new Date(NOW).toISOString() },
    });
    expect(stateLabel(session, NOW, false)).toBe(stateLabel(view('d', { state: 'signed-in', refreshTokenExpiresAt: minutes(40) }), NOW, false));
  });
});
