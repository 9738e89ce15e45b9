import * as accountStore from '../accounts/account-store.js';
import type { AppApi, FirstFactor, SignInProgress, SignInStep } from '../../contract/app-api.js';
import { StepFlows, type FlowProgress } from '../auth/prompter-steps.js';
import type { LoginResult } from '../credentials/credential-broker.js';
import { BrokerError } from '../errors.js';
import type { AppContext } from './app-context.js';
import { BrowserSignIns } from './browser-sign-in.js';
import { createBrowserSignOuts } from './browser-sign-out.js';
import type { HandOffApi } from './hand-off-api.js';
import { toSessionView } from './session-view.js';

/**
 * Sign-in and sign-out from the window. A user-pool sign-in is a step-by-step flow (StepFlows over the same
 * sign-in state machine the CLI drives): each answer returns the next question. A managed-login sign-in
 * runs in the browser and its flow only waits. A finished sign-in is logged, told to the window and settles
 * the credential-process hand-offs waiting for it.
 */
export type SignInApi = Pick<AppApi, 'signInStart' | 'signInAnswer' | 'signInCancel' | 'signOut'> & {
  /** Cancel running sign-ins and pending browser sign-outs (the app is quitting). */
  close(): void;
};

function toStep(step: FlowProgress<LoginResult>['step']): SignInStep {
  switch (step.kind) {
    case 'done':
      return { kind: 'done', session: toSessionView(step.result.session) };
    case 'failed':
      return step.hint === undefined ? { kind: 'failed', message: step.message } : { kind: 'failed', message: step.message, hint: step.hint };
    case 'username':
      // signInStart always supplies the username, so the state machine never asks for it.
      return { kind: 'failed', message: 'The sign-in needs a username.', hint: 'Start the sign-in again and enter your username.' };
    default:
      return step;
  }
}

/** What a refused answer was, in words for the activity log (never the answer itself). */
function refusedWhat(kind: string): string {
  switch (kind) {
    case 'password':
      return 'password';
    case 'new-password':
      return 'new password';
    case 'select-mfa':
      return 'factor choice';
    case 'select-factor':
      return 'sign-in method choice';
    case 'remember-device':
      return 'answer to remember this computer';
    default:
      return 'code';
  }
}

export function createSignInApi(ctx: AppContext, handOffs: HandOffApi): SignInApi {
  const { home, broker, deps } = ctx;
  const flows = new StepFlows<LoginResult>(deps.flowTimeoutMs === undefined ? {} : { timeoutMs: deps.flowTimeoutMs });
  /** flowId → account, so a finished flow can be recorded against its account. */
  const flowAccounts = new Map<string, string>();
  const browserSignIns = new BrowserSignIns<LoginResult, SignInProgress>((flowId, step) => progress({ flowId, step }));
  const browserSignOuts = createBrowserSignOuts(ctx);

  async function progress(p: FlowProgress<LoginResult>): Promise<SignInProgress> {
    const account = flowAccounts.get(p.flowId);
    const step = p.step;
    if (step.kind === 'done' || step.kind === 'failed') flowAccounts.delete(p.flowId);
    if (account !== undefined && step.kind === 'done') {
      deps.onSessionChanged?.(account);
      await ctx.record({
        kind: 'sign-in',
        account,
        message: `Signed in to ${account}${step.result.session.username ? ` as ${step.result.session.username}` : ''}.`,
      });
      ctx.changed('signed in');
      handOffs.settle(account, { ok: true });
    }
    if (account !== undefined && step.kind === 'failed' && step.code !== 'cancelled') {
      await ctx.record({ kind: 'sign-in-failed', account, message: `Sign-in to ${account} failed: ${step.message}` });
    }
    if (account !== undefined && p.retryReason !== undefined) {
      // A refused answer (wrong password, wrong code) is a failed attempt even though the flow goes on.
      await ctx.record({
        kind: 'sign-in-failed',
        account,
        message: `A sign-in answer for ${account} was refused (${refusedWhat(step.kind)}): ${p.retryReason}`,
      });
    }
    const out: SignInProgress = { flowId: p.flowId, step: toStep(step) };
    if (p.retryReason !== undefined) out.retryReason = p.retryReason;
    return out;
  }

  return {
    async signInStart(name: string, username?: string, method?: FirstFactor) {
      const account = await accountStore.getAccount(home, name);
      // `method` (a choice-based account's first factor for this sign-in) is the core's to judge: it refuses one the
      // account's flow cannot use, in words, as the CLI's `login --method` gets.
      const chosen = method === undefined ? {} : { method };
      // Managed login runs in the browser. A choice-based account goes there only for a passkey (the one factor
      // only a page on the pool's domain can complete, auth/sign-in/passkey.ts); its other factors are questions
      // the window answers step by step.
      const factor = method ?? account.firstFactor;
      if (account.hostedUi && (account.authFlow !== 'user-auth' || factor === 'passkey')) {
        // A sign-out still waiting for the browser holds the loopback port this sign-in needs.
        browserSignOuts.abort(name);
        const flowId = browserSignIns.newFlowId();
        flowAccounts.set(flowId, name);
        const started = await browserSignIns.start(flowId, account, (prompter) =>
          broker.login(account, prompter, { ...(username === undefined ? {} : { username }), ...chosen }),
        );
        if ('settled' in started) return started.settled;
        const step: SignInStep = account.hostedUi.identityProvider
          ? { kind: 'browser', url: started.url, identityProvider: account.hostedUi.identityProvider }
          : { kind: 'browser', url: started.url };
        return { flowId: started.flowId, step };
      }
      const user = username ?? account.username;
      if (user === undefined) {
        throw new BrokerError('invalid-argument', `Signing in to ${name} needs a username.`, { hint: 'Enter your username and try again.' });
      }
      const first = await flows.start((prompter) => broker.login(account, prompter, { username: user, ...chosen }));
      flowAccounts.set(first.flowId, name);
      return progress(first);
    },

    async signInAnswer(flowId: string, answer: string) {
      // A browser sign-in has no questions: any answer means "wait for the browser to finish".
      if (browserSignIns.has(flowId)) return browserSignIns.wait(flowId);
      return progress(await flows.answer(flowId, answer));
    },

    signInCancel(flowId: string) {
      const account = flowAccounts.get(flowId);
      browserSignIns.cancel(flowId);
      flows.cancel(flowId);
      flowAccounts.delete(flowId);
      if (account !== undefined)
        handOffs.settle(account, { ok: false, error: new BrokerError('cancelled', `The sign-in to ${account} was cancelled in the app.`) });
      return Promise.resolve();
    },

    async signOut(name: string) {
      const account = await accountStore.getAccount(home, name);
      const result = await broker.logout(account);
      deps.onSessionChanged?.(name);
      const note = result.revokeError
        ? ` Revoking the session at the user pool failed (${result.revokeError.message}); it ends on its own when it expires.`
        : '';
      await ctx.record({ kind: 'sign-out', account: name, message: `Signed out of ${name}.${note}` });
      ctx.changed('signed out');
      if (account.hostedUi) browserSignOuts.end(account);
    },

    close() {
      flows.cancelAll();
      browserSignIns.cancelAll();
      browserSignOuts.abortAll();
    },
  };
}
