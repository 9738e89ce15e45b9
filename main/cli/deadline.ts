import { writeSync } from 'node:fs';

/**
 * The deadline on a whole credential-process call. When it passes, the process prints one line and ends
 * itself with SIGTERM: a keychain read blocked on an unlock prompt cannot be cancelled (neither a timeout
 * nor an AbortSignal stops it), so ending the process is the only bound that always holds.
 *
 * entry.ts arms it before anything else; keychain-path.cjs and cli-main.cjs (separate bundles, so separate
 * copies of this module) take it over and may extend it — e.g. while the person signs in through the app — so the one timer lives on
 * `globalThis` under a registered symbol rather than in module state.
 */
export interface Deadline {
  /** What the call is doing now, for the one line printed if the deadline passes. */
  phase: string;
  /** Milliseconds left. */
  remainingMs(): number;
  /** Push the deadline out by `ms` (time spent waiting for a person does not count against it). */
  extend(ms: number): void;
  /**
   * End the process now if the deadline has already passed. A call that blocked the main thread (the
   * keychain library connects synchronously) delays the timer; this lets the caller report the phase that
   * actually took the time instead of whatever comes next.
   */
  enforce(): void;
  cancel(): void;
}

export const DEFAULT_DEADLINE_SECONDS = 20;
const KEY = Symbol.for('cognito-broker.deadline');

interface DeadlineState extends Deadline {
  timer: NodeJS.Timeout;
  endsAt: number;
}

export function currentDeadline(): Deadline | undefined {
  return (globalThis as Record<symbol, DeadlineState | undefined>)[KEY];
}

/** Arms the deadline once per process; a second call returns the one already armed. */
export function armDeadline(ms: number): Deadline {
  const existing = currentDeadline();
  if (existing) return existing;
  let totalMs = ms;
  const state: DeadlineState = {
    phase: 'starting',
    endsAt: Date.now() + ms,
    timer: undefined as unknown as NodeJS.Timeout,
    remainingMs: () => Math.max(0, state.endsAt - Date.now()),
    extend(extra: number) {
      state.endsAt += extra;
      totalMs += extra;
      schedule();
    },
    enforce() {
      if (Date.now() >= state.endsAt) fire();
    },
    cancel() {
      clearTimeout(state.timer);
      delete (globalThis as Record<symbol, DeadlineState | undefined>)[KEY];
    },
  };
  const fire = () => {
    const seconds = Math.round(totalMs / 100) / 10;
    writeSync(
      2,
      `cognito-broker: gave up after ${seconds} s (the deadline) while ${state.phase}; try again, or raise it with --deadline or COGNITO_BROKER_DEADLINE.\n`,
    );
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  };
  const schedule = () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(fire, Math.max(0, state.endsAt - Date.now()));
    // The timer alone must not keep a finished process alive.
    state.timer.unref();
  };
  schedule();
  (globalThis as Record<symbol, DeadlineState | undefined>)[KEY] = state;
  return state;
}

/** `--deadline` / COGNITO_BROKER_DEADLINE in seconds (fractions allowed); undefined when invalid. */
export function parseDeadlineSeconds(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
