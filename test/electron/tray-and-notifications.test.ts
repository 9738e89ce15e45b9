/* eslint-disable @typescript-eslint/no-explicit-any -- because these fakes stand in for Electron's overloaded on(event, listener) signatures, whose listeners take event-specific arguments */
import { describe, expect, it } from 'vitest';
import type { TrayAction, TrayIcon } from '../../main/core/tray/tray-model.js';
import { trayMenu } from '../../main/core/tray/tray-model.js';
import { Notifier, type NotificationLike, type NotificationOptions } from '../../main/electron/notification-adapter.js';
import { menuTemplate, TrayAdapter, type MenuItemOptions } from '../../main/electron/tray-adapter.js';
import { watchNetwork } from '../../main/electron/network-watch.js';
import { NOW, signedIn, view } from '../support/account-views.js';

describe('tray adapter', () => {
  it('maps every model item to a menu item and wires clicks to actions', () => {
    const actions: TrayAction[] = [];
    const model = trayMenu({ now: NOW, accounts: [signedIn('prod', 42, undefined, { active: true }), view('new')] });
    const template = menuTemplate(model.items, (a) => actions.push(a));
    expect(template.map((i) => [i.type, i.label, i.checked, i.enabled])).toEqual([
      ['normal', 'Active account', undefined, false],
      ['checkbox', 'new — needs sign-in', false, undefined],
      ['checkbox', 'prod — signed in · expires in 42 min', true, undefined],
      ['separator', undefined, undefined, undefined],
      ['submenu', 'Sign in / out', undefined, undefined],
      ['separator', undefined, undefined, undefined],
      ['normal', 'Open Cognito Broker', undefined, true],
      ['normal', 'Quit', undefined, true],
    ]);
    template[1]!.click!();
    const prodMenu = template[4]!.submenu!.find((i) => i.label === 'prod')!;
    expect(prodMenu.submenu!.map((i) => i.label)).toEqual(['Sign in again', 'Sign out', 'Copy export lines', 'Copy endpoint variables', 'Open AWS console']);
    prodMenu.submenu![2]!.click!();
    prodMenu.submenu![3]!.click!();
    prodMenu.submenu![4]!.click!();
    template[7]!.click!();
    expect(actions).toEqual([
      { kind: 'activate', account: 'new', signInFirst: true },
      { kind: 'copy-export', account: 'prod' },
      { kind: 'copy-endpoint', account: 'prod' },
      { kind: 'open-console', account: 'prod' },
      { kind: 'quit' },
    ]);
  });

  it('creates the tray once, and changes its image only when the icon state changes', () => {
    const log: string[] = [];
    const adapter = new TrayAdapter(
      {
        createTray: (image) => {
          log.push(`create ${String(image)}`);
          return {
            setContextMenu: (m) => log.push(`menu ${(m as MenuItemOptions[]).length}`),
            setToolTip: (t) => log.push(`tooltip ${t.split('\n')[1]}`),
            setImage: (i) => log.push(`image ${String(i)}`),
            destroy: () => log.push('destroy'),
          };
        },
        buildMenu: (template) => template,
        image: (icon: TrayIcon) => `img:${icon}`,
      },
      () => undefined,
    );
    adapter.update(trayMenu({ now: NOW, accounts: [signedIn('prod', 42, undefined, { active: true })] }));
    adapter.update(trayMenu({ now: NOW, accounts: [signedIn('prod', 41, undefined, { active: true })] }));
    adapter.update(trayMenu({ now: NOW, accounts: [view('prod', { state: 'expired' }, { active: true })] }));
    adapter.destroy();
    expect(log).toEqual([
      'create img:active',
      'tooltip Active: prod (signed in · expires in 42 min)',
      'menu 7',
      'tooltip Active: prod (signed in · expires in 41 min)',
      'menu 7',
      'image img:attention',
      'tooltip Active: prod (expired)',
      'menu 7',
      'destroy',
    ]);
  });
});

class FakeNotification implements NotificationLike {
  static all: FakeNotification[] = [];
  listeners = new Map<string, (...a: any[]) => void>();
  shown = false;
  constructor(readonly options: NotificationOptions) {
    FakeNotification.all.push(this);
  }
  on(event: string, listener: (...a: any[]) => void) {
    this.listeners.set(event, listener);
    return this;
  }
  show() {
    this.shown = true;
  }
}

describe('notification adapter', () => {
  const planned = {
    key: 'k',
    account: 'prod',
    reason: 'session-ending' as const,
    title: 'prod: session ends in 10 min',
    body: 'Sign in again now.',
    action: { label: 'Sign in' as const, account: 'prod' },
  };

  it('shows a notification with a Sign in action that leads to the sign-in, and lets go of it when closed', () => {
    FakeNotification.all = [];
    const signIns: string[] = [];
    const notifier = new Notifier({ isSupported: () => true, create: (o) => new FakeNotification(o) }, (a) => signIns.push(a));
    expect(notifier.show(planned)).toBe(true);
    const n = FakeNotification.all[0]!;
    expect(n.options).toEqual({ title: planned.title, body: planned.body, actions: [{ type: 'button', text: 'Sign in' }], silent: false });
    expect(n.shown).toBe(true);
    expect(notifier.open).toBe(1);
    n.listeners.get('action')!({}, 0);
    n.listeners.get('click')!();
    expect(signIns).toEqual(['prod', 'prod']);
    n.listeners.get('close')!();
    expect(notifier.open).toBe(0);
  });

  it('does nothing where the desktop has no notifications', () => {
    FakeNotification.all = [];
    const notifier = new Notifier({ isSupported: () => false, create: (o) => new FakeNotification(o) }, () => undefined);
    expect(notifier.show(planned)).toBe(false);
    expect(FakeNotification.all).toHaveLength(0);
  });
});

describe('network watch', () => {
  it('calls back only when the network comes back', () => {
    let tick: () => void = () => undefined;
    const states = [false, false, true, true, false, true];
    let i = 0;
    let online = true;
    let backs = 0;
    const stop = watchNetwork({
      isOnline: () => online,
      onBack: () => backs++,
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => (tick = () => undefined),
    });
    for (; i < states.length; i++) {
      online = states[i]!;
      tick();
    }
    expect(backs).toBe(2);
    stop();
  });
});
