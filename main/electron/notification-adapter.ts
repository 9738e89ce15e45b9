import type { PlannedNotification } from '../core/notifications/notification-plan.js';

/**
 * Shows planned notifications (main/core/notifications) as desktop notifications with a "Sign in" action.
 * Electron's Notification comes from an injected factory. A shown notification is kept referenced until it
 * closes: otherwise it can be garbage-collected and its click and action handlers silently lost.
 */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  on(event: 'action', listener: (event: unknown, index: number) => void): unknown;
  show(): void;
}

export interface NotificationOptions {
  title: string;
  body: string;
  actions: { type: 'button'; text: string }[];
  silent: boolean;
}

export interface NotificationFactory {
  isSupported(): boolean;
  create(options: NotificationOptions): NotificationLike;
}

export class Notifier {
  private readonly live = new Set<NotificationLike>();

  constructor(
    private readonly factory: NotificationFactory,
    private readonly onSignIn: (account: string) => void,
  ) {}

  /** False when the desktop has no notification service; the tray icon still shows that attention is needed. */
  show(planned: PlannedNotification): boolean {
    if (!this.factory.isSupported()) return false;
    const n = this.factory.create({ title: planned.title, body: planned.body, actions: [{ type: 'button', text: planned.action.label }], silent: false });
    this.live.add(n);
    // Clicking the notification itself also leads to the sign-in: on Linux most desktops show no buttons.
    n.on('click', () => this.onSignIn(planned.action.account));
    n.on('action', (_event, index) => {
      if (index === 0) this.onSignIn(planned.action.account);
    });
    n.on('close', () => this.live.delete(n));
    n.show();
    return true;
  }

  /** A plain message (an error after a tray click, which has no window to show it in). */
  message(title: string, body: string): boolean {
    if (!this.factory.isSupported()) return false;
    const n = this.factory.create({ title, body, actions: [], silent: true });
    this.live.add(n);
    n.on('close', () => this.live.delete(n));
    n.show();
    return true;
  }

  get open(): number {
    return this.live.size;
  }
}
