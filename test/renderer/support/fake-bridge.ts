import type { AppApi, AppEventName, AppEvents, AppMethod } from '../../../main/contract/app-api.js';
import type { ApiErrorPayload, BrokerBridge, CallResponse, EventMessage } from '../../../main/contract/transport.js';

type Handler<M extends AppMethod> = (...args: Parameters<AppApi[M]>) => Awaited<ReturnType<AppApi[M]>> | Promise<Awaited<ReturnType<AppApi[M]>>>;
export type Handlers = { [M in AppMethod]?: Handler<M> };

/** Thrown from a handler to make the fake answer with a refusal, as the real dispatch does. */
export class Refusal extends Error {
  constructor(readonly payload: ApiErrorPayload) {
    super(payload.message);
  }
}

/**
 * A BrokerBridge for component tests: answers from per-method handlers (a missing handler is a test bug and
 * fails loudly), records every call, and lets a test push events. Answers go through JSON like the wire.
 */
export class FakeBridge implements BrokerBridge {
  readonly calls: { method: AppMethod; args: unknown[] }[] = [];
  private readonly listeners = new Set<(message: EventMessage) => void>();

  constructor(public handlers: Handlers = {}) {}

  async call(method: AppMethod, args: unknown[]): Promise<CallResponse> {
    const copied = JSON.parse(JSON.stringify(args)) as unknown[];
    this.calls.push({ method, args: copied });
    const handler = this.handlers[method] as ((...a: unknown[]) => unknown) | undefined;
    if (!handler) throw new Error(`FakeBridge: no handler for ${method}`);
    try {
      const result = await handler(...copied);
      return { ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
    } catch (error) {
      if (error instanceof Refusal) return { ok: false, error: error.payload };
      throw error;
    }
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    for (const l of this.listeners) l({ event, payload } as EventMessage);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  callsOf(method: AppMethod): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }
}
