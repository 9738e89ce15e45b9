import type { ClockView } from '../../contract/session-state.js';
import { clockWarning } from '../aws/server-clock.js';
import { latestServerClockOffset } from '../aws/server-clock-observer.js';
import type { StoredSession } from './session-record.js';

/**
 * The clock reading kept with a saved session: the offset this process learned from the user pool's and
 * identity pool's answers of the sign-in or refresh that is being saved, and when. Nothing when no answer
 * carried a `Date`, so an older reading is never presented as new.
 */
export function sessionClockReading(now: number): Pick<StoredSession, 'clockOffsetMs' | 'clockCheckedAt'> {
  const offsetMs = latestServerClockOffset();
  return offsetMs === undefined ? {} : { clockOffsetMs: Math.round(offsetMs), clockCheckedAt: new Date(now).toISOString() };
}

/** What status and the window show about the clock, from the saved session alone (no network). */
export function clockView(stored: Pick<StoredSession, 'clockOffsetMs' | 'clockCheckedAt'>): { clock?: ClockView } {
  if (stored.clockOffsetMs === undefined || stored.clockCheckedAt === undefined) return {};
  const warning = clockWarning(stored.clockOffsetMs);
  return { clock: { offsetMs: stored.clockOffsetMs, checkedAt: stored.clockCheckedAt, ...(warning === undefined ? {} : { warning }) } };
}
