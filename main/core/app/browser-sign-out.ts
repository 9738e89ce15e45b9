import type { Account } from '../accounts/account.js';
import { isBrokerError } from '../errors.js';
import { endHostedUiSession } from '../federation/hosted-ui-sign-in.js';
import type { AppContext } from './app-context.js';

/**
 * Signing out of a managed-login account also ends the browser's managed-login session (Cognito's cookie,
 * which would otherwise sign the next person at this browser straight in): the logout page opens in the
 * browser and the app waits for its redirect in the background, so the sign-out itself never waits on it.
 */
export interface BrowserSignOuts {
  end(account: Account): void;
  /** A sign-out still waiting for the browser holds the loopback port a new sign-in of the account needs. */
  abort(account: string): void;
  abortAll(): void;
}

export function createBrowserSignOuts(ctx: AppContext): BrowserSignOuts {
  /** Managed-login sign-outs still waiting for the browser, per account. */
  const pending = new Map<string, AbortController>();

  return {
    end(account: Account): void {
      const hostedUi = account.hostedUi;
      if (!hostedUi) return;
      pending.get(account.name)?.abort();
      const abort = new AbortController();
      pending.set(account.name, abort);
      void endHostedUiSession({
        hostedUi,
        clientId: account.clientId,
        open: ctx.deps.open,
        showUrl: () => undefined,
        timeoutMs: ctx.deps.browserSignOutTimeoutMs ?? 2 * 60_000,
        signal: abort.signal,
      })
        .then(
          () => ctx.record({ kind: 'sign-out', account: account.name, message: `Ended the managed-login browser session of ${account.name}.` }),
          (error: unknown) => {
            if (abort.signal.aborted) return;
            const reason = isBrokerError(error) ? error.message : 'an unexpected error.';
            return ctx.record({
              kind: 'sign-out',
              account: account.name,
              message: `Ending the managed-login browser session of ${account.name} did not finish: ${reason}`,
            });
          },
        )
        .finally(() => {
          if (pending.get(account.name) === abort) pending.delete(account.name);
        });
    },

    abort(account: string): void {
      pending.get(account)?.abort();
    },

    abortAll(): void {
      for (const abort of pending.values()) abort.abort();
    },
  };
}
