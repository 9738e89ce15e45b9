import type { SignInProgress, SignInStep } from '../../../main/contract/app-api.js';
import { Refusal, type Handlers } from './fake-bridge.js';
import { account, signedInSession } from './fixtures.js';

/** The id of every scripted sign-in flow. */
export const FLOW = 'flow-1';

export const progress = (step: SignInStep, retryReason?: string): SignInProgress => ({ flowId: FLOW, step, ...(retryReason ? { retryReason } : {}) });
export const done = () => progress({ kind: 'done', session: signedInSession() });

/**
 * Handlers for a sign-in whose start answers `first` and whose answers are scripted: `steps[i]` answers the
 * i-th answer (a Refusal is thrown, as the bridge throws a refused call). `extra` adds or replaces handlers.
 */
export function scriptedSignIn(first: SignInStep, steps: (SignInProgress | Refusal)[], extra: Handlers = {}): Handlers {
  let i = 0;
  return {
    getAccount: () => account(),
    signInStart: () => progress(first),
    signInAnswer: () => {
      const next = steps[i++];
      if (!next) throw new Error('no more scripted steps');
      if (next instanceof Refusal) throw next;
      return next;
    },
    signInCancel: () => undefined,
    ...extra,
  };
}
