import { describe, expect, it } from 'vitest';
import { stateLabel, trayMenu, type TrayItem } from '../../../main/core/tray/tray-model.js';
import { timeLeft } from '../../../main/core/tray/time-left.js';
import { NOW, signedIn, view } from '../../support/account-views.js';

const labels = (items: TrayItem[]): string[] => items.map((i) => (i.type === 'separator' ? '---' : i.label));

describe('tray model', () => {
  it('lists accounts with their state in words and checks the active one', () => {
    const model = trayMenu({
      now: NOW,
      accounts: [signedIn('prod', 42, undefined, { active: true }), view('staging', { state: 'expired' }), view('new')],
    });
    expect(labels(model.items)).toEqual([
      'Active account',
      'new — needs sign-in',
      'prod — signed in · expires in 42 min',
      'staging — expired',
      '---',
      'Sign in / out',
      '---',
      'Open Cognito Broker',
      'Quit',
    ]);
    const checks = model.items.filter((i) => i.type === 'check');
    expect(checks.map((c) => c.type === 'check' && c.checked)).toEqual([false, true, false]);
  });

  it('one click makes an account active, asking for sign-in first when needed', () => {
    const model = trayMenu({ now: NOW, accounts: [signedIn('prod', 42), view('staging', { state: 'expired' })] });
    const actions = model.items.flatMap((i) => (i.type === 'check' ? [i.action] : []));
    expect(actions).toEqual([
      { kind: 'activate', account: 'prod', signInFirst: false },
      { kind: 'activate', account: 'staging', signInFirst: true },
    ]);
  });

  it('has a per-account submenu with sign in, sign out, copy export lines, copy endpoint variables and open console', () => {
    const model = trayMenu({ now: NOW, accounts: [signedIn('prod', 42), view('new')] });
    const perAccount = model.items.find((i) => i.type === 'submenu' && i.label === 'Sign in / out');
    expect(perAccount).toEqual({
      type: 'submenu',
      label: 'Sign in / out',
      items: [
        {
          type: 'submenu',
          label: 'new',
          items: [
            { type: 'action', label: 'Sign in', action: { kind: 'sign-in', account: 'new' }, enabled: true },
            { type: 'action', label: 'Sign out', action: { kind: 'sign-out', account: 'new' }, enabled: false },
            { type: 'action', label: 'Copy export lines', action: { kind: 'copy-export', account: 'new' }, enabled: false },
            { type: 'action', label: 'Copy endpoint variables', action: { kind: 'copy-endpoint', account: 'new' }, enabled: false },
            { type: 'action', label: 'Open AWS console', action: { kind: 'open-console', account: 'new' }, enabled: false },
          ],
        },
        {
          type: 'submenu',
          label: 'prod',
          items: [
            { type: 'action', label: 'Sign in again', action: { kind: 'sign-in', account: 'prod' }, enabled: true },
            { type: 'action', label: 'Sign out', action: { kind: 'sign-out', account: 'prod' }, enabled: true },
            { type: 'action', label: 'Copy export lines', action: { kind: 'copy-export', account: 'prod' }, enabled: true },
            { type: 'action', label: 'Copy endpoint variables', action: { kind: 'copy-endpoint', account: 'prod' }, enabled: true },
            { type: 'action', label: 'Open AWS console', action: { kind: 'open-console', account: 'prod' }, enabled: true },
          ],
        },
      ],
    });
    const tail = model.items.slice(-2);
    expect(tail).toEqual([
      { type: 'action', label: 'Open Cognito Broker', action: { kind: 'open-window' }, enabled: true },
      { type: 'action', label: 'Quit', action: { kind: 'quit' }, enabled: true },
    ]);
  });

  it('groups more than 10 accounts by tenant, or else by pool', () => {
    const accounts = [
      ...Array.from({ length: 6 }, (_, i) => signedIn(`acme-${i}`, 50, undefined, {}, { 'custom:tenant_id': 'acme' })),
      ...Array.from({ length: 4 }, (_, i) => signedIn(`globex-${i}`, 50, undefined, {}, { 'custom:tenant_id': 'globex' })),
      ...Array.from({ length: 3 }, (_, i) => view(`other-${i}`, {}, { userPoolId: 'us-east-1_Other' })),
    ];
    const model = trayMenu({ now: NOW, accounts });
    const groups = model.items.filter((i) => i.type === 'submenu' && i.label !== 'Sign in / out');
    expect(labels(groups)).toEqual(['Pool us-east-1_Other (3)', 'Tenant acme (6)', 'Tenant globex (4)']);
    const acme = groups[1];
    expect(acme?.type === 'submenu' && acme.items.every((i) => i.type === 'check')).toBe(true);
    const signInOut = model.items.find((i) => i.type === 'submenu' && i.label === 'Sign in / out');
    expect(signInOut?.type === 'submenu' && labels(signInOut.items)).toEqual(['Pool us-east-1_Other (3)', 'Tenant acme (6)', 'Tenant globex (4)']);
  });

  it('keeps exactly 10 accounts flat', () => {
    const accounts = Array.from({ length: 10 }, (_, i) => view(`a${i}`));
    expect(trayMenu({ now: NOW, accounts }).items.filter((i) => i.type === 'check')).toHaveLength(10);
  });

  it('tooltip and icon say which account is active and whether anything needs attention', () => {
    const calm = trayMenu({ now: NOW, accounts: [signedIn('prod', 42, undefined, { active: true }), view('new')] });
    expect(calm.icon).toBe('active');
    expect(calm.tooltip).toBe('Cognito Broker\nActive: prod (signed in · expires in 42 min)');

    const expired = trayMenu({ now: NOW, accounts: [signedIn('prod', 42, undefined, { active: true }), view('old', { state: 'expired' })] });
    expect(expired.icon).toBe('attention');
    expect(expired.tooltip).toContain('old needs attention');

    const failing = trayMenu({ now: NOW, accounts: [signedIn('prod', 42, undefined, { active: true }), signedIn('dev', 3)], failing: ['prod', 'dev'] });
    expect(failing.icon).toBe('attention');
    expect(failing.tooltip).toBe('Cognito Broker\nActive: prod (signed in · refresh failing)\n2 accounts need attention');

    const activeNeedsSignIn = trayMenu({ now: NOW, accounts: [view('prod', {}, { active: true })] });
    expect(activeNeedsSignIn.icon).toBe('attention');

    const none = trayMenu({ now: NOW, accounts: [] });
    expect(none.icon).toBe('idle');
    expect(none.tooltip).toBe('Cognito Broker\nNo active account');
    expect(labels(none.items)).toEqual(['No accounts yet', '---', 'Open Cognito Broker to add an account', 'Quit']);
  });

  it('words remaining time for people', () => {
    expect(timeLeft(30_000)).toBe('less than a minute');
    expect(timeLeft(42 * 60_000 + 59_000)).toBe('42 min');
    expect(timeLeft(119 * 60_000)).toBe('119 min');
    expect(timeLeft(5 * 3600_000)).toBe('5 h');
    expect(timeLeft(30 * 24 * 3600_000)).toBe('30 days');
    expect(stateLabel(view('x', { state: 'signed-in' }), NOW, false)).toBe('signed in');
    expect(stateLabel(signedIn('x', -1), NOW, false)).toBe('signed in · credentials renewing');
  });
});
