import { randomUUID } from 'node:crypto';
import type { Account } from '../accounts/account.js';
import type { Prompter } from '../auth/prompter.js';
import type { FlowStep } from '../auth/prompter-steps.js';
import type { SessionAuth } from '../credentials/session-auth.js';
import { BrokerError, isBrokerError } from '../errors.js';
import type { BrowserOpener } from '../federation/browser-opener.js';
import { withHostedUi } from '../federation/hosted-ui-session-auth.js';

/**
 * Managed login (hosted UI) in the app. The sign-in runs in the system browser, so instead of questions the
 * window gets one 'browser' step with the authorize address and then waits for the outcome. A sign-in that
 * finishes before the window asks for the outcome keeps it here until asked, which a question-and-answer
 * flow (StepFlows) could not do.
 */

/** A prompter that also carries where this sign-in's URL goes and how it is cancelled. */
export interface BrowserSignInPrompter extends Prompter {
  browser: { showUrl: (url: string, opened: boolean) => void; signal: AbortSignal };
}

function isBrowserSignInPrompter(prompter: Prompter): prompter is BrowserSignInPrompter {
  return typeof (prompter as Partial<BrowserSignInPrompter>).browser === 'object';
}

/**
 * The broker's sign-in port for the app: accounts with `hostedUi` sign in through `open` (Electron's
 * shell.openExternal, or a test's Chromium), each sign-in with its own URL sink and cancel signal taken from
 * its prompter; every other account keeps `base`.
 */
export function withAppHostedUi(base: SessionAuth, open: BrowserOpener, timeoutMs?: number): SessionAuth {
  return {
    signIn(account, options) {
      if (!account.hostedUi) return base.signIn(account, options);
      const p = options.prompter;
      const browser = isBrowserSignInPrompter(p) ? p.browser : { showUrl: () => undefined, signal: undefined };
      return withHostedUi(base, {
        open,
        showUrl: browser.showUrl,
        ...(browser.signal === undefined ? {} : { signal: browser.signal }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      }).signIn(account, options);
    },
    refreshSession: (account, refreshToken, options) => base.refreshSession(account, refreshToken, options),
    revokeRefreshToken: (account, refreshToken, options) => base.revokeRefreshToken(account, refreshToken, options),
  };
}

export type BrowserOutcome<T> = Extract<FlowStep<T>, { kind: 'done' | 'failed' }>;

export type BrowserStart<R> = { flowId: string; url: string } | { flowId: string; settled: R };

interface BrowserFlow<R> {
  settled: Promise<R>;
  abort: AbortController;
}

/** How long a settled outcome nobody asked for is kept (the window may have been closed meanwhile). */
const KEEP_SETTLED_MS = 10 * 60 * 1000;

function failed<T>(error: unknown): BrowserOutcome<T> {
  if (isBrokerError(error)) return { kind: 'failed', code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  return { kind: 'failed', code: 'internal', message: 'The sign-in failed unexpectedly.', hint: 'Try again.' };
}

/**
 * Browser sign-ins by flow id. `settle` runs as soon as a sign-in ends, whether or not the window is still
 * there to ask (the activity log, the accounts-changed event and a waiting credential-process hand-off must
 * not depend on the window); its result is what `wait` returns.
 */
export class BrowserSignIns<T, R> {
  private readonly flows = new Map<string, BrowserFlow<R>>();

  constructor(private readonly settle: (flowId: string, outcome: BrowserOutcome<T>) => Promise<R>) {}

  has(flowId: string): boolean {
    return this.flows.has(flowId);
  }

  /** Resolves with the authorize URL once the browser was asked to open it, or with the outcome if it ended first. */
  /** A fresh flow id: the caller files it (e.g. against its account) before `start`, which may settle at once. */
  newFlowId(): string {
    return randomUUID();
  }

  async start(flowId: string, account: Account, run: (prompter: BrowserSignInPrompter) => Promise<T>): Promise<BrowserStart<R>> {
    const abort = new AbortController();
    let shown: (url: string) => void = () => undefined;
    const urlShown = new Promise<string>((resolve) => {
      shown = resolve;
    });
    const prompter: BrowserSignInPrompter = {
      ask: () =>
        Promise.reject(
          new BrokerError('internal', `The browser sign-in to ${account.name} asked a question the window cannot answer.`, { hint: 'Try again.' }),
        ),
      browser: { showUrl: (url) => shown(url), signal: abort.signal },
    };
    const settled = run(prompter)
      .then(
        (result): BrowserOutcome<T> => ({ kind: 'done', result }),
        (error: unknown) => failed<T>(error),
      )
      .then((outcome) => this.settle(flowId, outcome));
    const flow: BrowserFlow<R> = { settled, abort };
    this.flows.set(flowId, flow);
    void settled.then(() => {
      const timer = setTimeout(() => {
        if (this.flows.get(flowId) === flow) this.flows.delete(flowId);
      }, KEEP_SETTLED_MS);
      timer.unref();
    });
    const first = await Promise.race([urlShown.then((url) => ({ url })), settled.then((r) => ({ settled: r }))]);
    if ('url' in first) return { flowId, url: first.url };
    this.flows.delete(flowId);
    return { flowId, settled: first.settled };
  }

  /** The outcome of a started browser sign-in (waits until the browser finishes, is cancelled or times out). */
  async wait(flowId: string): Promise<R> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new BrokerError('invalid-argument', 'This sign-in has ended or timed out.', { hint: 'Start the sign-in again.' });
    try {
      return await flow.settled;
    } finally {
      this.flows.delete(flowId);
    }
  }

  /** Stops waiting for the browser: the loopback listener closes and the sign-in fails as cancelled. */
  cancel(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    this.flows.delete(flowId);
    flow.abort.abort();
  }

  cancelAll(): void {
    for (const id of [...this.flows.keys()]) this.cancel(id);
  }
}
