import type { AppEventName, AppEvents } from '../../contract/app-api.js';
import { findSecret } from '../../contract/secret-guard.js';
import type { EventMessage } from '../../contract/transport.js';

/** What a transport needs to forward AppEvents: subscribe, get an unsubscribe function back. */
export interface AppEventFeed {
  subscribe(listener: (message: EventMessage) => void): () => void;
}

/**
 * The app's event hub. Every event passes the same secret check as call results before any listener
 * (IPC, SSE) sees it; one that fails is dropped and reported, never sent.
 */
export class AppEventHub implements AppEventFeed {
  private readonly listeners = new Set<(message: EventMessage) => void>();

  constructor(private readonly onWithheld?: (info: { event: string; what: string }) => void) {}

  subscribe(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit<E extends AppEventName>(event: E, payload: AppEvents[E]): void {
    const leak = findSecret(payload, 'payload');
    if (leak) {
      this.onWithheld?.({ event, what: `${leak.path} ${leak.reason}` });
      return;
    }
    const message = { event, payload } as EventMessage;
    for (const listener of [...this.listeners]) {
      // One failing listener (a closed socket, a destroyed window) must not starve the others.
      try {
        listener(message);
      } catch {
        this.listeners.delete(listener);
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
