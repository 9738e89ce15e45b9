import { BrokerError } from '../errors.js';
import type { AppContext } from './app-context.js';

/**
 * Credential-process hand-offs waiting for a sign-in in the app: `requestSignIn` tells the window (event
 * 'sign-in-requested') and resolves once the account is signed in through any flow; the sign-in flows settle
 * the waiters, and a cancel, a quit or the hand-off timeout rejects them.
 */
export interface HandOffApi {
  requestSignIn(name: string): Promise<void>;
  /** A sign-in to the account finished (ok) or was cancelled in the app: every waiter for it hears so. */
  settle(account: string, outcome: { ok: true } | { ok: false; error: BrokerError }): void;
  /** Rejects every waiter (the app is quitting). */
  cancelAll(error: BrokerError): void;
}

interface Waiter {
  resolve(): void;
  reject(error: BrokerError): void;
  timer: NodeJS.Timeout;
}

export function createHandOffApi(ctx: AppContext): HandOffApi {
  const handOffs = new Map<string, Set<Waiter>>();

  function settle(account: string, outcome: { ok: true } | { ok: false; error: BrokerError }): void {
    const waiters = handOffs.get(account);
    if (!waiters) return;
    handOffs.delete(account);
    for (const w of waiters) {
      clearTimeout(w.timer);
      if (outcome.ok) w.resolve();
      else w.reject(outcome.error);
    }
  }

  return {
    settle,

    cancelAll(error) {
      for (const account of [...handOffs.keys()]) settle(account, { ok: false, error });
    },

    requestSignIn(name: string) {
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          reject,
          timer: setTimeout(
            () => {
              handOffs.get(name)?.delete(waiter);
              reject(new BrokerError('cancelled', `Nobody signed in to ${name} in the app in time.`, { hint: `Run \`cognito-broker login ${name}\`.` }));
            },
            ctx.deps.handOffTimeoutMs ?? 10 * 60_000,
          ),
        };
        waiter.timer.unref();
        const set = handOffs.get(name) ?? new Set<Waiter>();
        set.add(waiter);
        handOffs.set(name, set);
        ctx.events.emit('sign-in-requested', { account: name });
      });
    },
  };
}
