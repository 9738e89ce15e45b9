/**
 * The server's clock, as Cognito's answers tell it, against this machine's.
 *
 * Every expiry the broker judges was written by AWS's clock: credentials' `Expiration`, tokens' `exp` and
 * `iat`. A laptop whose clock is ten minutes off would, judging by its own clock, either hand out
 * credentials with less time left than it thinks (clock behind) or find fresh credentials already stale and
 * refresh on every call (clock ahead). So the broker learns the difference from the `Date` header of
 * Cognito's answers and keeps it with what it judges (the cached credentials, the saved session): the
 * credential-process hot path judges against the server's clock without any network call.
 *
 * Pure arithmetic, no imports: this runs on the credential-process hot path.
 */

/**
 * How far this machine's clock may be from the server's before the broker says so, and how much the
 * token checks allow beyond the learned offset.
 *
 * Two minutes: a clock kept by network time is within a second of AWS's, and the learned offset is good to
 * about a second (the `Date` header has one-second resolution, plus the network's delay), so a difference of
 * two minutes means the clock is not being kept. It is below the five minutes AWS allows a signed request
 * (SigV4 answers "Signature expired" / RequestTimeTooSkewed beyond that), so the person hears about it
 * before the AWS CLI and SDKs on this machine start failing; and it is well below the shortest token
 * lifetime Cognito allows (five minutes), so the token checks stay meaningful.
 */
export const CLOCK_TOLERANCE_MS = 2 * 60 * 1000;

/**
 * Half the `Date` header's resolution: the header truncates to the second, so the server's time when it
 * answered lies in [date, date + 1 s); the middle of that interval is the best single estimate.
 */
const DATE_RESOLUTION_MIDPOINT_MS = 500;

/**
 * What one reading cannot tell from zero: the header's one-second resolution plus up to a second of network
 * delay. A smaller difference is recorded as 0, so a machine whose clock is right judges exactly as it would
 * by its own clock, and stored values do not jitter from answer to answer. Expiry decisions are in minutes.
 */
export const CLOCK_NOISE_MS = 2_000;

/**
 * Server time minus this machine's time (ms) from an HTTP `Date` header received at `receivedAt` (this
 * machine's ms since the epoch). Positive: the server is ahead (this clock is behind); 0 within
 * CLOCK_NOISE_MS. Undefined when the header is missing or unreadable, so a caller keeps what it knew.
 */
export function offsetFromDateHeader(date: string | undefined | null, receivedAt: number): number | undefined {
  if (!date) return undefined;
  const server = Date.parse(date);
  if (!Number.isFinite(server)) return undefined;
  const offset = server + DATE_RESOLUTION_MIDPOINT_MS - receivedAt;
  return Math.abs(offset) < CLOCK_NOISE_MS ? 0 : offset;
}

/** The server's time now (ms since the epoch), given an offset learned earlier; 0 when none is known. */
export function serverNow(offsetMs: number | undefined, now: number = Date.now()): number {
  return now + (offsetMs ?? 0);
}

/** Time left until `expiresAt` (ms since the epoch, written by the server's clock), judged by the server's clock. */
export function remainingMs(expiresAt: number, offsetMs: number | undefined, now: number = Date.now()): number {
  return expiresAt - serverNow(offsetMs, now);
}

/**
 * The moment, on this machine's clock, at which the server's clock reads `serverTime`: what a timer on
 * this machine must wait for (the app's background refresher).
 */
export function toLocalTime(serverTime: number, offsetMs: number | undefined): number {
  return serverTime - (offsetMs ?? 0);
}

/** True when this machine's clock is off by more than the tolerance. */
export function isClockOff(offsetMs: number | undefined): boolean {
  return offsetMs !== undefined && Math.abs(offsetMs) > CLOCK_TOLERANCE_MS;
}

/**
 * One sentence saying how far off the clock is and what to do, or undefined when it is within the
 * tolerance (or unknown).
 */
export function clockWarning(offsetMs: number | undefined): string | undefined {
  if (offsetMs === undefined || !isClockOff(offsetMs)) return undefined;
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount = minutes === 1 ? '1 minute' : `${minutes} minutes`;
  // offset = server - local: positive means this clock is behind.
  const direction = offsetMs > 0 ? 'behind' : 'ahead of';
  return `This computer's clock is ${amount} ${direction} AWS's: turn on automatic date and time in your system settings, or AWS may refuse requests signed on this computer.`;
}
