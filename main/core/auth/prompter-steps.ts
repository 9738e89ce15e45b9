import { randomUUID } from 'node:crypto';
import { BrokerError, isBrokerError, type BrokerErrorCode } from '../errors.js';
import type { Prompt, Prompter } from './prompter.js';

/** A question the flow is waiting on, its result, or why it failed (no secrets: BrokerError text only). */
export type FlowStep<T> = Prompt | { kind: 'done'; result: T } | { kind: 'failed'; code: BrokerErrorCode; message: string; hint?: string };

export interface FlowProgress<T> {
  flowId: string;
  step: FlowStep<T>;
  /** Set when the previous answer to the same prompt was refused. */
  retryReason?: string;
}

/** A person who walked away from a sign-in window: drop the flow (and the Cognito session it holds). */
export const DEFAULT_FLOW_TIMEOUT_MS = 10 * 60 * 1000;

interface Flow<T> {
  /** The ask the flow is blocked on, if any. */
  pending?: { resolve(answer: string): void; reject(error: unknown): void };
  /** Resolved by the flow at its next ask or at its end. */
  waiter?: (progress: FlowProgress<T>) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Turns a prompter-driven async function (the sign-in state machine) into request/response steps for a UI
 * that cannot hold a call open: `start(run)` resolves at the first question, `answer(flowId, text)` at the
 * next one, and both with `done` or `failed` at the end. `cancel` rejects the waiting question with
 * BrokerError('cancelled'), which ends the run. Flows nobody answers expire after `timeoutMs`.
 */
export class StepFlows<T> {
  private readonly flows = new Map<string, Flow<T>>();
  private readonly timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_FLOW_TIMEOUT_MS;
  }

  /** Flows still running (waiting for an answer or working). */
  get size(): number {
    return this.flows.size;
  }

  start(run: (prompter: Prompter) => Promise<T>): Promise<FlowProgress<T>> {
    const flowId = randomUUID();
    const flow: Flow<T> = {};
    this.flows.set(flowId, flow);
    const next = this.nextProgress(flow);
    const prompter: Prompter = {
      ask: (prompt, retryReason) =>
        new Promise<string>((resolve, reject) => {
          if (this.flows.get(flowId) !== flow) {
            reject(new BrokerError('cancelled', 'The sign-in was cancelled.'));
            return;
          }
          flow.pending = { resolve, reject };
          this.arm(flowId, flow);
          this.emit(flow, { flowId, step: prompt, ...(retryReason === undefined ? {} : { retryReason }) });
        }),
    };
    void Promise.resolve()
      .then(() => run(prompter))
      .then(
        (result) => this.end(flowId, flow, { kind: 'done', result }),
        (error: unknown) => this.end(flowId, flow, failedStep(error)),
      );
    return next;
  }

  /** Answer the question the flow is waiting on; resolves at its next question or its end. */
  answer(flowId: string, answer: string): Promise<FlowProgress<T>> {
    const flow = this.flows.get(flowId);
    if (!flow) return Promise.reject(gone());
    const pending = flow.pending;
    if (!pending) {
      return Promise.reject(new BrokerError('invalid-argument', 'This sign-in is still working on the previous answer.', { hint: 'Wait for the next step.' }));
    }
    flow.pending = undefined;
    if (flow.timer) clearTimeout(flow.timer);
    const next = this.nextProgress(flow);
    pending.resolve(answer);
    return next;
  }

  /** Stop a flow: its waiting question fails with BrokerError('cancelled'). Unknown ids are ignored. */
  cancel(flowId: string): void {
    const flow = this.flows.get(flowId);
    if (!flow) return;
    this.drop(flowId, flow, new BrokerError('cancelled', 'The sign-in was cancelled.'));
  }

  /** Cancel every flow (the app is quitting). */
  cancelAll(): void {
    for (const id of [...this.flows.keys()]) this.cancel(id);
  }

  private nextProgress(flow: Flow<T>): Promise<FlowProgress<T>> {
    return new Promise((resolve) => {
      flow.waiter = resolve;
    });
  }

  private emit(flow: Flow<T>, progress: FlowProgress<T>): void {
    const waiter = flow.waiter;
    flow.waiter = undefined;
    waiter?.(progress);
  }

  private arm(flowId: string, flow: Flow<T>): void {
    if (flow.timer) clearTimeout(flow.timer);
    flow.timer = setTimeout(() => {
      this.drop(flowId, flow, new BrokerError('cancelled', 'The sign-in was abandoned and has timed out.', { hint: 'Start it again.' }));
    }, this.timeoutMs);
    // An abandoned window must not keep the process (CLI, tests) alive.
    flow.timer.unref();
  }

  private drop(flowId: string, flow: Flow<T>, reason: BrokerError): void {
    if (flow.timer) clearTimeout(flow.timer);
    this.flows.delete(flowId);
    const pending = flow.pending;
    flow.pending = undefined;
    // A caller still awaiting start/answer hears why instead of hanging.
    this.emit(flow, { flowId, step: failedStep(reason) });
    pending?.reject(reason);
  }

  private end(flowId: string, flow: Flow<T>, step: FlowStep<T>): void {
    if (flow.timer) clearTimeout(flow.timer);
    if (this.flows.get(flowId) === flow) this.flows.delete(flowId);
    flow.pending = undefined;
    this.emit(flow, { flowId, step });
  }
}

function gone(): BrokerError {
  return new BrokerError('invalid-argument', 'This sign-in has ended or timed out.', { hint: 'Start the sign-in again.' });
}

/** Only BrokerError text leaves a flow: any other error could carry a token or a typed secret in its message. */
function failedStep<T>(error: unknown): FlowStep<T> {
  if (isBrokerError(error)) {
    return { kind: 'failed', code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
  }
  return { kind: 'failed', code: 'internal', message: 'The sign-in failed unexpectedly.', hint: 'Try again; run the CLI with --debug for details.' };
}
